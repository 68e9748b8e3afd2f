/**
 * The local SQS-compatible endpoint (JSON protocol, `X-Amz-Target: AmazonSQS.<Action>`), served by the local gateway
 * for the local queues: `SendMessage` and `SendMessageBatch`, checked as SQS checks them, so the production adapters
 * run unchanged against it. Every other action is refused.
 */
import { randomUUID } from 'node:crypto';
import { MAX_DELAY_SECONDS, type SendInput, type SendResult, type SqsQueue } from './sqs-queue.ts';

/** An answer of the SQS JSON protocol (awsJson1_0). */
export interface SqsAnswer {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
}

/** A queue the endpoint serves, by its URL (`<base>/__sqs/<account>/<name>`). */
export interface ServedQueue {
  url: string;
  queue: Pick<SqsQueue, 'fifo' | 'send'>;
}

const MAX_MESSAGE_BYTES = 256 * 1024;
const MAX_BATCH_ENTRIES = 10;
/** What SQS allows in a group or deduplication id: 1–128 of these. */
const ID_PATTERN = /^[\w!"#$%&'()*+,\-./:;<=>?@[\\\]^`{|}~]{1,128}$/;

const json = { 'content-type': 'application/x-amz-json-1.0' };

const sqsError = (statusCode: number, type: string, message: string): SqsAnswer => ({
  statusCode,
  headers: { ...json, 'x-amzn-query-error': `${type};Sender` },
  body: JSON.stringify({ __type: `com.amazonaws.sqs#${type}`, message }),
});

const answer = (output: unknown): SqsAnswer => ({
  statusCode: 200,
  headers: { ...json, 'x-amzn-requestid': randomUUID() },
  body: JSON.stringify(output),
});

interface EntryInput {
  MessageBody?: unknown;
  DelaySeconds?: unknown;
  MessageGroupId?: unknown;
  MessageDeduplicationId?: unknown;
}

/** The message to send, or why SQS would refuse it: `[error type, message]`. */
function sendInput(entry: EntryInput, fifo: boolean): SendInput | [string, string] {
  const { MessageBody: body, DelaySeconds: delay, MessageGroupId: group, MessageDeduplicationId: dedup } = entry;
  if (typeof body !== 'string' || body === '') return ['MissingParameter', 'The request must contain MessageBody.'];
  if (Buffer.byteLength(body) > MAX_MESSAGE_BYTES)
    return ['InvalidParameterValue', `MessageBody must be shorter than ${MAX_MESSAGE_BYTES} bytes.`];
  if (
    delay !== undefined &&
    !(Number.isInteger(delay) && (delay as number) >= 0 && (delay as number) <= MAX_DELAY_SECONDS)
  )
    return ['InvalidParameterValue', `Value ${String(delay)} for parameter DelaySeconds is invalid.`];
  for (const [field, value] of [
    ['MessageGroupId', group],
    ['MessageDeduplicationId', dedup],
  ] as const)
    if (value !== undefined && !(typeof value === 'string' && ID_PATTERN.test(value)))
      return ['InvalidParameterValue', `Value for parameter ${field} is invalid.`];
  if (fifo) {
    if (delay)
      return [
        'InvalidParameterValue',
        `Value ${delay} for parameter DelaySeconds is invalid. Reason: The request include parameter that is not valid for this queue type.`,
      ];
    if (group === undefined) return ['MissingParameter', 'The request must contain the parameter MessageGroupId.'];
    if (dedup === undefined)
      return [
        'InvalidParameterValue',
        'The queue should either have ContentBasedDeduplication enabled or MessageDeduplicationId provided explicitly',
      ];
  } else if (dedup !== undefined)
    return [
      'InvalidParameterValue',
      'Value for parameter MessageDeduplicationId is invalid. Reason: The request include parameter that is not valid for this queue type.',
    ];
  return {
    body,
    delaySeconds: delay as number | undefined,
    groupId: group as string | undefined,
    deduplicationId: dedup as string | undefined,
  };
}

const sent = (result: SendResult) => ({
  MessageId: result.messageId,
  MD5OfMessageBody: result.md5,
  ...(result.sequenceNumber ? { SequenceNumber: result.sequenceNumber } : {}),
});

/** One request of the SQS JSON protocol to one of `queues`. */
export function answerSqsFor(queues: ServedQueue[], target: string, body: Buffer): SqsAnswer {
  const action = target.slice('AmazonSQS.'.length);
  if (action !== 'SendMessage' && action !== 'SendMessageBatch')
    return sqsError(400, 'UnsupportedOperation', `${action} is not served locally`);
  let input: EntryInput & { QueueUrl?: unknown; Entries?: unknown };
  try {
    input = JSON.parse(body.toString('utf8')) as typeof input;
  } catch {
    return sqsError(400, 'InvalidParameterValue', 'the request body is not JSON');
  }
  const queue = queues.find((q) => q.url === input.QueueUrl)?.queue;
  if (!queue) return sqsError(400, 'QueueDoesNotExist', 'The specified queue does not exist.');

  if (action === 'SendMessage') {
    const message = sendInput(input, queue.fifo);
    if (Array.isArray(message)) return sqsError(400, ...message);
    return answer(sent(queue.send(message)));
  }

  const entries = input.Entries;
  if (!Array.isArray(entries) || entries.length === 0)
    return sqsError(
      400,
      'EmptyBatchRequest',
      'There should be at least one SendMessageBatchRequestEntry in the request.',
    );
  if (entries.length > MAX_BATCH_ENTRIES)
    return sqsError(
      400,
      'TooManyEntriesInBatchRequest',
      `Maximum number of entries per request are ${MAX_BATCH_ENTRIES}.`,
    );
  const ids = entries.map((e: { Id?: unknown }) => e?.Id);
  if (ids.some((id) => typeof id !== 'string' || !/^[\w-]{1,80}$/.test(id)))
    return sqsError(
      400,
      'InvalidBatchEntryId',
      'A batch entry id can only contain alphanumeric characters, hyphens and underscores.',
    );
  if (new Set(ids).size !== ids.length)
    return sqsError(400, 'BatchEntryIdsNotDistinct', 'Two or more batch entries in the request have the same Id.');
  const total = entries.reduce((n: number, e: EntryInput) => n + Buffer.byteLength(String(e.MessageBody ?? '')), 0);
  if (total > MAX_MESSAGE_BYTES)
    return sqsError(400, 'BatchRequestTooLong', `Batch requests cannot be longer than ${MAX_MESSAGE_BYTES} bytes.`);
  const Successful: unknown[] = [];
  const Failed: unknown[] = [];
  // in the order given: a FIFO queue keeps it within each group
  for (const entry of entries as (EntryInput & { Id: string })[]) {
    const message = sendInput(entry, queue.fifo);
    if (Array.isArray(message)) Failed.push({ Id: entry.Id, SenderFault: true, Code: message[0], Message: message[1] });
    else Successful.push({ Id: entry.Id, ...sent(queue.send(message)) });
  }
  return answer({ Successful, Failed });
}
