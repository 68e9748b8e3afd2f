/** HTTP helpers for integration tests against the local stack the global setup started. */
import { inject } from 'vitest';
import type { StackInfo } from './stack-info.ts';

/**
 * The stack of this worker: integration files run in parallel, one per worker (VITEST_POOL_ID 1, 2, …), and each
 * worker has a stack of its own, so a file's clock offsets, armed faults and mail never meet another file's.
 */
export const stack = (): StackInfo => {
  const stacks = inject('stacks');
  const worker = Number(process.env.VITEST_POOL_ID ?? '1');
  return stacks[(Math.max(1, worker) - 1) % stacks.length];
};

export interface CallOptions {
  /** Sent as `Authorization: Bearer <token>`. */
  token?: string;
  /** `true`: the stack's operator key; a string: that key. Sent as `X-Operator-Key`. */
  operatorKey?: string | true;
  /** Sent as JSON with `content-type: application/json`. */
  body?: unknown;
  /** Sent byte for byte; no content-type unless `headers` gives one. */
  rawBody?: string | Uint8Array;
  headers?: Record<string, string>;
}

export interface CallResult<B = any> {
  status: number;
  /** Lowercased header names. */
  headers: Record<string, string>;
  /** Parsed JSON when the response says it is JSON, the text otherwise ('' when empty). */
  body: B;
  /** DynamoDB round trips the request made (from `x-local-ddb-calls`). */
  ddbCalls: number;
  /** Their SDK command names, in order (from `x-local-ddb-commands`). */
  ddbCommands: string[];
}

export async function call<B = any>(method: string, path: string, options: CallOptions = {}): Promise<CallResult<B>> {
  const headers: Record<string, string> = {};
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  if (options.operatorKey)
    headers['x-operator-key'] = options.operatorKey === true ? stack().operatorKey : options.operatorKey;
  let body: string | Uint8Array | undefined = options.rawBody;
  if (options.body !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(options.body);
  }
  Object.assign(headers, options.headers);
  const response = await fetch(`${stack().baseUrl}${path}`, { method, headers, body });
  const text = await response.text();
  const type = response.headers.get('content-type') ?? '';
  const parsed = text && /[/+]json\b/.test(type) ? JSON.parse(text) : text;
  const commands = response.headers.get('x-local-ddb-commands');
  return {
    status: response.status,
    headers: Object.fromEntries(response.headers),
    body: parsed as B,
    ddbCalls: Number(response.headers.get('x-local-ddb-calls') ?? 0),
    ddbCommands: commands ? commands.split(',') : [],
  };
}

async function control(method: string, path: string, body?: unknown): Promise<unknown> {
  const result = await call(method, `/__test/${path}`, body === undefined ? {} : { body });
  if (result.status >= 300)
    throw new Error(`${method} /__test/${path} answered ${result.status}: ${JSON.stringify(result.body)}`);
  return result.body;
}

/** Moves the handlers' clock to now + offsetSeconds (0 puts it back). */
export async function clock(offsetSeconds: number): Promise<void> {
  await control('POST', 'clock', { offsetSeconds });
}

export interface FaultSpec {
  service: 'dynamodb' | 'cognito' | 'ses';
  /** SDK command name, e.g. `TransactWriteItemsCommand`; omitted: any command of that service. */
  command?: string;
  /** How many matching calls fail (default 1). */
  times?: number;
  /** How many matching calls succeed first (default 0): `{ command: 'TransactWriteItems', after: 1 }` fails the second. */
  after?: number;
  /** Default `InternalServerError`; an exception the SDK package exports is thrown as that class. */
  errorName?: string;
  message?: string;
  details?: Record<string, unknown>;
}

/** The next `times` matching SDK calls of the handlers throw, without reaching the emulator. */
export async function fault(spec: FaultSpec): Promise<void> {
  await control('POST', 'faults', spec);
}

export async function clearFaults(): Promise<void> {
  await control('DELETE', 'faults');
}

/** Runs the scheduled cleanup once, now (expired invitations, pending closes). */
export async function runCleanup(): Promise<unknown> {
  return control('POST', 'cleanup');
}

/** Holds the local import queue's delivery: of every message, or of one account's (`accountId`). */
export async function holdImportQueue(accountId?: string): Promise<void> {
  await control('POST', 'queue/hold', accountId ? { accountId } : {});
}

/** Releases what `holdImportQueue` held; the waiting messages are delivered now. */
export async function resumeImportQueue(accountId?: string): Promise<void> {
  await control('POST', 'queue/resume', accountId ? { accountId } : {});
}

/** The local import queue: what is held and waiting, in flight, delivered, parked as dead letters. */
export async function importQueueState(): Promise<{
  held: 'all' | string[];
  waiting: number;
  inFlight: number;
  delivered: number;
  deadLetters: { messageId: string; body: string; receiveCount: number }[];
}> {
  return control('GET', 'queue') as never;
}
