import type { Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { readMemberCsv } from '#adapters/csv/member-csv-reader.ts';
import { importFiles } from '#adapters/dynamodb/import-store.ts';
import { importRunStore } from '#adapters/dynamodb/import-run-store.ts';
import { ulidIds, withSettings } from '#adapters/runtime.ts';
import { sesMailer } from '#adapters/ses/mailer.ts';
import { translators } from '#adapters/i18n/translators.ts';
import { sqsImportQueue } from '#adapters/sqs/import-queue.ts';
import { systemClock } from '#adapters/system-clock.ts';
import { envInt, settingNames } from '#config/env.ts';
import { queueWorkers } from '#config/jobs.ts';
import type { ImportMessage } from '#domain/member-import.ts';
import { logger } from '#observability/logger.ts';
import { flushMetrics } from '#observability/metrics.ts';
import { importRecords, runImport, type ImportRunDeps } from '#use-cases/import-run.ts';

const deps: ImportRunDeps = withSettings({
  store: importRunStore,
  records: (imp: Parameters<ImportRunDeps['records']>[0]) => importRecords(readMemberCsv, importFiles, imp),
  queue: sqsImportQueue,
  mailer: sesMailer,
  translators,
  clock: systemClock,
  ids: ulidIds,
  get mailsPerSecond() {
    return envInt(settingNames.importMailsPerSecond, 5);
  },
});

const worker = queueWorkers.find((w) => w.name === 'processImport')!;

/** The message body, or null when it is not one (such a message can never succeed: it is dropped, logged). */
function parseMessage(body: string): ImportMessage | null {
  try {
    const value = JSON.parse(body) as Partial<ImportMessage> | null;
    if (typeof value?.accountId === 'string' && typeof value.importId === 'string')
      return { accountId: value.accountId, importId: value.importId };
  } catch {
    // falls through
  }
  return null;
}

/**
 * Queue-driven (SQS, batch size 1, partial batch responses): not an HTTP route. A message that fails is reported
 * back, so SQS delivers it again (the worker resumes from its checkpoint) and parks it after five deliveries.
 */
export const handler = async (event: SQSEvent, context: Context): Promise<SQSBatchResponse> => {
  logger.startInvocation(context, { route: worker.name, area: worker.area });
  try {
    return { batchItemFailures: await processRecords(event, context) };
  } finally {
    flushMetrics();
  }
};

async function processRecords(event: SQSEvent, context: Context): Promise<SQSBatchResponse['batchItemFailures']> {
  const batchItemFailures: SQSBatchResponse['batchItemFailures'] = [];
  for (const record of event.Records) {
    const message = parseMessage(record.body);
    if (!message) {
      logger.error('import message dropped: not an import message', { messageId: record.messageId });
      continue;
    }
    logger.appendKeys({ accountId: message.accountId });
    try {
      await runImport(deps, message, { remainingMs: () => context.getRemainingTimeInMillis() });
    } catch (err) {
      logger.error('import run failed', { ...message, messageId: record.messageId, error: (err as Error).message });
      batchItemFailures.push({ itemIdentifier: record.messageId });
    }
  }
  return batchItemFailures;
}
