/** The import queue (SQS): one message per import to run or resume. Locally, the endpoint inside `npm start`. */
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { env, settingNames } from '#config/env.ts';
import type { ImportQueue } from '#ports/imports.ts';
import { traceClient } from '#observability/tracing.ts';

/** One client per container; the queue URL names the endpoint (locally the SQS-compatible one of `npm start`). */
const sqs = traceClient(new SQSClient({ maxAttempts: 3 }));

export const sqsImportQueue: ImportQueue = {
  async enqueue(message) {
    await sqs.send(
      new SendMessageCommand({ QueueUrl: env(settingNames.importQueueUrl), MessageBody: JSON.stringify(message) }),
    );
  },
};
