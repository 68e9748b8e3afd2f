/**
 * Local stand-in for the EventBridge schedule that runs the invitation cleanup in AWS: the same job
 * (shared/config/jobs.ts) and handler module, every CLEANUP_INTERVAL_SECONDS.
 */
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ScheduledEvent } from 'aws-lambda';
import { handlerFile } from '../shared/http/route-types.ts';
import { LOCAL_ACCOUNT_ID, lambdaContext } from './lambda-event.ts';

export const CLEANUP_HANDLER_FILE = handlerFile('cleanupInvitations');

type ScheduledHandler = (event: ScheduledEvent, context: ReturnType<typeof lambdaContext>) => Promise<unknown>;

/** Runs the cleanup handler once, as the schedule would, and returns its report. */
export async function runInvitationCleanup(root: string): Promise<unknown> {
  const { handler } = (await import(pathToFileURL(join(root, CLEANUP_HANDLER_FILE)).href)) as {
    handler: ScheduledHandler;
  };
  const event: ScheduledEvent = {
    version: '0',
    id: randomUUID(),
    'detail-type': 'Scheduled Event',
    source: 'aws.events',
    account: LOCAL_ACCOUNT_ID,
    time: new Date().toISOString(),
    region: 'us-east-1',
    resources: [`arn:aws:events:us-east-1:${LOCAL_ACCOUNT_ID}:rule/switchboard-local-cleanup`],
    detail: {},
  };
  return handler(event, lambdaContext('switchboard-local-cleanupInvitations'));
}

/** Every `intervalSeconds`, runs the cleanup; returns a function that stops the schedule. */
export function scheduleInvitationCleanup(
  root: string,
  intervalSeconds: number,
  log: (line: string) => void,
): () => void {
  const timer = setInterval(() => {
    runInvitationCleanup(root).catch((err: unknown) =>
      log(`scheduled cleanup failed: ${(err as Error).stack ?? String(err)}`),
    );
  }, intervalSeconds * 1000);
  timer.unref();
  return () => clearInterval(timer);
}
