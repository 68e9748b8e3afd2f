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

/** 400 with a scimType: the common case. */
export const scimBadRequest = (scimType: ScimType, detail: string) => new ScimError(400, scimType, detail);
