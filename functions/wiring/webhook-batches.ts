/**
 * How the two webhook functions take their batches apart: the fan-out's stream records in order (a failure hands
 * the batch back from its first record), the delivery worker's messages by FIFO group (in order within a group,
 * groups at once; a failed message fails the rest of its group). No SDK here: the handlers pass the use cases in.
 */
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBBatchResponse, DynamoDBStreamEvent, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { fromAuditEventItem } from '#adapters/dynamodb/entities/audit-event.ts';
import type { AuditEvent } from '#domain/audit.ts';
import type { DeliveryMessage, ReplayMessage } from '#domain/webhook.ts';
import { logger } from '#observability/logger.ts';
import { countMetric } from '#observability/metrics.ts';
import type { FanOutReport } from '#use-cases/event-fan-out.ts';

type StreamImage = Parameters<typeof unmarshall>[0];

/** The stream records' audit events, in order; a record that is no event (never true past the filter) is logged. */
function eventsOf(event: DynamoDBStreamEvent): AuditEvent[] {
  const events: AuditEvent[] = [];
  for (const record of event.Records) {
    const image = record.dynamodb?.NewImage;
    if (record.eventName !== 'INSERT' || !image) continue;
    const item = unmarshall(image as StreamImage);
    if (item.entity !== 'AuditEvent') continue;
    events.push(fromAuditEventItem(item));
  }
  return events;
}

/**
 * The fan-out of one stream batch. It is all or nothing: a failure reports the batch's first record, so Lambda
 * hands the whole batch over again (the fan-out creates nothing twice; the bus may see an event twice).
 */
export async function fanOutStream(
  event: DynamoDBStreamEvent,
  fanOut: (events: AuditEvent[]) => Promise<FanOutReport>,
): Promise<DynamoDBBatchResponse> {
  const first = event.Records[0]?.dynamodb?.SequenceNumber;
  try {
    const report = await fanOut(eventsOf(event));
    countMetric('eventsFannedOut', report.events);
    logger.info('events fanned out', { records: event.Records.length, ...report });
    return { batchItemFailures: [] };
  } catch (error) {
    logger.error('fan-out failed: the batch is handed back', {
      records: event.Records.length,
      sequenceNumber: first,
      error: (error as Error).message,
    });
    return { batchItemFailures: first ? [{ itemIdentifier: first }] : [] };
  }
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
  work: (message: WorkMessage) => Promise<string>,
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

async function deliverGroup(records: SQSRecord[], work: (message: WorkMessage) => Promise<string>) {
  for (const [i, record] of records.entries()) {
    const message = parseWorkMessage(record.body);
    if (!message) {
      logger.error('webhook message dropped: not a delivery or replay message', { messageId: record.messageId });
      continue;
    }
    const ids = { accountId: message.accountId, webhookId: message.webhookId, messageId: record.messageId };
    const about = 'kind' in message ? { ...ids, replay: true } : { ...ids, deliveryId: message.deliveryId };
    try {
      const result = await work(message);
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
