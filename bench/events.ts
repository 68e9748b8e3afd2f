/**
 * Events out on the local stack: a receiver on this machine subscribes to `user.*`; system members are created through
 * the API (one transaction each, its `user.created` event in it) and the receiver verifies every delivery with the
 * `standardwebhooks` library, as an integrator would. Measures the time from the committing request's answer to the
 * receiver's 2xx (p50/p99 over `events` events, one request at a time, so no delivery waits behind another), the
 * write's own latency with no endpoint and with one (a request never waits for a webhook), and events per second
 * through the stream, the fan-out and the delivery: a burst of `burst` events written straight into the table
 * (25 a BatchWriteItem), timed from the first write to the last delivery.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import { Webhook } from 'standardwebhooks';
import { auditEventItem } from '../shared/adapters/dynamodb/entities/audit-event.ts';
import { monotonicUlid } from '../shared/adapters/ulid.ts';
import { startStack } from '../test/support/stack-process.ts';
import { client, signedInOwner, type Call } from './client.ts';
import { localTable } from './org-seed.ts';
import { percentile, progress } from './util.ts';

export interface Percentiles {
  p50: number;
  p99: number;
  max: number;
}

export interface EventsResult {
  stackReadyMs: number;
  events: number;
  concurrency: number;
  /** The committing request answered → the receiver answered 2xx. */
  commitToReceiverMs: Percentiles;
  /** A burst of events written straight into the table: how many, how long writing them took, events delivered per second. */
  burst: number;
  burstWriteMs: number;
  eventsPerSecond: number;
  verified: number;
  duplicates: number;
  /** Deliveries about one member that arrived before an earlier event of that member (none expected). */
  outOfOrder: number;
  /** The create request's latency with no endpoint subscribed, then while every write is delivered. */
  writeWithout: Percentiles;
  writeWith: Percentiles;
}

const tag = randomBytes(2).toString('hex');

const stats = (values: number[]): Percentiles => {
  const sorted = [...values].sort((a, b) => a - b);
  return { p50: percentile(sorted, 50), p99: percentile(sorted, 99), max: sorted.at(-1) ?? Number.NaN };
};

interface Receipt {
  at: number;
  type: string;
  userId: string;
  eventId: string;
}

function body(req: IncomingMessage): Promise<string> {
  return new Promise((done, fail) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => done(Buffer.concat(chunks).toString('utf8')));
    req.on('error', fail);
  });
}

/** A receiver that verifies each delivery's signature and answers 204 (401 to a bad signature). */
function receiver(onReceipt: (r: Receipt) => void) {
  let verify: Webhook | undefined;
  const failures: string[] = [];
  const server: Server = createServer(async (req, res) => {
    const text = await body(req);
    try {
      if (!verify) throw new Error('no secret yet');
      const event = verify.verify(text, {
        'webhook-id': String(req.headers['webhook-id']),
        'webhook-timestamp': String(req.headers['webhook-timestamp']),
        'webhook-signature': String(req.headers['webhook-signature']),
      }) as { type: string; id: string; data: { userId?: string } };
      res.writeHead(204).end();
      onReceipt({ at: performance.now(), type: event.type, userId: event.data.userId ?? '', eventId: event.id });
    } catch (error) {
      failures.push((error as Error).message);
      res.writeHead(401).end();
    }
  });
  return {
    server,
    failures,
    useSecret(secret: string) {
      verify = new Webhook(secret);
    },
  };
}

/** Waits (at most two minutes) until `count` distinct events matching `which` were received; the first receipt of each. */
async function deliveredEvents(receipts: Receipt[], which: (r: Receipt) => boolean, count: number) {
  const firstOf = new Map<string, Receipt>();
  const deadline = Date.now() + 120_000;
  for (;;) {
    for (const r of receipts) if (which(r) && !firstOf.has(r.eventId)) firstOf.set(r.eventId, r);
    if (firstOf.size >= count) return firstOf;
    if (Date.now() > deadline) throw new Error(`only ${firstOf.size} of ${count} events reached the receiver in 120 s`);
    await new Promise((ok) => setTimeout(ok, 50));
  }
}

/** `count` creates, `concurrency` at a time; returns each request's answer time by the new member's id. */
async function createMembers(
  call: Call,
  account: { accountId: string; token: string },
  count: number,
  concurrency: number,
  prefix: string,
) {
  const answered = new Map<string, number>();
  const latencies: number[] = [];
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const i = next++;
      const reply = await call<{ id: string }>('POST', `/v1/accounts/${account.accountId}/users`, {
        token: account.token,
        body: { type: 'system', username: `${prefix}${i.toString(36)}`, firstName: 'Bench', lastName: `Event ${i}` },
      });
      answered.set(reply.body.id, performance.now());
      latencies.push(reply.ms);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return { answered, latencies };
}

export async function benchEvents(options: {
  events: number;
  concurrency: number;
  burst: number;
}): Promise<EventsResult> {
  const started = performance.now();
  const running = await startStack({ env: { LOG_LEVEL: 'warn', LOCAL_QUIET: '1' } });
  const stackReadyMs = performance.now() - started;
  const receipts: Receipt[] = [];
  const rx = receiver((r) => receipts.push(r));
  try {
    const stack = running.info;
    const call = client(stack);
    const account = await signedInOwner(stack, call, `events.${tag}`, 'Bench Events');
    await new Promise<void>((ok) => rx.server.listen(0, '127.0.0.1', ok));
    const port = (rx.server.address() as { port: number }).port;

    progress(`events: ${Math.min(options.events, 300)} writes with no endpoint (baseline)`);
    const without = await createMembers(call, account, Math.min(options.events, 300), options.concurrency, `w${tag}a`);

    const hook = await call<{ secret: string }>('POST', `/v1/accounts/${account.accountId}/webhooks`, {
      token: account.token,
      body: { url: `http://127.0.0.1:${port}/hooks`, eventTypes: ['user.*'], description: 'bench' },
    });
    rx.useSecret(hook.body.secret);

    progress(`events: ${options.events} writes delivered to a receiver, ${options.concurrency} at a time`);
    const delivered = await createMembers(call, account, options.events, options.concurrency, `w${tag}b`);
    const firstOf = await deliveredEvents(
      receipts,
      (r) => r.type === 'user.created' && delivered.answered.has(r.userId),
      options.events,
    );
    const lags = [...firstOf.values()].map((r) => r.at - (delivered.answered.get(r.userId) as number));
    const createdReceipts = receipts.filter((r) => r.type === 'user.created' && delivered.answered.has(r.userId));

    // a burst straight into the table: the stream, the fan-out and the deliveries alone
    progress(`events: a burst of ${options.burst} events written into the table`);
    const ids = monotonicUlid();
    const burstIds = new Set<string>();
    const table = localTable(stack);
    const items = Array.from({ length: options.burst }, (_, i) => {
      const id = ids();
      burstIds.add(id);
      return auditEventItem({
        id,
        accountId: account.accountId,
        type: 'user.updated',
        at: new Date().toISOString(),
        actor: { kind: 'system' },
        target: { userId: `01BENCHBURST${String(i).padStart(14, '0')}` },
        details: { changed: ['lastName'] },
      });
    });
    const burstStarted = performance.now();
    for (let i = 0; i < items.length; i += 25) {
      let request: Record<string, unknown[]> | undefined = {
        [table.tableName]: items.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } })),
      };
      while (request && Object.keys(request).length) {
        const out = await table.client.send(new BatchWriteCommand({ RequestItems: request as never }));
        request = out.UnprocessedItems as typeof request;
      }
    }
    const burstWriteMs = performance.now() - burstStarted;
    const burstOf = await deliveredEvents(receipts, (r) => burstIds.has(r.eventId), options.burst);
    const lastAt = Math.max(...[...burstOf.values()].map((r) => r.at));

    // order per member: any member's receipts in event-id order
    const seen = new Map<string, string>();
    let outOfOrder = 0;
    for (const r of receipts) {
      const before = seen.get(r.userId);
      if (before !== undefined && before > r.eventId) outOfOrder++;
      seen.set(r.userId, r.eventId);
    }
    return {
      stackReadyMs,
      events: options.events,
      concurrency: options.concurrency,
      commitToReceiverMs: stats(lags),
      burst: options.burst,
      burstWriteMs,
      eventsPerSecond: options.burst / ((lastAt - burstStarted) / 1000),
      verified: receipts.length,
      duplicates: createdReceipts.length - firstOf.size,
      outOfOrder,
      writeWithout: stats(without.latencies),
      writeWith: stats(delivered.latencies),
    };
  } finally {
    rx.server.close();
    await running.stop();
    if (rx.failures.length) progress(`events: ${rx.failures.length} deliveries failed verification: ${rx.failures[0]}`);
  }
}

const fmt = (p: Percentiles) => `${p.p50.toFixed(1)} / ${p.p99.toFixed(1)} / ${p.max.toFixed(1)}`;

export function renderEventsSection(e: EventsResult): string {
  return `## Events out

A stack of its own (ready in ${(e.stackReadyMs / 1000).toFixed(1)} s); one account; a receiver on this machine subscribed
to \`user.*\`, verifying every delivery with the \`standardwebhooks\` library. ${e.events.toLocaleString('en-US')} system
members created through the API, ${e.concurrency} at a time; each create commits its \`user.created\` event, which the stream
tailer hands to the fan-out, which queues the delivery for the worker. Locally all of it runs in the API's process, so
deliveries and requests share one CPU; in AWS they are separate functions.

| measure | p50 / p99 / max ms |
| ------- | -----------------: |
| request answered → receiver's 2xx | ${fmt(e.commitToReceiverMs)} |
| create request, no endpoint subscribed | ${fmt(e.writeWithout)} |
| create request, every write delivered | ${fmt(e.writeWith)} |

Throughput: a burst of ${e.burst.toLocaleString('en-US')} \`user.updated\` events written straight into the table (in
${(e.burstWriteMs / 1000).toFixed(1)} s, 25 a BatchWriteItem) reached the receiver at **${e.eventsPerSecond.toFixed(0)} events/s**,
from the first write to the last delivery. ${e.verified.toLocaleString('en-US')} deliveries verified, ${e.duplicates} duplicates,
${e.outOfOrder} out of order per member.
`;
}
