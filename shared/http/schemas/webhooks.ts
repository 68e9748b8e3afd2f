/**
 * Webhook endpoints and their deliveries: request bodies and what responses show (never a sealed or clear secret,
 * but the new secret once, in the answers of a create and of a rotation).
 */
import * as v from 'valibot';
import { deliveryStatuses, webhookStatuses } from '#domain/webhook.ts';
import type { WebhookInput, WebhookPatch } from '#use-cases/webhooks.ts';
import { type Conforms, Id, PageQuery, Timestamp, tenantText } from './common.ts';

/**
 * Each schema is built inside `schema()`, so that a bundle drops the ones it does not use: esbuild honours a
 * side-effect-free mark only within the file that declares it (not valibot's, across modules), hence one per file.
 */
const schema = /* @__NO_SIDE_EFFECTS__ */ <T>(build: () => T): T => build();

/** Checked further by the use case: https, a public host (see webhookUrlProblem). */
const WebhookUrl = schema(() => v.pipe(v.string(), v.minLength(1), v.maxLength(2048)));
/** Exact types of the catalogue (`GET /v1/event-types`), `<family>.*` or `*`: checked by the use case. */
const EventTypes = schema(() =>
  v.pipe(v.array(v.pipe(v.string(), v.minLength(1), v.maxLength(100))), v.minLength(1), v.maxLength(50)),
);
const Description = schema(() => tenantText(0, 200));

export const CreateWebhookBody = schema(() =>
  v.strictObject({ url: WebhookUrl, eventTypes: EventTypes, description: v.optional(Description) }),
);
export type CreateWebhookInput = Conforms<v.InferOutput<typeof CreateWebhookBody>, WebhookInput>;

export const UpdateWebhookBody = schema(() =>
  v.strictObject({
    url: v.optional(WebhookUrl),
    eventTypes: v.optional(EventTypes),
    /** null removes it. */
    description: v.optional(v.nullable(Description)),
    status: v.optional(v.picklist(webhookStatuses)),
  }),
);
export type UpdateWebhookInput = Conforms<v.InferOutput<typeof UpdateWebhookBody>, WebhookPatch>;

export const ReplayWebhookBody = schema(() => v.strictObject({ since: Timestamp }));

export const WebhookDeliveryQuery = schema(() =>
  v.strictObject({ ...PageQuery, status: v.optional(v.picklist(deliveryStatuses)) }),
);

const webhookEntries = {
  id: Id,
  accountId: Id,
  url: v.string(),
  eventTypes: v.array(v.string()),
  description: v.nullable(v.string()),
  status: v.picklist(webhookStatuses),
  /** Why it is disabled: `manual` (a manager) or `failing` (Switchboard, after three days of failures). */
  disabledReason: v.nullable(v.picklist(['manual', 'failing'])),
  /** Since when its deliveries have failed without a success in between. */
  failingSince: v.nullable(Timestamp),
  createdAt: Timestamp,
  updatedAt: Timestamp,
  version: v.number(),
};

export const Webhook = schema(() => v.object(webhookEntries));
/** The answer to a create or a rotation: the endpoint and its new signing secret (`whsec_…`), shown this once. */
export const WebhookWithSecret = schema(() => v.object({ ...webhookEntries, secret: v.string() }));
export const WebhookList = schema(() => v.object({ items: v.array(Webhook), nextCursor: v.null() }));

export const WebhookDelivery = schema(() =>
  v.object({
    id: Id,
    webhookId: Id,
    eventId: Id,
    type: v.string(),
    status: v.picklist(deliveryStatuses),
    attempts: v.number(),
    lastStatusCode: v.nullable(v.number()),
    /** Why the last attempt failed (`timeout`, `status 500`, …). */
    lastError: v.nullable(v.string()),
    /** The first kilobyte of the receiver's last answer. */
    lastResponse: v.nullable(v.string()),
    nextAttemptAt: v.nullable(Timestamp),
    durationMs: v.nullable(v.number()),
    createdAt: Timestamp,
    updatedAt: Timestamp,
  }),
);

export const EventTypeList = schema(() =>
  v.object({ items: v.array(v.object({ type: v.string(), summary: v.string() })) }),
);
export const WebhookTestAccepted = schema(() => v.object({ eventId: Id }));
export const WebhookReplayAccepted = schema(() => v.object({ webhookId: Id, since: Timestamp }));
