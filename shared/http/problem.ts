import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { DomainError, RateLimitedError, ValidationError } from '#domain/errors.ts';
import { logger } from '#observability/logger.ts';

const PROBLEM_BASE = 'https://switchboard.dev/problems/';
export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  code: string;
  detail?: string;
  errors?: { path: string; message: string }[];
}

export function problem(
  status: number,
  code: string,
  title: string,
  detail?: string,
  extra: Partial<ProblemBody> = {},
  headers: Record<string, string> = {},
): APIGatewayProxyStructuredResultV2 {
  const body: ProblemBody = {
    type: PROBLEM_BASE + code.replace(/_/g, '-'),
    title,
    status,
    code,
    ...(detail ? { detail } : {}),
    ...extra,
  };
  return {
    statusCode: status,
    headers: { 'content-type': PROBLEM_CONTENT_TYPE, 'cache-control': 'no-store', ...headers },
    body: JSON.stringify(body),
  };
}

/** The one place errors become responses. Anything that is not a DomainError is a 500 with a generic body. */
export function toProblem(error: unknown): APIGatewayProxyStructuredResultV2 {
  if (error instanceof DomainError) {
    const extra = error instanceof ValidationError ? { errors: error.errors } : {};
    const headers: Record<string, string> =
      error instanceof RateLimitedError ? { 'retry-after': String(error.retryAfterSeconds) } : {};
    return problem(
      error.status,
      error.code,
      error.title,
      error.status >= 500 ? undefined : error.detail,
      extra,
      headers,
    );
  }
  logger.error('unhandled error', { error: describe(error) });
  return problem(500, 'internal_error', 'Internal server error', 'Something went wrong on our side. Try again later.');
}

/** Logs what an operator needs (name, message, AWS request id), never request bodies or tokens. */
export function describe(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { value: String(error) };
  const meta = (error as { $metadata?: { requestId?: string; httpStatusCode?: number } }).$metadata;
  return {
    name: error.name,
    message: error.message,
    stack: error.stack,
    awsRequestId: meta?.requestId,
    awsStatus: meta?.httpStatusCode,
  };
}
