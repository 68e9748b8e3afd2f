import { DomainError } from '#domain/errors.ts';

/** A body over its limit (413): a JSON body's (api.ts) or a file's (raw-body.ts), with the limit in the detail. */
export class PayloadTooLargeError extends DomainError {
  readonly status = 413;
  readonly code = 'payload_too_large';
  constructor(detail: string) {
    super('Request body too large', detail);
  }
}

/** A body of another media type than the route reads (415). */
export class UnsupportedMediaTypeError extends DomainError {
  readonly status = 415;
  readonly code = 'unsupported_media_type';
  constructor(detail: string) {
    super('Unsupported media type', detail);
  }
}
