/**
 * The delivery worker's two jobs. An attempt: sign the stored body, POST it, record the outcome under the version
 * read (a lost race writes and schedules nothing), schedule the retry, and disable an endpoint that has failed for
 * too long. A replay: the account's events since a time, a page at a time, as deliveries to one endpoint. Nothing
 * here sleeps: a wait longer than the queue's 15 minutes is a chain of delayed messages.
 */
import { auditEvent } from '#domain/audit.ts';
import { addSeconds, type Clock, epochSeconds } from '#domain/clock.ts';
import type { Translators } from '#domain/i18n.ts';
import type { Account } from '#domain/account.ts';
import type { User } from '#domain/user.ts';
import { toPublicEvent } from '#domain/event-catalogue.ts';
import { webhookHeaders } from '#domain/webhook-signature.ts';
import { webhookDisabledMail } from '#domain/webhook-mail.ts';
import {
  type DeliveryMessage,
  type ReplayMessage,
  secretContext,
  type Webhook,
  type WebhookDelivery,
} from '#domain/webhook.ts';
import { logger } from '#observability/logger.ts';
import { countMetric } from '#observability/metrics.ts';
import type { AppSettings } from '#ports/app-settings.ts';
import type { IdGenerator } from '#ports/ids.ts';
import type { Mailer } from '#ports/mailer.ts';
import type {
  DeliveryQueue,
  DeliveryStore,
  EventSource,
  SecretBox,
  SendOutcome,
  WebhookSender,
  WebhookStore,
} from '#ports/webhooks.ts';
import { newDelivery, receives } from './event-fan-out.ts';
import { mailContext } from './mail-context.ts';

/** A delayed message waits at most this long (SQS DelaySeconds); longer waits are chained. */
export const MAX_DELAY_SECONDS = 900;
/** A delivery due within this much is attempted now rather than put back. */
const DUE_SLACK_MS = 1000;
/** Events per page of a replay. */
export const REPLAY_PAGE = 100;

export interface DeliveryDeps {
  deliveries: Pick<DeliveryStore, 'get' | 'record' | 'createMany'>;
  webhooks: Pick<WebhookStore, 'get' | 'markFailing' | 'markHealthy' | 'disableFailing' | 'endReplay'>;
  queue: DeliveryQueue;
  sender: WebhookSender;
  secretBox: Pick<SecretBox, 'open'>;
  events: EventSource;
  clock: Clock;
  ids: IdGenerator;
  /** Waits before each retry, in seconds (WEBHOOK_RETRY_SCHEDULE; DEFAULT_RETRY_SCHEDULE_SECONDS). */
  retrySchedule: readonly number[];
  /** How long an endpoint fails without a success before it is disabled (WEBHOOK_DISABLE_AFTER_SECONDS). */
  disableAfterSeconds: number;
  /** Who is told when an endpoint is disabled: the account's active account managers. */
  managers: (accountId: string) => Promise<User[]>;
  accounts: { get(accountId: string): Promise<Account | null> };
  mailer: Mailer;
  translators: Translators;
  settings: AppSettings;
}

/** What an attempt came to (for the handler's log line; never the body, a secret or a signature). */
export type AttemptResult =
  | 'dropped'
  | 'waiting'
  | 'succeeded'
  | 'retrying'
  | 'failed'
  | 'endpoint disabled'
  | 'lost race';

const isSuccess = (o: SendOutcome) => o.error === undefined && o.statusCode !== undefined && o.statusCode < 300;
const delayOf = (seconds: number) => Math.max(0, Math.min(MAX_DELAY_SECONDS, Math.ceil(seconds)));

/** The secrets that sign now: the current one and a previous one whose overlap has not ended, opened. */
async function signingSecrets(deps: Pick<DeliveryDeps, 'secretBox'>, webhook: Webhook, now: Date): Promise<string[]> {
  const live = webhook.secrets.filter((s) => !s.expiresAt || Date.parse(s.expiresAt) > now.getTime());
  const context = secretContext(webhook.accountId, webhook.id);
  return Promise.all(live.map((s) => deps.secretBox.open(s.sealed, context)));
}

/** The delivery as recorded after an attempt: the outcome, and either the next attempt or its end. */
function afterAttempt(
  delivery: WebhookDelivery,
  outcome: SendOutcome,
  now: Date,
  schedule: readonly number[],
): { next: WebhookDelivery; retryIn: number | null } {
  const attempts = delivery.attempts + 1;
  const { lastStatusCode: _s, lastError: _e, lastResponse: _r, nextAttemptAt: _n, ...rest } = delivery;
  const base = {
    ...rest,
    attempts,
    ...(outcome.statusCode !== undefined ? { lastStatusCode: outcome.statusCode } : {}),
    ...(outcome.response !== undefined ? { lastResponse: outcome.response } : {}),
    durationMs: outcome.durationMs,
    updatedAt: now.toISOString(),
    version: delivery.version + 1,
  };
  if (isSuccess(outcome)) return { next: { ...base, status: 'succeeded' }, retryIn: null };
  const lastError = outcome.error ?? `status ${outcome.statusCode}`;
  // attempt n failed: the wait before attempt n + 1 is schedule[n - 1]; after 1 + schedule.length attempts, failed
  if (attempts < 1 + schedule.length) {
    const wait = schedule[attempts - 1];
    const nextAttemptAt = addSeconds(now, wait).toISOString();
    return { next: { ...base, status: 'pending', lastError, nextAttemptAt }, retryIn: wait };
  }
  return { next: { ...base, status: 'failed', lastError }, retryIn: null };
}

/**
 * One delivery message: attempt it if it is due, put it back if not, drop it if it is no longer wanted. `messageId`
 * is the queue's id of the message: recorded with the attempt's outcome, so that the same message handed over again
 * (its follow-up failed after the record) sends the follow-up again instead of being dropped as an old version.
 */
export async function attemptDelivery(
  deps: DeliveryDeps,
  message: DeliveryMessage,
  messageId?: string,
): Promise<AttemptResult> {
  const [delivery, webhook] = await Promise.all([
    deps.deliveries.get(message.accountId, message.webhookId, message.deliveryId),
    deps.webhooks.get(message.accountId, message.webhookId),
  ]);
  if (!delivery || !webhook) return 'dropped';
  const now = deps.clock.now();
  if (messageId !== undefined && delivery.lastMessageId === messageId && message.version !== delivery.version)
    return followUp(deps, webhook, delivery, message, now);
  // done, or a message of an older version (a copy, or a chain a retry or replay replaced)
  if (delivery.status !== 'pending') return 'dropped';
  if (message.version !== undefined && message.version !== delivery.version) return 'dropped';
  // a manager tests an endpoint before enabling it again: a test is sent whatever the endpoint's status
  if (webhook.status !== 'enabled' && delivery.type !== 'webhook.test') {
    const { nextAttemptAt: _n, ...rest } = delivery;
    const failed: WebhookDelivery = {
      ...rest,
      status: 'failed',
      lastError: 'endpoint disabled',
      updatedAt: now.toISOString(),
      version: delivery.version + 1,
    };
    return (await deps.deliveries.record(failed, delivery.version)) ? 'endpoint disabled' : 'lost race';
  }
  const waitMs = Date.parse(delivery.nextAttemptAt ?? now.toISOString()) - now.getTime();
  if (waitMs > DUE_SLACK_MS) {
    await deps.queue.sendLater({ ...message, version: delivery.version }, delayOf(waitMs / 1000));
    return 'waiting';
  }
  const secrets = await signingSecrets(deps, webhook, now);
  const headers = webhookHeaders(secrets, delivery.id, epochSeconds(now), delivery.payload);
  const outcome = await deps.sender.send(webhook.url, headers, delivery.payload);
  const { next } = afterAttempt(delivery, outcome, now, deps.retrySchedule);
  const recorded: WebhookDelivery = messageId !== undefined ? { ...next, lastMessageId: messageId } : next;
  if (!(await deps.deliveries.record(recorded, delivery.version))) return 'lost race';
  if (recorded.status === 'succeeded') countMetric('webhookDeliveriesSucceeded');
  else countMetric('webhookDeliveriesFailed');
  return followUp(deps, webhook, recorded, message, now);
}

/**
 * What follows a recorded attempt, in the order that keeps a delivery alive: the retry message first (without it a
 * pending delivery would have no message anywhere), then the endpoint's health (optional: a throw here hands the
 * message back, and its redelivery runs this again).
 */
async function followUp(
  deps: DeliveryDeps,
  webhook: Webhook,
  delivery: WebhookDelivery,
  message: DeliveryMessage,
  now: Date,
): Promise<AttemptResult> {
  if (delivery.status === 'succeeded') {
    if (webhook.failingSince) await deps.webhooks.markHealthy(webhook.accountId, webhook.id);
    return 'succeeded';
  }
  if (delivery.status === 'pending') {
    const waitMs = Date.parse(delivery.nextAttemptAt ?? now.toISOString()) - now.getTime();
    await deps.queue.sendLater({ ...message, version: delivery.version }, delayOf(waitMs / 1000));
  }
  if (delivery.lastError === 'endpoint disabled') return 'endpoint disabled';
  if (webhook.status === 'enabled') {
    if (!webhook.failingSince) await deps.webhooks.markFailing(webhook.accountId, webhook.id, now.toISOString());
    await disableIfFailingTooLong(deps, webhook, now);
  }
  return delivery.status === 'pending' ? 'retrying' : 'failed';
}

/**
 * An endpoint failing without a success for `disableAfterSeconds` is disabled (with its `webhook.disabled` event);
 * whichever attempt disables it mails the account's active managers, once each.
 */
async function disableIfFailingTooLong(deps: DeliveryDeps, webhook: Webhook, now: Date): Promise<void> {
  if (!webhook.failingSince || webhook.status !== 'enabled') return;
  if (now.getTime() - Date.parse(webhook.failingSince) < deps.disableAfterSeconds * 1000) return;
  const at = now.toISOString();
  const event = auditEvent(deps.ids, {
    accountId: webhook.accountId,
    type: 'webhook.disabled',
    at,
    actor: { kind: 'system' },
    target: {},
    details: { webhookId: webhook.id, url: webhook.url, failingSince: webhook.failingSince, reason: 'failing' },
  });
  if (!(await deps.webhooks.disableFailing(webhook, at, event))) return;
  countMetric('webhookEndpointsDisabled');
  logger.warn('webhook endpoint disabled', {
    accountId: webhook.accountId,
    webhookId: webhook.id,
    failingSince: webhook.failingSince,
  });
  await mailManagers(deps, webhook);
}

/** The disabled-endpoint mail to each active account manager, in their language; a refused mail is logged. */
async function mailManagers(deps: DeliveryDeps, webhook: Webhook): Promise<void> {
  const [account, managers] = await Promise.all([
    deps.accounts.get(webhook.accountId),
    deps.managers(webhook.accountId),
  ]);
  const unique = [...new Map(managers.map((m) => [m.id, m])).values()];
  await Promise.all(
    unique.map(async (manager) => {
      try {
        await deps.mailer.send(
          webhookDisabledMail(mailContext(deps, account, manager), {
            to: manager.email,
            firstName: manager.firstName,
            accountName: account?.name ?? webhook.accountId,
            url: webhook.url,
            webhookId: webhook.id,
            failingSince: webhook.failingSince ?? '',
          }),
        );
      } catch (error) {
        countMetric('mailsRefused');
        logger.warn('webhook disabled mail not sent', {
          accountId: webhook.accountId,
          userId: manager.id,
          error: (error as Error).name,
        });
      }
    }),
  );
}

/**
 * One page of a replay: the account's events since `since` (after `after`) that the endpoint receives become its
 * deliveries; those that exist and are done (succeeded, failed) are armed again (attempts kept, due now, retained 30
 * days from now), and those pending are queued again at their version (the FIFO deduplication id and the worker's
 * version check make a copy harmless; a page whose queueing failed after its re-arming queues them on its
 * redelivery). All are queued for a first attempt in order; if more events remain, the next page is a message of
 * its own, and the last page frees the endpoint for the next replay. An endpoint disabled or deleted meanwhile stops
 * the replay.
 */
export async function continueReplay(
  deps: Pick<DeliveryDeps, 'deliveries' | 'webhooks' | 'queue' | 'events' | 'clock'>,
  message: ReplayMessage,
): Promise<{ events: number; queued: number }> {
  const webhook = await deps.webhooks.get(message.accountId, message.webhookId);
  if (!webhook) return { events: 0, queued: 0 };
  if (webhook.status !== 'enabled') {
    await deps.webhooks.endReplay(webhook.accountId, webhook.id);
    return { events: 0, queued: 0 };
  }
  const page = await deps.events.since(message.accountId, message.since, message.after, REPLAY_PAGE);
  const now = deps.clock.now();
  const wanted = page.events
    .filter((e) => receives(webhook, e))
    .map((e) => newDelivery(webhook, e, JSON.stringify(toPublicEvent(e)), now));
  const created = new Set((await deps.deliveries.createMany(wanted)).map((d) => d.id));
  const queued = await Promise.all(
    wanted.map(async (d): Promise<WebhookDelivery | null> => {
      if (created.has(d.id)) return d;
      const existing = await deps.deliveries.get(d.accountId, d.webhookId, d.id);
      // gone: expired and not yet removed as this page was created (createMany takes its place next time)
      if (!existing) return null;
      if (existing.status === 'pending') return existing;
      const { lastMessageId: _m, ...kept } = existing;
      const rearmed: WebhookDelivery = {
        ...kept,
        status: 'pending',
        nextAttemptAt: now.toISOString(),
        updatedAt: now.toISOString(),
        retainedFrom: now.toISOString(),
        version: existing.version + 1,
      };
      return (await deps.deliveries.record(rearmed, existing.version)) ? rearmed : null;
    }),
  );
  const toSend = queued.filter((d): d is WebhookDelivery => d !== null);
  if (toSend.length) await deps.queue.sendFirst(toSend);
  if (page.last) await deps.queue.sendLater({ ...message, after: page.last }, 0);
  else await deps.webhooks.endReplay(webhook.accountId, webhook.id);
  return { events: page.events.length, queued: toSend.length };
}
