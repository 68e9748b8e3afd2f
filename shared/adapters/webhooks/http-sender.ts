/**
 * POSTs a signed delivery under the SSRF rules: the host is resolved here and every address it has must be public
 * (loopback too only with WEBHOOK_ALLOW_LOOPBACK), the connection goes to that vetted address (pinned: no second
 * lookup can swap it), https unless loopback is allowed, no redirect followed, no proxy, a deadline for the whole
 * exchange, and at most RESPONSE_READ_BYTES of the answer read, RESPONSE_SHOWN_BYTES of it kept.
 */
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { Agent as HttpAgent, type IncomingMessage, request as httpRequest } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import { performance } from 'node:perf_hooks';
import type { Readable } from 'node:stream';
import { eventSettingNames } from '#config/env.ts';
import { isDeliverableAddress } from '#domain/webhook-address.ts';
import { DELIVERY_TIMEOUT_MS, RESPONSE_READ_BYTES, RESPONSE_SHOWN_BYTES } from '#domain/webhook.ts';
import type { SendOutcome, WebhookSender } from '#ports/webhooks.ts';

export const WEBHOOK_USER_AGENT = 'Switchboard-Webhooks/1';

export interface SenderOptions {
  /** Loopback addresses (and http to them) allowed: the local deployment only. */
  allowLoopback: () => boolean;
  timeoutMs?: number;
  readBytes?: number;
  shownBytes?: number;
  /** The resolver (tests give one that answers a name with chosen addresses). */
  resolve?: (host: string) => Promise<LookupAddress[]>;
}

const resolveAll = (host: string): Promise<LookupAddress[]> =>
  new Promise((resolve, reject) =>
    dnsLookup(host, { all: true, verbatim: true }, (error, addresses) => (error ? reject(error) : resolve(addresses))),
  );

/**
 * A `lookup` that answers every name with the vetted address, whatever form the caller asks for (net asks with
 * `all: true` when it may try several families): the socket can only go where the check said.
 */
function pinnedLookup(vetted: LookupAddress): LookupFunction {
  return ((_host: string, options: { all?: boolean }, callback: (...args: unknown[]) => void) => {
    if (options?.all) callback(null, [vetted]);
    else callback(null, vetted.address, vetted.family);
  }) as unknown as LookupFunction;
}

/** Reads at most `max` bytes of a stream, then stops reading it (the caller destroys it); keeps the first `keep`. */
export async function readAtMost(stream: Readable, max: number, keep: number): Promise<{ kept: Buffer; read: number }> {
  const kept: Buffer[] = [];
  let read = 0;
  let keptBytes = 0;
  for await (const chunk of stream) {
    const buffer = chunk as Buffer;
    const take = Math.min(buffer.length, max - read);
    read += take;
    if (keptBytes < keep) {
      const piece = buffer.subarray(0, Math.min(take, keep - keptBytes));
      kept.push(piece);
      keptBytes += piece.length;
    }
    if (read >= max) break;
  }
  return { kept: Buffer.concat(kept), read };
}

/** A short, stable reason for a failure without an answer (never the receiver's text). */
function reasonOf(error: unknown): string {
  const code = (error as { code?: string }).code;
  if (code === 'ECONNREFUSED') return 'connection refused';
  if (code === 'ECONNRESET' || code === 'EPIPE') return 'connection reset';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'ENODATA') return 'host not found';
  if (code === 'EHOSTUNREACH' || code === 'ENETUNREACH') return 'host unreachable';
  if (code?.startsWith('ERR_TLS') || code?.includes('CERT') || code?.startsWith('ERR_SSL')) return 'tls error';
  if (code === 'HPE_INVALID_CONSTANT' || code?.startsWith('HPE_')) return 'invalid response';
  return 'connection failed';
}

export function webhookSender(options: SenderOptions): WebhookSender {
  const timeoutMs = options.timeoutMs ?? DELIVERY_TIMEOUT_MS;
  const readBytes = options.readBytes ?? RESPONSE_READ_BYTES;
  const shownBytes = options.shownBytes ?? RESPONSE_SHOWN_BYTES;
  const resolve = options.resolve ?? resolveAll;

  return {
    async send(url, headers, body): Promise<SendOutcome> {
      const started = performance.now();
      const done = (outcome: Omit<SendOutcome, 'durationMs'>): SendOutcome => ({
        ...outcome,
        durationMs: Math.round(performance.now() - started),
      });
      const allowLoopback = options.allowLoopback();
      let target: URL;
      try {
        target = new URL(url);
      } catch {
        return done({ error: 'invalid url' });
      }
      const secure = target.protocol === 'https:';
      if (!secure && target.protocol !== 'http:') return done({ error: 'https required' });
      const host = target.hostname.replace(/^\[(.*)\]$/, '$1');
      // the deadline starts now and covers the lookup too: a resolver that answers late is not waited for, and
      // its answer, when it comes, is ignored
      const deadline = started + timeoutMs;
      let addresses: LookupAddress[];
      let lookupTimer: NodeJS.Timeout | undefined;
      try {
        const lookup = isIP(host) ? Promise.resolve([{ address: host, family: isIP(host) }]) : resolve(host);
        lookup.catch(() => undefined);
        const expired = new Promise<'timeout'>((settle) => {
          lookupTimer = setTimeout(() => settle('timeout'), timeoutMs);
        });
        const first = await Promise.race([lookup, expired]);
        if (first === 'timeout') return done({ error: 'timeout' });
        addresses = first;
      } catch (error) {
        return done({ error: reasonOf(error) });
      } finally {
        clearTimeout(lookupTimer);
      }
      if (addresses.length === 0 || !addresses.every((a) => isDeliverableAddress(a.address, allowLoopback)))
        return done({ error: 'address not allowed' });
      // plain http only where loopback is allowed, and then only to loopback, whatever the name resolved to
      const loopbackOnly = addresses.every((a) => !isDeliverableAddress(a.address));
      if (!secure && !(allowLoopback && loopbackOnly)) return done({ error: 'https required' });

      return new Promise<SendOutcome>((settle) => {
        let finished = false;
        const finish = (outcome: Omit<SendOutcome, 'durationMs'>) => {
          if (finished) return;
          finished = true;
          clearTimeout(timer);
          request.destroy();
          settle(done(outcome));
        };
        const requestOptions = {
          method: 'POST',
          host,
          port: target.port || (secure ? 443 : 80),
          path: `${target.pathname}${target.search}`,
          headers: {
            ...headers,
            'user-agent': WEBHOOK_USER_AGENT,
            'content-length': String(Buffer.byteLength(body)),
          },
          // a fresh agent: no pooled socket to another address, no proxy from the environment
          agent: secure ? new HttpsAgent({ keepAlive: false }) : new HttpAgent({ keepAlive: false }),
          lookup: pinnedLookup(addresses[0]),
          // SNI and certificate checks against the name, not the address
          ...(secure && !isIP(host) ? { servername: host } : {}),
        };
        const request = (secure ? httpsRequest : httpRequest)(requestOptions, (response: IncomingMessage) => {
          const status = response.statusCode ?? 0;
          readAtMost(response, readBytes, shownBytes).then(
            ({ kept }) =>
              finish({
                statusCode: status,
                response: kept.toString('utf8'),
                ...(status >= 300 && status < 400 ? { error: 'redirect not followed' } : {}),
              }),
            (error) => finish({ error: reasonOf(error) }),
          );
        });
        // one deadline for the whole exchange: the lookup (above), connecting, the answer's head and what is read of
        // its body
        const timer = setTimeout(() => finish({ error: 'timeout' }), Math.max(0, deadline - performance.now()));
        request.on('error', (error) => finish({ error: reasonOf(error) }));
        request.end(body);
      });
    },
  };
}

/** The deployed sender: loopback only where WEBHOOK_ALLOW_LOOPBACK is `1` (the local runtime). */
export const httpWebhookSender: WebhookSender = webhookSender({
  allowLoopback: () => process.env[eventSettingNames.webhookAllowLoopback] === '1',
});
