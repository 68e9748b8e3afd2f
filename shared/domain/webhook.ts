/**
 * Webhook endpoints of an account and their deliveries: what an endpoint listens to, how long its deliveries are
 * kept and retried, and when an endpoint that keeps failing is turned off. The event catalogue is in
 * event-catalogue.ts, the Standard Webhooks signature in webhook-signature.ts.
 */

export const webhookStatuses = ['enabled', 'disabled'] as const;
export type WebhookStatus = (typeof webhookStatuses)[number];

/** At most this many endpoints per account (a conditional count, never a read then a write). */
export const MAX_WEBHOOKS_PER_ACCOUNT = 10;
/** After a rotation the previous secret keeps signing beside the new one this long. */
export const SECRET_OVERLAP_SECONDS = 24 * 3600;
/** Deliveries are kept (and listed) this long, then TTL removes them. */
export const DELIVERY_RETENTION_SECONDS = 30 * 24 * 3600;
/** Waits before each retry (a delivery is tried 1 + this many times, then `failed`). */
export const DEFAULT_RETRY_SCHEDULE_SECONDS = [5, 60, 300, 1800, 7200, 28800, 86400] as const;
/** An endpoint whose deliveries have failed without a success in between for this long is disabled. */
export const DISABLE_AFTER_FAILING_SECONDS = 3 * 24 * 3600;
/** A 2xx within this time is a success. */
export const DELIVERY_TIMEOUT_MS = 10_000;
/** Of a receiver's answer at most this much is read, and at most `RESPONSE_SHOWN_BYTES` of it kept and shown. */
export const RESPONSE_READ_BYTES = 64 * 1024;
export const RESPONSE_SHOWN_BYTES = 1024;
/** How far back `replay` reaches (the deliveries' retention). */
export const REPLAY_WINDOW_SECONDS = DELIVERY_RETENTION_SECONDS;
/** A replay holds its endpoint this long at most: a replay that crashed blocks the next one no longer. */
export const REPLAY_HOLD_SECONDS = 15 * 60;

/** A signing secret as stored: sealed (encrypted) by the adapter, never in clear text at rest. */
export interface WebhookSecret {
  /** The sealed `whsec_…` value. */
  sealed: string;
  createdAt: string;
  /** Set on the previous secret by a rotation: it stops signing then. */
  expiresAt?: string;
}

/** What an endpoint's sealed signing secrets are bound to (the SecretBox's additional authenticated data). */
export const secretContext = (accountId: string, webhookId: string): string => `${accountId}/${webhookId}`;

export interface Webhook {
  id: string;
  accountId: string;
  url: string;
  /** Exact types from the catalogue, `<family>.*` or `*`. */
  eventTypes: string[];
  description?: string;
  status: WebhookStatus;
  /** Why it is disabled: by a manager, or by Switchboard after failing for three days. */
  disabledReason?: 'manual' | 'failing';
  /** The current secret first, then the previous one while its overlap lasts. */
  secrets: WebhookSecret[];
  /** When its deliveries started failing without a success since (cleared by the next success). */
  failingSince?: string;
  /** A replay of its events runs until then at most (one at a time; cleared by its last page). */
  replayingUntil?: string;
  createdAt: string;
  updatedAt: string;
  version: number;
}

export const deliveryStatuses = ['pending', 'succeeded', 'failed'] as const;
export type DeliveryStatus = (typeof deliveryStatuses)[number];

/**
 * One event on its way to one endpoint. Its id is the event's id (one delivery per endpoint and event, so the
 * fan-out can run twice without sending twice); the body is kept as signed, byte for byte, for every attempt.
 */
export interface WebhookDelivery {
  id: string;
  accountId: string;
  webhookId: string;
  eventId: string;
  type: string;
  status: DeliveryStatus;
  /** Attempts made so far. */
  attempts: number;
  lastStatusCode?: number;
  /** Why the last attempt failed (`timeout`, `address not allowed`, `status 500`, …), never the receiver's body. */
  lastError?: string;
  /** The first 1 KB of the receiver's last answer (text). */
  lastResponse?: string;
  /** When the next attempt is due (pending only). */
  nextAttemptAt?: string;
  /** How long the last attempt took. */
  durationMs?: number;
  /** The JSON body, exactly as sent and signed. */
  payload: string;
  /** Deliveries of one endpoint about one member leave in order on their first attempt (the FIFO message group). */
  orderKey: string;
  /**
   * The queue message whose attempt was recorded last: its redelivery (the follow-up failed after the record) is
   * recognised and the follow-up sent again, rather than the message being dropped as one of an older version.
   */
  lastMessageId?: string;
  /** When its 30 days of retention started: its creation, or its last re-arming (a retry, a replay). */
  retainedFrom?: string;
  createdAt: string;
  updatedAt: string;
  version: number;
}

/** The body of every delivery and of every EventBridge `detail`. */
export interface PublicEvent {
  type: string;
  /** The audit event's id (a ULID: sorts in commit order); receivers use it as their idempotency key. */
  id: string;
  /** When the change happened (ISO 8601). */
  timestamp: string;
  accountId: string;
  data: Record<string, unknown>;
}

/** A work item on the delivery queues: which delivery to attempt. */
export interface DeliveryMessage {
  accountId: string;
  webhookId: string;
  deliveryId: string;
  /**
   * The delivery's version the message was sent for: a message of an older version (a fan-out run twice, a retry
   * chain a manual retry replaced) is dropped, so one chain of attempts at most is alive per delivery.
   */
  version?: number;
}

/** A work item asking the worker to create the deliveries of a replay, page by page. */
export interface ReplayMessage {
  kind: 'replay';
  accountId: string;
  webhookId: string;
  /** ISO time: events from then on. */
  since: string;
  /** Where the previous page stopped (an event id), if any. */
  after?: string;
}
