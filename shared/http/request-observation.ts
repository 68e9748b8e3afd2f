/**
 * What both request pipelines (the API's, `api.ts`, and the hosted pages', `page.ts`) record of every request, in
 * one place: the log keys set at its start, its trace, and at its end the request line, its metrics and one flush.
 */
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import type { Caller } from '#domain/caller.ts';
import { logger } from '#observability/logger.ts';
import { flushMetrics, recordRequest } from '#observability/metrics.ts';
import { traceInvocation } from '#observability/tracing.ts';
import type { RouteDef } from './route-types.ts';

type Observed = Pick<RouteDef, 'operationId' | 'area'>;

/** The longest value a path parameter may have; a longer one names nothing (404 before any read). */
export const maxPathParamLength = (name: string) => (name === 'email' ? 254 : 64);

/**
 * The keys on every log line of a request: API Gateway's request id, the operation and its area, and the account of
 * the path (an account id is fine in a log line, never as a metric dimension).
 */
export function logKeys(route: Observed, event: APIGatewayProxyEventV2) {
  const accountId = event.pathParameters?.accountId;
  return {
    requestId: event.requestContext?.requestId,
    route: route.operationId,
    area: route.area,
    // a longer one names no account (it is refused with a 404 before any read)
    ...(accountId && accountId.length <= maxPathParamLength('accountId') ? { accountId } : {}),
  };
}

/** Who called, for the log: the user id of a member (person or system user), the person's id on `/v1/me`, or `operator`. */
export function callerKey(caller: Caller): string | undefined {
  if (caller.kind === 'member') return caller.membership.userId;
  if (caller.kind === 'identity') return caller.identity.id;
  return caller.kind === 'operator' ? 'operator' : undefined;
}

/** Once authenticated, the caller goes on every later line of the request (an anonymous caller adds nothing). */
export function noteCaller(caller: Caller): void {
  const who = callerKey(caller);
  if (who) logger.appendKeys({ caller: who });
  logger.debug('authenticated', { callerKind: caller.kind });
}

/** The start of a request: the last invocation's log keys dropped, this one's set. Returns when it started. */
export function startRequest(route: Observed, event: APIGatewayProxyEventV2, context: Context | undefined): number {
  logger.startInvocation(context, logKeys(route, event));
  return performance.now();
}

/** The operation's work in a trace subsegment annotated with the route and its area (tracing off: just runs it). */
export const traceRequest = <T>(route: Observed, run: () => Promise<T>): Promise<T> =>
  traceInvocation(route.operationId, { route: route.operationId, area: route.area }, run);

/** The end of a request: its one request line (never the query or the body), its metrics, and the invocation's flush. */
export function endRequest(
  route: Observed,
  event: APIGatewayProxyEventV2,
  startedAt: number,
  status: number,
  problemCode?: string,
): void {
  const method = event.requestContext?.http?.method;
  logger.info('request', { status, ...(problemCode ? { problem: problemCode } : {}), method, path: event.rawPath });
  recordRequest({ area: route.area, status, durationMs: performance.now() - startedAt });
  flushMetrics();
}
