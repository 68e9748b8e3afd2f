import type { Context, ScheduledEvent } from 'aws-lambda';
import { invitationCleanupStore } from '#adapters/dynamodb/invitation-cleanup-store.ts';
import { ulidIds } from '#adapters/runtime.ts';
import { systemClock } from '#adapters/system-clock.ts';
import { cleanupLeftWorkMessage, jobs } from '#config/jobs.ts';
import { logger } from '#observability/logger.ts';
import { countMetric, flushMetrics } from '#observability/metrics.ts';
import { cleanupInvitations } from '#use-cases/invitation-cleanup.ts';
import { lifecycleStore } from '#adapters/dynamodb/lifecycle-store.ts';
import { finishPendingCloses } from '#use-cases/lifecycle.ts';

const job = jobs.find((j) => j.name === 'cleanupInvitations')!;

/** Scheduled (EventBridge, hourly; locally every CLEANUP_INTERVAL_SECONDS): not an HTTP route. Returns what it did. */
export const handler = async (_event: ScheduledEvent, context?: Context) => {
  logger.startInvocation(context, { route: job.name, area: job.area });
  try {
    const report = await cleanupInvitations({ cleanup: invitationCleanupStore, clock: systemClock, ids: ulidIds });
    logger.info('invitation cleanup', { ...report });
    countMetric('cleanupExpired', report.expired);
    // 0 or 1 every run, so that runs that left work show beside the runs that did not
    countMetric('cleanupLeftWork', report.more ? 1 : 0);
    // a line of its own, whatever the log format: the CleanupLeftWork alarm counts these (docs/operations.md, Runbook)
    if (report.more) logger.warn(cleanupLeftWorkMessage, { expired: report.expired });
    // closes whose continuation was interrupted (closed members still marked detachPending) are finished here too
    const closes = await finishPendingCloses({ lifecycle: lifecycleStore, clock: systemClock });
    logger.info('pending closes', closes);
    return { ...report, pendingCloses: closes };
  } finally {
    flushMetrics();
  }
};
