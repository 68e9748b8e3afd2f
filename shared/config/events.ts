import type { Area, Grant } from './deployment.ts';

/**
 * Events out: the functions that carry audit events to webhooks and the EventBridge bus. Like the route table, read
 * by the CDK stack (the table's stream, the two delivery queues, the bus, both functions in their area's nested
 * stack) and by the local runtime (a stream tailer and a local queue inside `npm start`, running the same handlers).
 * A function's handler is `functions/<kebab-case of name>.ts`.
 */

/**
 * Which stream records reach the fan-out: new audit events only (an aggregated event's later count updates are
 * MODIFY records and are not sent again). The event source mapping's filter in AWS; the local tailer applies the
 * same pattern (only these two fields: `eventName`, and the new image's `entity` string).
 */
export const auditEventStreamFilter = {
  eventName: ['INSERT'],
  dynamodb: { NewImage: { entity: { S: ['AuditEvent'] } } },
} as const;

export interface StreamConsumerDef {
  name: string;
  area: Area;
  grants: Grant[];
  /** Records per invocation, and how long Lambda gathers them (AWS), at most. */
  batchSize: number;
  maxBatchingWindowSeconds: number;
  /** Attempts of a failing batch (halved on each failure) before its records go to the dead-letter queue. */
  maxRetryAttempts: number;
  timeoutSeconds: number;
  memoryMb: number;
  summary: string;
}

export const eventFanOut: StreamConsumerDef = {
  name: 'fanOutEvents',
  area: 'webhooks',
  grants: ['stream:read', 'table:read', 'table:write', 'webhooks:send', 'events:put'],
  batchSize: 100,
  maxBatchingWindowSeconds: 0,
  maxRetryAttempts: 10,
  timeoutSeconds: 60,
  memoryMb: 512,
  summary:
    "reads new audit events from the table's stream, puts them on the deployment's EventBridge bus and creates a delivery per subscribed webhook endpoint, queued in order",
};

export interface DeliveryWorkerDef {
  name: string;
  area: Area;
  grants: Grant[];
  /** Messages per invocation (FIFO: at most 10). */
  batchSize: number;
  /** Deliveries of one message before it is parked in the dead-letter queue (only on errors of our own). */
  maxReceiveCount: number;
  /** Workers running at once, at most, per queue (each of the two queues has its event source mapping). */
  maxConcurrency: number;
  timeoutSeconds: number;
  memoryMb: number;
  summary: string;
}

export const webhookDelivery: DeliveryWorkerDef = {
  name: 'deliverWebhooks',
  area: 'webhooks',
  grants: ['table:read', 'table:write', 'webhooks:send', 'webhooks:consume', 'secret:webhook-key', 'mail:send'],
  batchSize: 10,
  maxReceiveCount: 5,
  maxConcurrency: 20,
  // one FIFO group's messages go one after another: ten of them to an endpoint that times out take 10 × 10 s
  timeoutSeconds: 120,
  memoryMb: 256,
  summary:
    'attempts webhook deliveries: signs each body (Standard Webhooks), POSTs it under the SSRF rules, records the outcome, schedules the retry; disables an endpoint failing for three days and mails its account managers',
};
