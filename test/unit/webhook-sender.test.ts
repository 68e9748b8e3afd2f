/**
 * The HTTP sender against real receivers on 127.0.0.1 (loopback allowed, as locally): what counts as an answer, what
 * is read of it, the deadline, redirects, and the address rules (loopback refused where it is not allowed).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { Webhook as Receiver } from 'standardwebhooks';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { readAtMost, WEBHOOK_USER_AGENT, webhookSender } from '#adapters/webhooks/http-sender.ts';
import { newWebhookSecret, webhookHeaders } from '#domain/webhook-signature.ts';
import { RESPONSE_READ_BYTES, RESPONSE_SHOWN_BYTES } from '#domain/webhook.ts';

interface Received {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  body: string;
}

let server: Server;
let base: string;
let received: Received[];
const routes: Record<string, (res: ServerResponse) => void> = {
  '/ok': (res) => res.writeHead(200, { 'content-type': 'text/plain' }).end('thanks'),
  '/fail': (res) => res.writeHead(500).end('internal trouble'),
  '/moved': (res) => res.writeHead(302, { location: '/ok' }).end(),
  '/slow': () => {
    // never answers
  },
  '/big': (res) => {
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.end(Buffer.alloc(1024 * 1024, 'a'));
  },
  '/endless': (res) => {
    // 70 KB, then the answer stays open: only a reader that stops at 64 KB returns before the deadline
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.write(Buffer.alloc(70 * 1024, 'b'));
  },
};

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({
        method: req.method ?? '',
        path: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      });
      (routes[req.url ?? ''] ?? ((r: ServerResponse) => r.writeHead(404).end()))(res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});
beforeEach(() => {
  received = [];
});

const local = webhookSender({ allowLoopback: () => true, timeoutMs: 1000 });
const deployed = webhookSender({ allowLoopback: () => false, timeoutMs: 1000 });
const body = JSON.stringify({ type: 'user.created', id: 'evt1', data: { userId: 'u1' } });
const secret = newWebhookSecret();
const headers = webhookHeaders([secret], 'evt1', Math.floor(Date.now() / 1000), body);

describe('an answer', () => {
  it('a 2xx: the body and signed headers arrive as given, with our user agent; the answer is kept', async () => {
    const outcome = await local.send(`${base}/ok`, headers, body);
    expect(outcome).toMatchObject({ statusCode: 200, response: 'thanks' });
    expect(outcome.error).toBeUndefined();
    expect(outcome.durationMs).toBeGreaterThanOrEqual(0);
    expect(received).toHaveLength(1);
    const [got] = received;
    expect(got).toMatchObject({ method: 'POST', path: '/ok', body });
    expect(got.headers['user-agent']).toBe(WEBHOOK_USER_AGENT);
    expect(got.headers['content-type']).toBe('application/json');
    // what a receiver does: verify with the endpoint's secret
    const asReceived = Object.fromEntries(
      ['webhook-id', 'webhook-timestamp', 'webhook-signature'].map((h) => [h, String(got.headers[h])]),
    );
    expect(new Receiver(secret).verify(got.body, asReceived)).toEqual(JSON.parse(body));
    expect(() => new Receiver(newWebhookSecret()).verify(got.body, asReceived)).toThrow();
  });

  it('a 500 is the status and the start of its answer, no error of ours', async () => {
    const outcome = await local.send(`${base}/fail`, headers, body);
    expect(outcome).toMatchObject({ statusCode: 500, response: 'internal trouble' });
    expect(outcome.error).toBeUndefined();
  });

  it('a redirect is not followed: a failure, the target never called', async () => {
    const outcome = await local.send(`${base}/moved`, headers, body);
    expect(outcome).toMatchObject({ statusCode: 302, error: 'redirect not followed' });
    expect(received.map((r) => r.path)).toEqual(['/moved']);
  });

  it('no answer within the deadline is a timeout', async () => {
    const quick = webhookSender({ allowLoopback: () => true, timeoutMs: 150 });
    const outcome = await quick.send(`${base}/slow`, headers, body);
    expect(outcome.error).toBe('timeout');
    expect(outcome.statusCode).toBeUndefined();
    expect(outcome.durationMs).toBeGreaterThanOrEqual(140);
    expect(outcome.durationMs).toBeLessThan(1000);
  });

  it('a 1 MB answer: 1 KB of it kept', async () => {
    const outcome = await local.send(`${base}/big`, headers, body);
    expect(outcome.statusCode).toBe(200);
    expect(outcome.response).toBe('a'.repeat(RESPONSE_SHOWN_BYTES));
  });

  it('reading stops at 64 KB: an answer that never ends still returns before the deadline', async () => {
    const outcome = await webhookSender({ allowLoopback: () => true, timeoutMs: 3000 }).send(
      `${base}/endless`,
      headers,
      body,
    );
    expect(outcome.error).toBeUndefined();
    expect(outcome.statusCode).toBe(200);
    expect(outcome.durationMs).toBeLessThan(2500);
    // with a limit above what it sends, the same answer runs into the deadline (the control)
    const unbounded = await webhookSender({ allowLoopback: () => true, timeoutMs: 300, readBytes: 1024 * 1024 }).send(
      `${base}/endless`,
      headers,
      body,
    );
    expect(unbounded.error).toBe('timeout');
  });

  it('readAtMost takes at most the limit from a stream, then leaves it', async () => {
    let produced = 0;
    const source = new Readable({
      read() {
        produced += 16 * 1024;
        this.push(produced > 1024 * 1024 ? null : Buffer.alloc(16 * 1024, 'c'));
      },
      highWaterMark: 16 * 1024,
    });
    const { kept, read } = await readAtMost(source, RESPONSE_READ_BYTES, RESPONSE_SHOWN_BYTES);
    expect(read).toBe(RESPONSE_READ_BYTES);
    expect(kept.length).toBe(RESPONSE_SHOWN_BYTES);
    expect(produced).toBeLessThan(200 * 1024);
  });

  it('a refused connection is a failure without a status', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const outcome = await local.send(`http://127.0.0.1:${port}/`, headers, body);
    expect(outcome).toMatchObject({ error: 'connection refused' });
    expect(outcome.statusCode).toBeUndefined();
  });
});

describe('where it may send (SSRF)', () => {
  it('without the loopback setting 127.0.0.1 is refused unsent; with it the same URL is delivered', async () => {
    expect(await deployed.send(`${base}/ok`, headers, body)).toMatchObject({ error: 'address not allowed' });
    expect(received).toHaveLength(0);
    expect(await local.send(`${base}/ok`, headers, body)).toMatchObject({ statusCode: 200 });
    expect(received).toHaveLength(1);
  });

  it('a name is refused when any address it resolves to is not public', async () => {
    const resolving = (addresses: string[]) =>
      webhookSender({
        allowLoopback: () => false,
        resolve: async () => addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 })),
      });
    const refused = [
      ['10.0.0.7'],
      ['93.184.215.14', '169.254.169.254'],
      ['::ffff:192.168.1.1'],
      // IPv6 forms that carry the metadata or a loopback address
      ['::a9fe:a9fe'],
      ['::ffff:a9fe:a9fe'],
      ['::ffff:0:a9fe:a9fe'],
      ['64:ff9b::a9fe:a9fe'],
      ['64:ff9b:1::a9fe:a9fe'],
      ['::7f00:1'],
      ['2002:a9fe:a9fe::1'],
      ['2001:0:a9fe:a9fe::1'],
      [],
    ];
    for (const addresses of refused)
      expect(await resolving(addresses).send('https://hooks.example.com/in', headers, body), String(addresses)).toEqual(
        expect.objectContaining({ error: 'address not allowed' }),
      );
    // the control, through the same path: public answers pass the address check and stop only at the next rule
    // (plain http), so nothing leaves the machine
    for (const addresses of [['93.184.215.14'], ['2606:4700::1'], ['::ffff:8.8.8.8'], ['93.184.215.14', '8.8.8.8']])
      expect(await resolving(addresses).send('http://hooks.example.com/in', headers, body), String(addresses)).toEqual(
        expect.objectContaining({ error: 'https required' }),
      );
    expect(await resolving(['::a9fe:a9fe']).send('http://hooks.example.com/in', headers, body)).toMatchObject({
      error: 'address not allowed',
    });
  });

  it('the deadline covers the lookup: a slow resolver is a timeout, and its late answer is never used', async () => {
    let answered = false;
    const slow = webhookSender({
      allowLoopback: () => true,
      timeoutMs: 150,
      resolve: () =>
        new Promise((resolve) =>
          setTimeout(() => {
            answered = true;
            resolve([{ address: '127.0.0.1', family: 4 }]);
          }, 600),
        ),
    });
    const port = (server.address() as AddressInfo).port;
    const outcome = await slow.send(`http://receiver.example:${port}/ok`, headers, body);
    expect(outcome.error).toBe('timeout');
    expect(outcome.durationMs).toBeGreaterThanOrEqual(140);
    expect(outcome.durationMs).toBeLessThan(450);
    expect(answered).toBe(false);
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(answered).toBe(true);
    expect(received).toHaveLength(0);
    // the control: the same resolver within a longer deadline is waited for and delivered to
    const patient = webhookSender({
      allowLoopback: () => true,
      timeoutMs: 2000,
      resolve: () => new Promise((resolve) => setTimeout(() => resolve([{ address: '127.0.0.1', family: 4 }]), 300)),
    });
    expect(await patient.send(`http://receiver.example:${port}/ok`, headers, body)).toMatchObject({ statusCode: 200 });
    expect(received).toHaveLength(1);
  });

  it('a failed lookup after the deadline is no unhandled rejection', async () => {
    const failing = webhookSender({
      allowLoopback: () => false,
      timeoutMs: 50,
      resolve: () =>
        new Promise((_, reject) =>
          setTimeout(() => reject(Object.assign(new Error('late'), { code: 'ENOTFOUND' })), 150),
        ),
    });
    expect(await failing.send('https://hooks.example.com/in', headers, body)).toMatchObject({ error: 'timeout' });
    await new Promise((resolve) => setTimeout(resolve, 200));
  });

  it('connects to the address it vetted, with the name as the Host', async () => {
    const port = (server.address() as AddressInfo).port;
    let lookups = 0;
    const pinned = webhookSender({
      allowLoopback: () => true,
      resolve: async () => {
        lookups += 1;
        return [{ address: '127.0.0.1', family: 4 }];
      },
    });
    const outcome = await pinned.send(`http://receiver.example:${port}/ok`, headers, body);
    expect(outcome).toMatchObject({ statusCode: 200 });
    expect(lookups).toBe(1);
    expect(received[0].headers.host).toBe(`receiver.example:${port}`);
  });

  it('plain http only to loopback where it is allowed; other schemes never', async () => {
    const toPublic = webhookSender({
      allowLoopback: () => true,
      resolve: async () => [{ address: '93.184.215.14', family: 4 }],
    });
    expect(await toPublic.send('http://hooks.example.com/in', headers, body)).toMatchObject({
      error: 'https required',
    });
    expect(await local.send('ftp://127.0.0.1/in', headers, body)).toMatchObject({ error: 'https required' });
  });
});
