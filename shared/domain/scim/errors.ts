import { DomainError } from '../errors.ts';

/** RFC 7644 §3.12 `scimType` values the service answers with. */
export type ScimType =
  | 'invalidFilter'
  | 'tooMany'
  | 'uniqueness'
  | 'mutability'
  | 'invalidSyntax'
  | 'invalidPath'
  | 'noTarget'
  | 'invalidValue'
  | 'invalidVers'
  | 'sensitive';

const titles: Record<number, string> = {
  400: 'Invalid SCIM request',
  404: 'Resource not found',
  409: 'Conflict with the current state',
  412: 'The resource has changed',
  413: 'Request too large',
  501: 'Not implemented',
  503: 'Service busy',
};

/**
 * A SCIM error (RFC 7644 §3.12): the SCIM pipeline answers it as `{schemas: [Error], status, scimType?, detail}`.
 * `code` is the scimType, or `scim_error` without one (as for 501), so logs and metrics still carry a stable code.
 */
export class ScimError extends DomainError {
  readonly status: number;
  readonly code: string;
  readonly scimType?: ScimType;
  constructor(status: number, scimType: ScimType | undefined, detail: string) {
    super(titles[status] ?? 'SCIM request refused', detail);
    this.status = status;
    this.scimType = scimType;
    this.code = scimType ?? 'scim_error';
  }
}

/**
 * A condition that passes on its own: a transaction conflict that outlasted the retries. `503` with `Retry-After`
 * (RFC 7644 §3.12 lists 503 as "service temporarily unavailable"), which identity providers retry; a `409` without
 * scimType would read as a permanent conflict.
 */
export class ScimRetryLaterError extends ScimError {
  readonly retryAfterSeconds = 1;
  constructor(detail: string) {
    super(503, undefined, detail);
  }
}

/** 400 with a scimType: the common case. */
export const scimBadRequest = (scimType: ScimType, detail: string) => new ScimError(400, scimType, detail);
