/**
 * How the two webhook functions take their batches apart: the fan-out's stream records in order, in chunks (a failure
 * hands the batch back from the first record of the chunk that failed), the delivery worker's messages by FIFO group
 * (in order within a group, groups at once; a failed message fails the rest of its group). No SDK here: the handlers
 * pass the use cases in.
 */
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type {
  DynamoDBBatchResponse,
  DynamoDBRecord,
  DynamoDBStreamEvent,
  SQSBatchResponse,
  SQSEvent,
  SQSRecord,
} from 'aws-lambda';
import { fromAuditEventItem } from '#adapters/dynamodb/entities/audit-event.ts';
import type { AuditEvent } from '#domain/audit.ts';
import type { DeliveryMessage, ReplayMessage } from '#domain/webhook.ts';
import { logger } from '#observability/logger.ts';
import { countMetric } from '#observability/metrics.ts';
import { FAN_OUT_CHUNK, type FanOutReport } from '#use-cases/event-fan-out.ts';

type StreamImage = Parameters<typeof unmarshall>[0];

/** The stream records' audit events, in order; a record that is no event (never true past the filter) is logged. */
function eventsOf(records: DynamoDBRecord[]): AuditEvent[] {
  const events: AuditEvent[] = [];
  for (const record of records) {
    const image = record.dynamodb?.NewImage;
    if (record.eventName !== 'INSERT' || !image) continue;
    const item = unmarshall(image as StreamImage);
    if (item.entity !== 'AuditEvent') continue;
    events.push(fromAuditEventItem(item));
  }
  return events;
}

/**
 * The fan-out of one stream batch, in order, a chunk of FAN_OUT_CHUNK records at a time (each chunk on the bus, its
 * deliveries created and queued before the next). A failure reports the first record of the chunk that failed:
 * everything before it is done, and Lambda hands the batch over again from there (the fan-out creates nothing twice;
 * the bus may see that chunk's events twice).
 */
export async function fanOutStream(
  event: DynamoDBStreamEvent,
  fanOut: (events: AuditEvent[]) => Promise<FanOutReport>,
  chunkSize = FAN_OUT_CHUNK,
): Promise<DynamoDBBatchResponse> {
  const total: FanOutReport = { events: 0, deliveries: 0, created: 0 };
  for (let i = 0; i < event.Records.length; i += chunkSize) {
    const chunk = event.Records.slice(i, i + chunkSize);
    try {
      const report = await fanOut(eventsOf(chunk));
      total.events += report.events;
      total.deliveries += report.deliveries;
      total.created += report.created;
    } catch (error) {
      const first = chunk[0]?.dynamodb?.SequenceNumber;
      countMetric('eventsFannedOut', total.events);
      logger.error('fan-out failed: the batch is handed back from the chunk that failed', {
        records: event.Records.length,
        done: i,
        sequenceNumber: first,
        error: (error as Error).message,
      });
      return { batchItemFailures: first ? [{ itemIdentifier: first }] : [] };
    }
  }
  countMetric('eventsFannedOut', total.events);
  logger.info('events fanned out', { records: event.Records.length, ...total });
  return { batchItemFailures: [] };
}

export type WorkMessage = DeliveryMessage | ReplayMessage;

/** A queue message's body, or null when it is none of ours (it could never succeed: dropped, logged). */
export function parseWorkMessage(body: string): WorkMessage | null {
  try {
    const v = JSON.parse(body) as Record<string, unknown> | null;
    if (typeof v?.accountId !== 'string' || typeof v.webhookId !== 'string') return null;
    if (v.kind === 'replay') {
      if (typeof v.since !== 'string' || (v.after !== undefined && typeof v.after !== 'string')) return null;
      return {
        kind: 'replay',
        accountId: v.accountId,
        webhookId: v.webhookId,
        since: v.since,
        ...(v.after ? { after: v.after as string } : {}),
      };
    }
    if (typeof v.deliveryId !== 'string' || (v.version !== undefined && typeof v.version !== 'number')) return null;
    return {
      accountId: v.accountId,
      webhookId: v.webhookId,
      deliveryId: v.deliveryId,
      ...(v.version !== undefined ? { version: v.version as number } : {}),
    };
  } catch {
    return null;
  }
}

/**
 * One batch of the delivery queues. Messages of one FIFO group are handled in order and a failure fails the rest of
 * the group (SQS must not pass a later one before it); other groups, and every message of the retry queue (no
 * group), at once.
 */
export async function deliverBatch(
  event: SQSEvent,
  work: (message: WorkMessage, messageId: string) => Promise<string>,
): Promise<SQSBatchResponse> {
  const groups = new Map<string, SQSRecord[]>();
  for (const record of event.Records) {
    const group = record.attributes?.MessageGroupId ?? `message:${record.messageId}`;
    groups.set(group, [...(groups.get(group) ?? []), record]);
  }
  const failed = await Promise.all([...groups.values()].map((records) => deliverGroup(records, work)));
  // reported in the batch's own order
  const failedIds = new Set(failed.flat());
  return {
    batchItemFailures: event.Records.filter((r) => failedIds.has(r.messageId)).map((r) => ({
      itemIdentifier: r.messageId,
    })),
  };
}

async function deliverGroup(records: SQSRecord[], work: (message: WorkMessage, messageId: string) => Promise<string>) {
  for (const [i, record] of records.entries()) {
    const message = parseWorkMessage(record.body);
    if (!message) {
      logger.error('webhook message dropped: not a delivery or replay message', { messageId: record.messageId });
      continue;
    }
    const ids = { accountId: message.accountId, webhookId: message.webhookId, messageId: record.messageId };
    const about = 'kind' in message ? { ...ids, replay: true } : { ...ids, deliveryId: message.deliveryId };
    try {
      const result = await work(message, record.messageId);
      logger.info('webhook message handled', { ...about, result });
    } catch (error) {
      logger.error('webhook message failed', { ...about, error: (error as Error).message });
      return records.slice(i).map((r) => r.messageId);
    }
  }
  return [];
}

/** WEBHOOK_RETRY_SCHEDULE (`5,60,300`: seconds before each retry), or the default; anything else fails fast. */
export function retryScheduleFrom(text: string | undefined, fallback: readonly number[]): readonly number[] {
  if (text === undefined || text.trim() === '') return fallback;
  const waits = text.split(',').map((s) => Number(s.trim()));
  if (!waits.every((w) => Number.isInteger(w) && w >= 0))
    throw new Error('WEBHOOK_RETRY_SCHEDULE must be whole seconds separated by commas');
  return waits;
}
