/**
 * An account's webhook endpoints and their deliveries: account managers only (admins and members 403; another
 * account's ids 404). The signing secret is shown once, in the answer of a create or a rotation, and stored sealed
 * (SecretBox). Every change writes its `webhook.*` event in the store's transaction; no event carries a secret.
 * Deliveries themselves are made by the fan-out and the delivery worker; here they are listed, retried and replayed.
 */
import { auditEvent } from '#domain/audit.ts';
import { assertAccountManager } from '#domain/authorization.ts';
import { actorOf, type MemberCaller } from '#domain/caller.ts';
import { addSeconds, type Clock } from '#domain/clock.ts';
import {
  assertIfMatch,
  ConflictError,
  NotFoundError,
  PreconditionFailedError,
  ReplayInProgressError,
  type FieldProblem,
  ValidationError,
} from '#domain/errors.ts';
import { eventCatalogue, eventTypePatternProblem, type EventTypeEntry } from '#domain/event-catalogue.ts';
import {
  type DeliveryStatus,
  REPLAY_HOLD_SECONDS,
  REPLAY_WINDOW_SECONDS,
  SECRET_OVERLAP_SECONDS,
  secretContext,
  type Webhook,
  type WebhookDelivery,
  type WebhookSecret,
  type WebhookStatus,
} from '#domain/webhook.ts';
import { webhookUrlProblem } from '#domain/webhook-address.ts';
import { newWebhookSecret } from '#domain/webhook-signature.ts';
import type { AuditStore } from '#ports/audit.ts';
import type { IdGenerator } from '#ports/ids.ts';
import type { Page } from '#ports/paging.ts';
import type { DeliveryQueue, DeliveryStore, SecretBox, WebhookStore } from '#ports/webhooks.ts';
import { retrying, retryWithoutIfMatch } from './retries.ts';

export const MAX_EVENT_TYPES = 50;
export const MAX_DESCRIPTION_LENGTH = 200;

export interface WebhookDeps {
  webhooks: WebhookStore;
  secrets: SecretBox;
  clock: Clock;
  ids: IdGenerator;
  /** The deployment lets endpoints be `http://127.0.0.1` (local runtime only): read by the handler, not here. */
  allowLoopback: boolean;
  deliveries: DeliveryStore;
  queue: DeliveryQueue;
  audit: Pick<AuditStore, 'record'>;
}

export interface WebhookInput {
  url: string;
  eventTypes: string[];
  description?: string;
}

export interface WebhookPatch {
  url?: string;
  eventTypes?: string[];
  /** null removes it. */
  description?: string | null;
  status?: WebhookStatus;
}

/** An endpoint with its signing secret in clear: only the answers of a create and of a rotation. */
export type WebhookWithSecret = Webhook & { secret: string };

/** The documented event catalogue (what `eventTypes` may name). */
export const listEventTypes = (): readonly EventTypeEntry[] => eventCatalogue;

/** Every problem of a URL, a set of patterns and a description; duplicates of a pattern are dropped, order kept. */
function checked(
  deps: Pick<WebhookDeps, 'allowLoopback'>,
  input: { url?: string; eventTypes?: string[]; description?: string | null },
): { eventTypes?: string[] } {
  const problems: FieldProblem[] = [];
  if (input.url !== undefined) {
    const problem = webhookUrlProblem(input.url, deps.allowLoopback);
    if (problem) problems.push({ path: 'url', message: problem });
  }
  let eventTypes: string[] | undefined;
  if (input.eventTypes !== undefined) {
    eventTypes = [...new Set(input.eventTypes)];
    if (eventTypes.length < 1 || eventTypes.length > MAX_EVENT_TYPES)
      problems.push({ path: 'eventTypes', message: `must name 1 to ${MAX_EVENT_TYPES} event types` });
    input.eventTypes.forEach((pattern, i) => {
      const problem = eventTypePatternProblem(pattern);
      if (problem) problems.push({ path: `eventTypes.${i}`, message: problem });
    });
  }
  if (typeof input.description === 'string' && input.description.length > MAX_DESCRIPTION_LENGTH)
    problems.push({ path: 'description', message: `must be at most ${MAX_DESCRIPTION_LENGTH} characters` });
  if (problems.length) throw new ValidationError(problems);
  return { eventTypes };
}

/** An endpoint of the caller's account, for an account manager (403 for anyone else, 404 for an unknown id). */
async function webhookOf(
  deps: { webhooks: Pick<WebhookStore, 'get'> },
  caller: MemberCaller,
  webhookId: string,
): Promise<Webhook> {
  assertAccountManager(caller);
  const webhook = await deps.webhooks.get(caller.membership.accountId, webhookId);
  if (!webhook) throw new NotFoundError('No such webhook endpoint in this account');
  return webhook;
}

const webhookEvent = (
  deps: Pick<WebhookDeps, 'ids'>,
  caller: MemberCaller,
  type: string,
  at: string,
  details: Record<string, unknown>,
) =>
  auditEvent(deps.ids, {
    accountId: caller.membership.accountId,
    type,
    at,
    actor: actorOf(caller),
    target: {},
    details,
  });

export async function createWebhook(
  deps: Pick<WebhookDeps, 'webhooks' | 'secrets' | 'clock' | 'ids' | 'allowLoopback'>,
  caller: MemberCaller,
  input: WebhookInput,
): Promise<WebhookWithSecret> {
  assertAccountManager(caller);
  const { eventTypes = [] } = checked(deps, input);
  const now = deps.clock.now().toISOString();
  const secret = newWebhookSecret();
  const id = deps.ids.next();
  const accountId = caller.membership.accountId;
  const webhook: Webhook = {
    id,
    accountId,
    url: input.url,
    eventTypes,
    ...(input.description ? { description: input.description } : {}),
    status: 'enabled',
    secrets: [{ sealed: await deps.secrets.seal(secret, secretContext(accountId, id)), createdAt: now }],
    createdAt: now,
    updatedAt: now,
    version: 1,
  };
  const event = webhookEvent(deps, caller, 'webhook.created', now, {
    webhookId: webhook.id,
    url: webhook.url,
    eventTypes,
    ...(webhook.description ? { description: webhook.description } : {}),
  });
  await deps.webhooks.create(webhook, event);
  return { ...webhook, secret };
}

/** The account's endpoints (at most ten), oldest first. */
export async function listWebhooks(
  deps: { webhooks: Pick<WebhookStore, 'list'> },
  caller: MemberCaller,
): Promise<Webhook[]> {
  assertAccountManager(caller);
  const webhooks = await deps.webhooks.list(caller.membership.accountId);
  return webhooks.sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
}

export const getWebhook = (
  deps: { webhooks: Pick<WebhookStore, 'get'> },
  caller: MemberCaller,
  webhookId: string,
): Promise<Webhook> => webhookOf(deps, caller, webhookId);

/**
 * Changes the URL, the event types, the description or the status. Enabling clears `failingSince` and `disabledReason`
 * (and replays nothing), and so does a new URL clear `failingSince`; disabling is a manager's (`disabledReason:
 * 'manual'`). A change that changes nothing writes nothing.
 */
export async function updateWebhook(
  deps: Pick<WebhookDeps, 'webhooks' | 'clock' | 'ids' | 'allowLoopback'>,
  caller: MemberCaller,
  webhookId: string,
  patch: WebhookPatch,
  ifMatch?: number,
): Promise<Webhook> {
  assertAccountManager(caller);
  const { eventTypes } = checked(deps, patch);
  return retryWithoutIfMatch(ifMatch, async () => {
    const current = await webhookOf(deps, caller, webhookId);
    assertIfMatch(ifMatch, current.version);
    const { description: _d, disabledReason: _r, failingSince: _f, ...rest } = current;
    const description = patch.description === undefined ? current.description : (patch.description ?? undefined);
    const status = patch.status ?? current.status;
    const urlChanged = patch.url !== undefined && patch.url !== current.url;
    const next: Webhook = {
      ...rest,
      url: patch.url ?? current.url,
      eventTypes: eventTypes ?? current.eventTypes,
      ...(description ? { description } : {}),
      status,
      ...(status === 'disabled'
        ? { disabledReason: current.status === 'disabled' ? (current.disabledReason ?? 'manual') : 'manual' }
        : {}),
      // enabling starts it healthy, and so does a new URL
      ...(status === 'enabled' && current.status === 'enabled' && current.failingSince && !urlChanged
        ? { failingSince: current.failingSince }
        : {}),
    };
    const changed = (['url', 'eventTypes', 'description', 'status'] as const).filter(
      (f) => JSON.stringify(next[f]) !== JSON.stringify(current[f]),
    );
    if (changed.length === 0) return current;
    const now = deps.clock.now().toISOString();
    const updated: Webhook = { ...next, updatedAt: now, version: current.version + 1 };
    const event = webhookEvent(deps, caller, 'webhook.updated', now, {
      webhookId,
      url: updated.url,
      eventTypes: updated.eventTypes,
      status: updated.status,
      changed,
    });
    await deps.webhooks.update(updated, current.version, event);
    return updated;
  });
}

/** Deletes the endpoint (its deliveries expire with their TTL); the account's count goes down with it. */
export async function deleteWebhook(
  deps: Pick<WebhookDeps, 'webhooks' | 'clock' | 'ids'>,
  caller: MemberCaller,
  webhookId: string,
  ifMatch?: number,
): Promise<void> {
  assertAccountManager(caller);
  await retryWithoutIfMatch(ifMatch, async () => {
    const current = await webhookOf(deps, caller, webhookId);
    assertIfMatch(ifMatch, current.version);
    const now = deps.clock.now().toISOString();
    const event = webhookEvent(deps, caller, 'webhook.deleted', now, { webhookId, url: current.url });
    await deps.webhooks.delete(current, current.version, event);
  });
}

/**
 * A new signing secret, first; the current one keeps signing beside it for SECRET_OVERLAP_SECONDS, and one older
 * than that (a rotation within the overlap) or past its expiry goes.
 */
export async function rotateWebhookSecret(
  deps: Pick<WebhookDeps, 'webhooks' | 'secrets' | 'clock' | 'ids'>,
  caller: MemberCaller,
  webhookId: string,
  ifMatch?: number,
): Promise<WebhookWithSecret> {
  assertAccountManager(caller);
  const secret = newWebhookSecret();
  const now = deps.clock.now();
  const at = now.toISOString();
  const sealed = await deps.secrets.seal(secret, secretContext(caller.membership.accountId, webhookId));
  return retryWithoutIfMatch(ifMatch, async () => {
    const current = await webhookOf(deps, caller, webhookId);
    assertIfMatch(ifMatch, current.version);
    const previous = current.secrets.find((s) => s.expiresAt === undefined);
    const secrets: WebhookSecret[] = [
      { sealed, createdAt: at },
      ...(previous ? [{ ...previous, expiresAt: addSeconds(now, SECRET_OVERLAP_SECONDS).toISOString() }] : []),
    ];
    const updated: Webhook = { ...current, secrets, updatedAt: at, version: current.version + 1 };
    const event = webhookEvent(deps, caller, 'webhook.secret_rotated', at, {
      webhookId,
      previousExpiresAt: secrets[1]?.expiresAt ?? null,
    });
    await deps.webhooks.update(updated, current.version, event);
    return { ...updated, secret };
  });
}

/** A `webhook.test` event addressed to this endpoint only (enabled or not); the fan-out delivers it. */
export async function testWebhook(
  deps: { webhooks: Pick<WebhookStore, 'get'>; audit: Pick<AuditStore, 'record'>; clock: Clock; ids: IdGenerator },
  caller: MemberCaller,
  webhookId: string,
): Promise<{ eventId: string }> {
  await webhookOf(deps, caller, webhookId);
  const event = webhookEvent(deps, caller, 'webhook.test', deps.clock.now().toISOString(), { webhookId });
  await deps.audit.record([event]);
  return { eventId: event.id };
}

/** An endpoint's deliveries of the last 30 days, newest first, optionally of one status. */
export async function listDeliveries(
  deps: { webhooks: Pick<WebhookStore, 'get'>; deliveries: Pick<DeliveryStore, 'list'> },
  caller: MemberCaller,
  webhookId: string,
  query: { status?: DeliveryStatus; limit?: number; cursor?: string },
): Promise<Page<WebhookDelivery>> {
  await webhookOf(deps, caller, webhookId);
  return deps.deliveries.list(
    caller.membership.accountId,
    webhookId,
    { status: query.status },
    { limit: query.limit ?? 50, cursor: query.cursor },
  );
}

const assertEnabled = (webhook: Webhook) => {
  if (webhook.status !== 'enabled') throw new ConflictError('The webhook endpoint is disabled: enable it first');
};

/**
 * Sends a delivery again now, whatever its status: pending again (its attempts kept), due now, a version on (so the
 * first-attempt queue does not take it for the message it already had). The endpoint must be enabled (409).
 */
export async function retryDelivery(
  deps: {
    webhooks: Pick<WebhookStore, 'get'>;
    deliveries: Pick<DeliveryStore, 'get' | 'record'>;
    queue: Pick<DeliveryQueue, 'sendFirst'>;
    clock: Clock;
  },
  caller: MemberCaller,
  webhookId: string,
  deliveryId: string,
): Promise<WebhookDelivery> {
  const webhook = await webhookOf(deps, caller, webhookId);
  assertEnabled(webhook);
  const rearmed = await retrying(
    (error) => error instanceof PreconditionFailedError,
    'The delivery keeps changing: try again',
    async () => {
      const current = await deps.deliveries.get(webhook.accountId, webhookId, deliveryId);
      if (!current) throw new NotFoundError('No such delivery of this webhook endpoint');
      const now = deps.clock.now().toISOString();
      // a new chain: the message of the last recorded attempt no longer stands for it
      const { lastMessageId: _m, ...kept } = current;
      const next: WebhookDelivery = {
        ...kept,
        status: 'pending',
        nextAttemptAt: now,
        updatedAt: now,
        retainedFrom: now,
        version: current.version + 1,
      };
      // a worker recorded an attempt in between: read it again
      if (!(await deps.deliveries.record(next, current.version))) throw new PreconditionFailedError();
      return next;
    },
  );
  await deps.queue.sendFirst([rearmed]);
  return rearmed;
}

/**
 * Sends the account's events since `since` (at most REPLAY_WINDOW_SECONDS back, not in the future) to the endpoint
 * again, those it subscribes to: the worker pages through them (a replay message), creating or re-arming each
 * delivery. The endpoint must be enabled (409), and replays one at a time (409 `replay_in_progress` while one runs;
 * a replay that crashed holds it REPLAY_HOLD_SECONDS at most).
 */
export async function replayWebhook(
  deps: {
    webhooks: Pick<WebhookStore, 'get' | 'startReplay' | 'endReplay'>;
    queue: Pick<DeliveryQueue, 'sendLater'>;
    clock: Clock;
  },
  caller: MemberCaller,
  webhookId: string,
  input: { since: string },
): Promise<{ webhookId: string; since: string }> {
  const webhook = await webhookOf(deps, caller, webhookId);
  const since = Date.parse(input.since);
  const now = deps.clock.now();
  if (Number.isNaN(since)) throw new ValidationError([{ path: 'since', message: 'must be an ISO 8601 time' }]);
  if (since > now.getTime()) throw new ValidationError([{ path: 'since', message: 'must not be in the future' }]);
  if (since < now.getTime() - REPLAY_WINDOW_SECONDS * 1000)
    throw new ValidationError([
      { path: 'since', message: `must be within the last ${REPLAY_WINDOW_SECONDS / 86400} days` },
    ]);
  assertEnabled(webhook);
  const until = addSeconds(now, REPLAY_HOLD_SECONDS).toISOString();
  if (!(await deps.webhooks.startReplay(webhook.accountId, webhookId, until, now.toISOString())))
    throw new ReplayInProgressError();
  const from = new Date(since).toISOString();
  try {
    await deps.queue.sendLater({ kind: 'replay', accountId: webhook.accountId, webhookId, since: from }, 0);
  } catch (error) {
    await deps.webhooks.endReplay(webhook.accountId, webhookId).catch(() => undefined);
    throw error;
  }
  return { webhookId, since: from };
}
