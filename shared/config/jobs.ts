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
