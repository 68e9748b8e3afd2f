/**
 * Local-only SDK middleware on the clients the handlers share (production code stays untouched):
 * - counts DynamoDB round trips per gateway request (AsyncLocalStorage keeps concurrent requests apart);
 * - times each request's waits on DynamoDB, Cognito and SES, so the gateway can tell the service's own time apart;
 * - injects faults for tests: the next N matching commands throw an SDK-style error before leaving the process.
 * Import this module only after process.env is set: it loads the client singletons.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import * as dynamodbSdk from '@aws-sdk/client-dynamodb';
import * as cognitoSdk from '@aws-sdk/client-cognito-identity-provider';
import * as sesSdk from '@aws-sdk/client-sesv2';
import { ddbClient } from '../shared/adapters/dynamodb/client.ts';
import { cognitoClient } from '../shared/adapters/cognito/client.ts';
import { sesClient } from '../shared/adapters/ses/client.ts';

export const services = ['dynamodb', 'cognito', 'ses'] as const;
export type Service = (typeof services)[number];

/** A span of wall time, `performance.now()` milliseconds; `end` moves on while a response body is still arriving. */
export interface Interval {
  start: number;
  end: number;
}

/** What one gateway request did; one instance per request, found through AsyncLocalStorage. */
export interface RequestMetrics {
  /** SDK command name of every DynamoDB round trip (retries included), in order. */
  dynamodbCommands: string[];
  /** Every HTTP attempt's time out of the process, per service (request sent → response body read). */
  waits: Record<Service, Interval[]>;
  /** Every SDK command's whole time (`send` → its result or error): the waits and the client's own work around them. */
  sdkCalls: Interval[];
}

export const newRequestMetrics = (): RequestMetrics => ({
  dynamodbCommands: [],
  waits: { dynamodb: [], cognito: [], ses: [] },
  sdkCalls: [],
});

export const requestMetrics = new AsyncLocalStorage<RequestMetrics>();

/**
 * The wall time covered by at least one interval, counted once where they overlap (parallel calls), clipped to
 * `within` when given (a call still running after the handler answered is not the handler's wait).
 */
export function unionMs(intervals: readonly Interval[], within?: Interval): number {
  const clipped = intervals
    // a call without an end yet is still waiting
    .map(({ start, end }) => ({ start, end: Number.isNaN(end) ? (within?.end ?? start) : end }))
    .map(({ start, end }) => ({
      start: within ? Math.max(start, within.start) : start,
      end: within ? Math.min(end, within.end) : end,
    }))
    .filter(({ start, end }) => end > start)
    .sort((a, b) => a.start - b.start);
  let total = 0;
  let run: Interval | undefined;
  for (const next of clipped) {
    if (run && next.start <= run.end) run.end = Math.max(run.end, next.end);
    else {
      if (run) total += run.end - run.start;
      run = { ...next };
    }
  }
  return run ? total + (run.end - run.start) : total;
}

/**
 * The pauses between one command's HTTP attempts: the SDK's retry delay after the service answered an error (a 5xx,
 * throttling). That is waiting on the service too, not the handler's own time.
 */
export function retryDelays(attempts: readonly Interval[]): Interval[] {
  const sorted = [...attempts].sort((a, b) => a.start - b.start);
  const delays: Interval[] = [];
  for (let i = 1; i < sorted.length; i++)
    if (sorted[i].start > sorted[i - 1].end) delays.push({ start: sorted[i - 1].end, end: sorted[i].start });
  return delays;
}

/** A request's own time: the handler's wall time less the union of its waits on every service. */
export interface OwnTime {
  handlerMs: number;
  waitMs: number;
  ownMs: number;
  waits: Record<Service, number>;
  /** The union of the SDK commands' whole times: the waits plus the SDK's own work (serializing, signing, parsing). */
  sdkMs: number;
}

export function ownTime(metrics: RequestMetrics, handler: Interval): OwnTime {
  const handlerMs = handler.end - handler.start;
  const waits = Object.fromEntries(services.map((s) => [s, unionMs(metrics.waits[s], handler)])) as Record<
    Service,
    number
  >;
  const waitMs = unionMs(
    services.flatMap((s) => metrics.waits[s]),
    handler,
  );
  const sdkMs = unionMs([...metrics.sdkCalls, ...services.flatMap((s) => metrics.waits[s])], handler);
  return { handlerMs, waitMs, ownMs: Math.max(0, handlerMs - waitMs), waits, sdkMs };
}

export interface FaultSpec {
  service: Service;
  /** SDK command name, e.g. `TransactWriteItemsCommand` (the `Command` suffix may be left off); omitted: any command. */
  command?: string;
  /** How many matching calls fail; default 1. */
  times?: number;
  /** How many matching calls succeed first (e.g. 1: the second TransactWriteItems fails); default 0. */
  after?: number;
  /** Error name; an exception class the client package exports (e.g. `ConditionalCheckFailedException`) is used as such. */
  errorName?: string;
  message?: string;
  /** Extra fields for the exception, e.g. `{ CancellationReasons: [...] }`. */
  details?: Record<string, unknown>;
}

interface ArmedFault extends Required<Pick<FaultSpec, 'service' | 'errorName'>> {
  command?: string;
  remaining: number;
  /** Matching calls still to let through before failing. */
  skip: number;
  message?: string;
  details?: Record<string, unknown>;
}

let armed: ArmedFault[] = [];

const commandName = (name: string) => (name.endsWith('Command') ? name : `${name}Command`);

export function addFault(spec: FaultSpec): void {
  armed.push({
    service: spec.service,
    command: spec.command ? commandName(spec.command) : undefined,
    remaining: spec.times ?? 1,
    skip: spec.after ?? 0,
    errorName: spec.errorName ?? 'InternalServerError',
    message: spec.message,
    details: spec.details,
  });
}

export function clearFaults(): void {
  armed = [];
}

export const pendingFaults = (): readonly ArmedFault[] => armed;

type ServiceExceptionClass = new (
  options: Record<string, unknown>,
) => Error & {
  $fault: 'client' | 'server';
  $metadata: Record<string, unknown>;
};

const sdkModules: Record<Service, { module: Record<string, unknown>; base: ServiceExceptionClass }> = {
  dynamodb: { module: dynamodbSdk, base: dynamodbSdk.DynamoDBServiceException as unknown as ServiceExceptionClass },
  cognito: {
    module: cognitoSdk,
    base: cognitoSdk.CognitoIdentityProviderServiceException as unknown as ServiceExceptionClass,
  },
  ses: { module: sesSdk, base: sesSdk.SESv2ServiceException as unknown as ServiceExceptionClass },
};

function sdkError(service: Service, fault: ArmedFault): Error {
  const { module, base } = sdkModules[service];
  const $metadata = { httpStatusCode: 500, requestId: randomUUID(), attempts: 1, totalRetryDelay: 0 };
  const message = fault.message ?? `Injected fault (${fault.errorName})`;
  const Known = module[fault.errorName];
  const error =
    typeof Known === 'function' && Known.prototype instanceof base
      ? new (Known as ServiceExceptionClass)({ $metadata, message, ...fault.details })
      : new base({ name: fault.errorName, $fault: 'server', $metadata, message, ...fault.details });
  error.$metadata.httpStatusCode = error.$fault === 'client' ? 400 : 500;
  return error;
}

/**
 * Calls made under `withoutFaults` never take an armed fault: the events-out pipeline runs beside the requests in the
 * same process (the stream tailer, the webhook queues), and a fault a test arms for its next request must not be used
 * up by a background fan-out instead.
 */
const faultFree = new AsyncLocalStorage<true>();
export const withoutFaults = <T>(run: () => T): T => faultFree.run(true, run);

function takeFault(service: Service, command: string | undefined): Error | undefined {
  if (faultFree.getStore()) return undefined;
  const fault = armed.find((f) => f.service === service && f.remaining > 0 && (!f.command || f.command === command));
  if (!fault) return undefined;
  if (fault.skip > 0) {
    fault.skip -= 1;
    return undefined;
  }
  fault.remaining -= 1;
  armed = armed.filter((f) => f.remaining > 0);
  return sdkError(service, fault);
}

type Next = (args: unknown) => Promise<unknown>;
/** The handler execution context: one object per command, shared by all its middlewares. */
type CommandContext = { commandName?: string; localAttempts?: Interval[] };
interface LooseStack {
  add(
    middleware: (next: Next, context: CommandContext) => Next,
    options: { step: 'initialize' | 'deserialize'; name: string; priority?: 'high' | 'low' },
  ): void;
}

/**
 * What the handlers sent Cognito on the app client (the emulator never checks SECRET_HASH, so tests check it here):
 * the command, the flow or challenge, the username it names and the hash. No password or code is kept.
 */
export interface AppClientCall {
  command: string;
  clientId: string;
  flow: string;
  username?: string;
  secretHash?: string;
}
let appClientCalls: AppClientCall[] = [];
export const recordedAppClientCalls = (): readonly AppClientCall[] => appClientCalls;
export function clearAppClientCalls(): void {
  appClientCalls = [];
}

/** The fields of InitiateAuth and RespondToAuthChallenge inputs the record reads. */
interface AppClientInput {
  ClientId?: unknown;
  AuthFlow?: string;
  ChallengeName?: string;
  AuthParameters?: Record<string, string>;
  ChallengeResponses?: Record<string, string>;
}

function recordAppClientCall(command: string, input: AppClientInput | undefined): void {
  if (typeof input?.ClientId !== 'string' || !/InitiateAuth|RespondToAuthChallenge/.test(command)) return;
  const parameters = input.AuthParameters ?? input.ChallengeResponses ?? {};
  appClientCalls.push({
    command,
    clientId: input.ClientId,
    flow: input.AuthFlow ?? input.ChallengeName ?? '',
    username: parameters.USERNAME,
    secretHash: parameters.SECRET_HASH,
  });
  if (appClientCalls.length > 500) appClientCalls = appClientCalls.slice(-500);
}

let installed = false;

/** Adds the middleware once; later calls do nothing. */
export function instrumentSdkClients(): void {
  if (installed) return;
  installed = true;
  const clients: Record<Service, { middlewareStack: unknown }> = {
    dynamodb: ddbClient,
    cognito: cognitoClient,
    ses: sesClient,
  };
  for (const service of services) {
    // initialize step: before serialization and before the retry middleware, so one armed fault fails one command
    (clients[service].middlewareStack as LooseStack).add(
      (next, context) => async (args) => {
        const error = takeFault(service, context.commandName);
        if (error) throw error;
        return next(args);
      },
      { step: 'initialize', name: `localFaultInjection_${service}`, priority: 'high' },
    );
  }
  (cognitoClient.middlewareStack as unknown as LooseStack).add(
    (next, context) => async (args) => {
      recordAppClientCall(context.commandName ?? '', (args as { input?: AppClientInput }).input);
      return next(args);
    },
    { step: 'initialize', name: 'localAppClientCalls', priority: 'low' },
  );
  // deserialize step runs once per HTTP attempt, so retries count as the round trips they are
  (ddbClient.middlewareStack as unknown as LooseStack).add(
    (next, context) => async (args) => {
      requestMetrics.getStore()?.dynamodbCommands.push(context.commandName ?? 'unknown');
      return next(args);
    },
    { step: 'deserialize', name: 'localDynamoDbRoundTrips', priority: 'low' },
  );
  for (const service of services) {
    // outermost (initialize step, high priority): the whole command, the SDK's work around the HTTP attempts included
    (clients[service].middlewareStack as LooseStack).add(
      (next, context) => async (args) => {
        const metrics = requestMetrics.getStore();
        if (!metrics) return next(args);
        const interval = { start: performance.now(), end: Number.NaN };
        metrics.sdkCalls.push(interval);
        const attempts: Interval[] = [];
        context.localAttempts = attempts;
        try {
          return await next(args);
        } finally {
          interval.end = performance.now();
          metrics.waits[service].push(...retryDelays(attempts));
        }
      },
      { step: 'initialize', name: `localSdkCall_${service}`, priority: 'high' },
    );
    // innermost (deserialize step, low priority): around the HTTP attempt alone, so serializing, signing, parsing and
    // unmarshalling stay the service's own time, as they are CPU in the function; the pauses between a command's
    // attempts (the SDK's retry delay after an error answer) are added as waits when the command ends
    (clients[service].middlewareStack as LooseStack).add(
      (next, context) => async (args) => {
        const waits = requestMetrics.getStore()?.waits[service];
        if (!waits) return next(args);
        const interval = { start: performance.now(), end: Number.NaN };
        waits.push(interval);
        context.localAttempts?.push(interval);
        try {
          const output = await next(args);
          interval.end = performance.now();
          extendToBodyEnd(interval, (output as { response?: { body?: unknown } })?.response?.body);
          return output;
        } finally {
          if (Number.isNaN(interval.end)) interval.end = performance.now();
        }
      },
      { step: 'deserialize', name: `localWait_${service}`, priority: 'low' },
    );
  }
}

/** The HTTP handler answers at the response's headers; the wait lasts until its body has been read to the end. */
function extendToBodyEnd(interval: Interval, body: unknown): void {
  const stream = body as { readableEnded?: boolean; once?: (event: string, listener: () => void) => unknown };
  if (typeof stream?.once !== 'function' || stream.readableEnded !== false) return;
  stream.once('end', () => {
    interval.end = performance.now();
  });
}
