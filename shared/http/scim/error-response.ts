/**
 * Errors as SCIM answers them (RFC 7644 §3.12): `application/scim+json`, `{schemas: [Error], status: "<code>",
 * scimType?, detail}`. Every error of a SCIM route goes through toScimError once: a SCIM error keeps its status and
 * scimType; the API's domain errors map to their SCIM equivalents; anything else is a 500 whose details reach only
 * the log.
 */
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { DomainError, RateLimitedError, ValidationError } from '#domain/errors.ts';
import { ScimError, ScimRetryLaterError, type ScimType } from '#domain/scim/errors.ts';
import { SCIM_ERROR } from '#domain/scim/schemas.ts';
import { logger } from '#observability/logger.ts';
import { describe } from '../problem.ts';

export const SCIM_CONTENT_TYPE = 'application/scim+json; charset=utf-8';

/** A SCIM error the pipeline itself raises (404, 413, 415, 429, a bad If-Match), with headers of its own. */
export class ScimPipelineError extends ScimError {
  constructor(
    status: number,
    scimType: ScimType | undefined,
    detail: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(status, scimType, detail);
  }
}

export interface ScimErrorAnswer {
  status: number;
  scimType?: string;
  detail: string;
  /** The domain error's code (logged as the request's problem when there is no scimType). */
  code: string;
  headers: Record<string, string>;
}

/** The SCIM answer to any error a SCIM operation or the pipeline threw. */
export function toScimError(error: unknown): ScimErrorAnswer {
  if (!(error instanceof DomainError)) {
    logger.error('unhandled error', { error: describe(error) });
    return {
      status: 500,
      detail: 'Something went wrong on our side. Try again later.',
      code: 'internal_error',
      headers: {},
    };
  }
  const detail = error.detail ?? error.title;
  const headers =
    error instanceof ScimPipelineError
      ? error.headers
      : error instanceof ScimRetryLaterError
        ? { 'retry-after': String(error.retryAfterSeconds) }
        : {};
  // a SCIM error (a use case's, or the pipeline's own): as it is
  if (error instanceof ScimError) {
    const { status, scimType, code } = error;
    return { status, ...(scimType ? { scimType } : {}), detail, code, headers };
  }
  if (error instanceof ValidationError)
    return { status: 400, scimType: 'invalidValue', detail, code: error.code, headers };
  // SCIM never reveals what exists out of the caller's scope: what it may not touch is not there
  if (error.status === 403) return { status: 404, detail: 'Resource not found', code: error.code, headers };
  if (error.status === 409)
    return {
      status: 409,
      ...(error.code.endsWith('_taken') ? { scimType: 'uniqueness' } : {}),
      detail,
      code: error.code,
      headers,
    };
  if (error instanceof RateLimitedError)
    return { status: 429, detail, code: error.code, headers: { 'retry-after': String(error.retryAfterSeconds) } };
  if (error.status >= 500)
    return {
      status: error.status,
      detail: 'Something went wrong on our side. Try again later.',
      code: error.code,
      headers,
    };
  return { status: error.status, detail, code: error.code, headers };
}

function scimErrorBody(answer: Pick<ScimErrorAnswer, 'status' | 'scimType' | 'detail'>) {
  return {
    schemas: [SCIM_ERROR],
    status: String(answer.status),
    ...(answer.scimType ? { scimType: answer.scimType } : {}),
    detail: answer.detail,
  };
}

export function scimErrorResponse(answer: ScimErrorAnswer): APIGatewayProxyStructuredResultV2 {
  return {
    statusCode: answer.status,
    headers: { 'content-type': SCIM_CONTENT_TYPE, ...answer.headers },
    body: JSON.stringify(scimErrorBody(answer)),
  };
}
