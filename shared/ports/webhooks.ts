/**
 * Webhook endpoints, their deliveries, and the transports events leave by (the delivery queues, the HTTP sender,
 * the EventBridge bus). Stores: entities/webhook.ts and entities/webhook-delivery.ts.
 */
import type { AuditEvent } from '#domain/audit.ts';
import type {
  DeliveryMessage,
  DeliveryStatus,
  PublicEvent,
  ReplayMessage,
  Webhook,
  WebhookDelivery,
} from '#domain/webhook.ts';
import type { Page, PageRequest } from './paging.ts';

export interface WebhookStore {
  /**
   * The endpoint, the account's endpoint count + 1 (conditional: at most MAX_WEBHOOKS_PER_ACCOUNT, else
   * WebhookLimitReachedError) and the event, in one transaction.
   */
  create(webhook: Webhook, event: AuditEvent): Promise<void>;
  get(accountId: string, webhookId: string): Promise<Webhook | null>;
  /** Every endpoint of the account (at most ten: one Query). */
  list(accountId: string): Promise<Webhook[]>;
  /** Writes the endpoint if its version is still `expectedVersion` (PreconditionFailedError), with the event. */
  update(webhook: Webhook, expectedVersion: number, event: AuditEvent): Promise<void>;
  /** Deletes it if its version is still `expectedVersion`, count − 1, with the event. */
  delete(webhook: Webhook, expectedVersion: number, event: AuditEvent): Promise<void>;
  /**
   * Notes the first failure since the last success (only if none is noted yet). Both marks move the version on (the
   * endpoint's `failingSince` is part of what it shows), so that an update read before a mark fails its condition
   * rather than writing the old health back.
   */
  markFailing(accountId: string, webhookId: string, since: string): Promise<void>;
  /** Clears `failingSince` after a success (only if it is set). */
  markHealthy(accountId: string, webhookId: string): Promise<void>;
  /**
   * Disables an endpoint that kept failing (only while it is enabled and still failing since `failingSince`), with
   * the `webhook.disabled` event; false when another attempt got there first or it recovered.
   */
  disableFailing(webhook: Webhook, at: string, event: AuditEvent): Promise<boolean>;
  /**
   * Holds the endpoint for a replay until `until` (only if no replay holds it, or its hold ended before `now`);
   * false when one does. Moves the version on, as the health marks do.
   */
  startReplay(accountId: string, webhookId: string, until: string, now: string): Promise<boolean>;
  /** Frees the endpoint for the next replay (nothing if it is free or gone). */
  endReplay(accountId: string, webhookId: string): Promise<void>;
}

export interface DeliveryStore {
  /**
   * Creates the deliveries that do not exist yet, or exist past their retention (conditional puts: the fan-out may
   * run twice); returns those new.
   */
  createMany(deliveries: WebhookDelivery[]): Promise<WebhookDelivery[]>;
  get(accountId: string, webhookId: string, deliveryId: string): Promise<WebhookDelivery | null>;
  /** An endpoint's deliveries, newest first, optionally of one status. */
  list(
    accountId: string,
    webhookId: string,
    filter: { status?: DeliveryStatus },
    page: PageRequest,
  ): Promise<Page<WebhookDelivery>>;
  /**
   * Records an attempt's outcome if the delivery is still at `expectedVersion` (another worker got the same message:
   * false, nothing written).
   */
  record(delivery: WebhookDelivery, expectedVersion: number): Promise<boolean>;
}

/** Where events of the account's audit partition come from for a replay (the audit store's Query, oldest first). */
export interface EventSource {
  /** Events at or after `since`, oldest first, after the event id `after`; a page of at most `limit`. */
  since(
    accountId: string,
    since: string,
    after: string | undefined,
    limit: number,
  ): Promise<{ events: AuditEvent[]; last: string | null }>;
}

/** The delivery queues: first attempts in order per `orderKey` (SQS FIFO), retries after a delay (SQS standard). */
export interface DeliveryQueue {
  /** First attempts, in the order given (message group: the delivery's orderKey; deduplication: `<webhookId>.<id>.<version>`). */
  sendFirst(
    deliveries: Pick<WebhookDelivery, 'accountId' | 'webhookId' | 'id' | 'orderKey' | 'version'>[],
  ): Promise<void>;
  /** A retry (or a later step of a long wait) after `delaySeconds` (at most 900: longer waits are chained). */
  sendLater(message: DeliveryMessage | ReplayMessage, delaySeconds: number): Promise<void>;
}

/** What one HTTP attempt came to. */
export interface SendOutcome {
  /** The receiver's status, if it answered. */
  statusCode?: number;
  /** Why it failed without an answer or was refused: `timeout`, `address not allowed`, `connection refused`, … */
  error?: string;
  /** The first RESPONSE_SHOWN_BYTES of the answer, as text. */
  response?: string;
  durationMs: number;
}

/** POSTs a signed body to an endpoint, with the SSRF rules (resolved address public, no redirects, bounded read). */
export interface WebhookSender {
  send(url: string, headers: Record<string, string>, body: string): Promise<SendOutcome>;
}

/** The deployment's EventBridge bus (locally: a recorder the tests read). */
export interface EventBus {
  /** Puts every event (`source: "switchboard"`, `detail-type`: its type); throws if any entry was refused. */
  publish(events: PublicEvent[]): Promise<void>;
}

/**
 * Seals and opens signing secrets (AES-256-GCM under the deployment's webhook key). `context` is what the sealed
 * value belongs to (`<accountId>/<webhookId>`): bound as additional authenticated data, so a sealed value copied to
 * another endpoint does not open.
 */
export interface SecretBox {
  seal(secret: string, context: string): Promise<string>;
  open(sealed: string, context: string): Promise<string>;
}
