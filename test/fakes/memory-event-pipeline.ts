/**
 * In-memory ports of the events pipeline (the fan-out and the delivery worker): the webhook and delivery stores with
 * the adapters' conditions, the queues, the bus, a scripted HTTP sender, an event source and a secret box.
 */
import type { AuditEvent } from '#domain/audit.ts';
import type { DeliveryMessage, PublicEvent, ReplayMessage, Webhook, WebhookDelivery } from '#domain/webhook.ts';
import type {
  DeliveryQueue,
  DeliveryStore,
  EventBus,
  EventSource,
  SecretBox,
  SendOutcome,
  WebhookSender,
  WebhookStore,
} from '#ports/webhooks.ts';

const clone = <T>(v: T): T => structuredClone(v);

type PipelineWebhookStore = Pick<
  WebhookStore,
  'get' | 'list' | 'markFailing' | 'markHealthy' | 'disableFailing' | 'endReplay'
>;

export class MemoryWebhooks implements PipelineWebhookStore {
  readonly items = new Map<string, Webhook>();
  /** Accounts listed, one entry per call. */
  readonly listed: string[] = [];
  readonly events: AuditEvent[] = [];
  put(w: Webhook) {
    this.items.set(`${w.accountId}/${w.id}`, clone(w));
  }
  async get(accountId: string, webhookId: string) {
    const w = this.items.get(`${accountId}/${webhookId}`);
    return w ? clone(w) : null;
  }
  async list(accountId: string) {
    this.listed.push(accountId);
    return [...this.items.values()].filter((w) => w.accountId === accountId).map(clone);
  }
  /** The next markFailing throws (DynamoDB unavailable a moment). */
  failNextMarkFailing = false;
  async markFailing(accountId: string, webhookId: string, since: string) {
    if (this.failNextMarkFailing) {
      this.failNextMarkFailing = false;
      throw new Error('DynamoDB unavailable');
    }
    const w = this.items.get(`${accountId}/${webhookId}`);
    if (w && !w.failingSince) w.failingSince = since;
  }
  async markHealthy(accountId: string, webhookId: string) {
    const w = this.items.get(`${accountId}/${webhookId}`);
    if (w) delete w.failingSince;
  }
  async disableFailing(webhook: Webhook, at: string, event: AuditEvent) {
    const w = this.items.get(`${webhook.accountId}/${webhook.id}`);
    if (!w || w.status !== 'enabled' || w.failingSince !== webhook.failingSince) return false;
    Object.assign(w, { status: 'disabled', disabledReason: 'failing', updatedAt: at, version: w.version + 1 });
    this.events.push(event);
    return true;
  }
  async endReplay(accountId: string, webhookId: string) {
    const w = this.items.get(`${accountId}/${webhookId}`);
    if (w?.replayingUntil !== undefined) {
      delete w.replayingUntil;
      w.version += 1;
    }
  }
}

export class MemoryDeliveries implements Pick<DeliveryStore, 'get' | 'record' | 'createMany'> {
  readonly items = new Map<string, WebhookDelivery>();
  /** Every successful record, in order. */
  readonly recorded: WebhookDelivery[] = [];
  private key = (d: Pick<WebhookDelivery, 'accountId' | 'webhookId' | 'id'>) => `${d.accountId}/${d.webhookId}/${d.id}`;
  put(d: WebhookDelivery) {
    this.items.set(this.key(d), clone(d));
  }
  all() {
    return [...this.items.values()].map(clone);
  }
  async createMany(deliveries: WebhookDelivery[]) {
    const created = deliveries.filter((d) => !this.items.has(this.key(d)));
    for (const d of created) this.put(d);
    return created.map(clone);
  }
  async get(accountId: string, webhookId: string, deliveryId: string) {
    const d = this.items.get(this.key({ accountId, webhookId, id: deliveryId }));
    return d ? clone(d) : null;
  }
  async record(delivery: WebhookDelivery, expectedVersion: number) {
    const current = this.items.get(this.key(delivery));
    if (!current || current.version !== expectedVersion) return false;
    this.put(delivery);
    this.recorded.push(clone(delivery));
    return true;
  }
}

export type FirstAttempt = Parameters<DeliveryQueue['sendFirst']>[0][number];

export class MemoryQueue implements DeliveryQueue {
  /** First attempts, in the order sent, one entry per call. */
  readonly firstCalls: FirstAttempt[][] = [];
  readonly later: { message: DeliveryMessage | ReplayMessage; delaySeconds: number }[] = [];
  get first(): FirstAttempt[] {
    return this.firstCalls.flat();
  }
  /** The next sendFirst or sendLater throws (SQS unavailable a moment). */
  failNextFirst = false;
  failNextLater = false;
  async sendFirst(deliveries: FirstAttempt[]) {
    if (this.failNextFirst) {
      this.failNextFirst = false;
      throw new Error('SQS unavailable');
    }
    this.firstCalls.push(
      deliveries.map((d) => ({
        accountId: d.accountId,
        webhookId: d.webhookId,
        id: d.id,
        orderKey: d.orderKey,
        version: d.version,
      })),
    );
  }
  async sendLater(message: DeliveryMessage | ReplayMessage, delaySeconds: number) {
    if (this.failNextLater) {
      this.failNextLater = false;
      throw new Error('SQS unavailable');
    }
    this.later.push({ message: clone(message), delaySeconds });
  }
}

export class MemoryBus implements EventBus {
  readonly published: PublicEvent[] = [];
  fail = false;
  async publish(events: PublicEvent[]) {
    if (this.fail) throw new Error('EventBridge refused 1 of 1 events (InternalFailure)');
    this.published.push(...clone(events));
  }
}

/** Answers each send with the next scripted outcome (the last one repeats); records what was sent. */
export class ScriptedSender implements WebhookSender {
  readonly sent: { url: string; headers: Record<string, string>; body: string }[] = [];
  constructor(private outcomes: SendOutcome[] = [{ statusCode: 200, response: 'ok', durationMs: 12 }]) {}
  script(...outcomes: SendOutcome[]) {
    this.outcomes = outcomes;
  }
  async send(url: string, headers: Record<string, string>, body: string) {
    this.sent.push({ url, headers, body });
    await Promise.resolve();
    return this.outcomes.length > 1 ? this.outcomes.shift()! : this.outcomes[0];
  }
}

/**
 * Sealed secrets are `sealed:<context>:<secret>`; opening anything else, or under another context, fails, as a
 * tampered or copied value would.
 */
export const memorySecretBox: SecretBox = {
  seal: async (secret, context) => `sealed:${context}:${secret}`,
  open: async (sealed, context) => {
    if (!sealed.startsWith(`sealed:${context}:`)) throw new Error('not a sealed secret of this endpoint');
    return sealed.slice(`sealed:${context}:`.length);
  },
};

/** An account's events, oldest first, paged like the audit partition's Query. */
export class MemoryEventSource implements EventSource {
  readonly events: AuditEvent[] = [];
  async since(accountId: string, since: string, after: string | undefined, limit: number) {
    const all = this.events
      .filter((e) => e.accountId === accountId && e.at >= since && (!after || e.id > after))
      .sort((a, b) => (a.id < b.id ? -1 : 1));
    const events = all.slice(0, limit).map(clone);
    return { events, last: all.length > limit ? events.at(-1)!.id : null };
  }
}
