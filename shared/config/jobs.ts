import type { Area, Grant } from './deployment.ts';

/**
 * Scheduled jobs: like the route table, read by the CDK stack (an EventBridge schedule per job, in its
 * area's nested stack) and by the local runtime. A job's handler is `functions/<kebab-case of name>.ts`.
 */
export interface JobDef {
  name: string;
  area: Area;
  grants: Grant[];
  /** How often it runs in AWS. Locally: CLEANUP_INTERVAL_SECONDS. */
  everyMinutes: number;
  summary: string;
}

export const jobs: JobDef[] = [
  {
    name: 'cleanupInvitations',
    area: 'invitations',
    grants: ['table:read', 'table:write'],
    everyMinutes: 60,
    summary:
      "marks pending invitations past their expiry as expired, reading only the expiry index; finishes members' closes whose continuation was interrupted (the pendingCloses index)",
  },
];

/**
 * The line the invitation cleanup logs (level warn) when a run stopped at its budget and left expired invitations for
 * the next: a metric filter on its log group counts it, and an alarm fires after two such runs in a row.
 */
export const cleanupLeftWorkMessage = 'invitation cleanup stopped at its budget';

/**
 * Queue workers: functions driven by a queue rather than a route or a schedule. Read by the CDK stack (a queue
 * with its dead-letter queue, the function in its area's nested stack, an event source mapping) and by the local
 * runtime (an SQS-compatible endpoint inside `npm start` that delivers each message to the same handler). A worker's
 * handler is `functions/<kebab-case of name>.ts`; its queue's URL is in the setting `queueUrlSetting`.
 */
export interface QueueWorkerDef {
  name: string;
  area: Area;
  grants: Grant[];
  /** The setting (shared/config/env.ts) that holds the queue's URL, for the functions that send to it. */
  queueUrlSetting: 'IMPORT_QUEUE_URL';
  /** The function's timeout; the queue's visibility timeout is six times this (AWS's advice for event sources). */
  timeoutSeconds: number;
  memoryMb: number;
  /** Deliveries of one message before it is parked in the dead-letter queue. */
  maxReceiveCount: number;
  /** Workers running at once, at most (2 is the least an SQS event source takes): bounds mail rate and counter load. */
  maxConcurrency: number;
  summary: string;
}

export const queueWorkers: QueueWorkerDef[] = [
  {
    name: 'processImport',
    area: 'imports',
    grants: ['table:read', 'table:write', 'mail:send', 'queue:send', 'queue:consume'],
    queueUrlSetting: 'IMPORT_QUEUE_URL',
    timeoutSeconds: 300,
    memoryMb: 1024,
    maxReceiveCount: 5,
    maxConcurrency: 2,
    summary:
      'runs a bulk import of members: validates and writes the rows in batches from the checkpoint on, enqueues itself again before its time runs out',
  },
];
