import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { PayloadTooLargeError, UnsupportedMediaTypeError } from './body-errors.ts';
import type { RawBody } from './route-types.ts';

/** How the pipeline reads a file: a route that declares `rawBody` gives `readRawBody` in its wiring (api.ts). */
export type FileReader = (event: APIGatewayProxyEventV2, raw: RawBody) => Uint8Array;

/**
 * A raw body (a file): its bytes as sent (base64-decoded when API Gateway passed it so), at most `maxBytes` (413),
 * of exactly the declared media type (415). An empty body is handed on: what an empty file means is the operation's.
 * Its own module, handed to the pipeline by the handler: the functions that take no file bundle none of it.
 */
export const readRawBody: FileReader = (event, raw) => {
  const bytes = event.body ? Buffer.from(event.body, event.isBase64Encoded ? 'base64' : 'utf8') : Buffer.alloc(0);
  if (bytes.length > raw.maxBytes) {
    const limit = `${raw.maxBytes / (1024 * 1024)} MB (${raw.maxBytes} bytes)`;
    throw new PayloadTooLargeError(`Files are limited to ${limit}; this one has ${bytes.length} bytes`);
  }
  const type = (event.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
  if (bytes.length && type !== raw.mediaType)
    throw new UnsupportedMediaTypeError(`Send the file as ${raw.mediaType} (UTF-8)`);
  return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.length);
};
