import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';

export type Result = APIGatewayProxyStructuredResultV2 & { statusCode: number; headers: Record<string, string> };

const JSON_TYPE = 'application/json; charset=utf-8';

export const json = (statusCode: number, body: unknown, headers: Record<string, string> = {}): Result => ({
  statusCode,
  headers: { 'content-type': JSON_TYPE, ...headers },
  body: JSON.stringify(body),
});

/** A body that is not JSON (a CSV file): the text as it is, with its media type. */
export const text = (
  statusCode: number,
  body: string,
  contentType: string,
  headers: Record<string, string> = {},
): Result => ({
  statusCode,
  headers: { 'content-type': contentType, ...headers },
  body,
});

export const etag = (version: number): Record<string, string> => ({ etag: `"${version}"` });

export const ok = (body: unknown, headers?: Record<string, string>) => json(200, body, headers);
export const created = (location: string, body: unknown, headers: Record<string, string> = {}) =>
  json(201, body, { location, ...headers });
export const accepted = (body: unknown = { status: 'accepted' }) => json(202, body);
export const noContent = (): Result => ({ statusCode: 204, headers: {} });

/** Parses `If-Match: "3"` (or W/"3"). `*` and absence mean no precondition. */
export function parseIfMatch(header: string | undefined): number | undefined | 'invalid' {
  if (header === undefined || header.trim() === '*') return undefined;
  const m = /^\s*(?:W\/)?"?(\d{1,15})"?\s*$/.exec(header);
  return m ? Number(m[1]) : 'invalid';
}
