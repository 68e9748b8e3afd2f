/** The HTTP side of the CLI: requests with the bearer credential, problem+json errors, and `Link: rel="next"`. */
import type { CliConfig } from './config.ts';
import { printable } from './render.ts';

/** An error answer of the API (problem+json, RFC 9457), or a network failure before any answer. */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly status: number | null,
    readonly title: string,
    readonly detail?: string,
    readonly code?: string,
    readonly errors: { path: string; message: string }[] = [],
  ) {
    super(detail ? `${title}: ${detail}` : title);
  }

  /** 5xx, 429 and network failures: a read may be tried again. */
  get transient(): boolean {
    return this.status === null || this.status === 429 || this.status >= 500;
  }
}

export type Fetch = (url: string, init: RequestInit) => Promise<Response>;

export interface RequestOptions {
  headers?: Record<string, string>;
  body?: Uint8Array | string;
  /** Statuses answered without an ApiError (default: any 2xx). */
  ok?: (status: number) => boolean;
}

export interface Api {
  /** `path` is `/v1/…` (relative to SWITCHBOARD_URL) or an absolute URL on the same origin (a `Link`). */
  request(method: string, path: string, options?: RequestOptions): Promise<Response>;
  json<T>(
    method: string,
    path: string,
    options?: RequestOptions,
  ): Promise<{ status: number; headers: Headers; body: T }>;
  /** The absolute URL a path resolves to. */
  url(path: string): string;
}

export function createApi(config: CliConfig, fetchImpl: Fetch = fetch): Api {
  const origin = new URL(config.baseUrl).origin;
  const url = (path: string): string => {
    const absolute = /^https?:\/\//i.test(path) ? path : `${config.baseUrl}${path}`;
    // the token goes only where SWITCHBOARD_URL points, whatever a Link header says
    if (new URL(absolute).origin !== origin)
      throw new ApiError(null, 'Refused to follow a link to another origin', absolute);
    return absolute;
  };
  const request: Api['request'] = async (method, path, options = {}) => {
    const target = url(path);
    let response: Response;
    try {
      response = await fetchImpl(target, {
        method,
        headers: { authorization: `Bearer ${config.token}`, ...options.headers },
        body: options.body,
        // a redirect is shown as the error it is, never followed with the token
        redirect: 'manual',
      });
    } catch (error) {
      const cause = (error as { cause?: { code?: string; message?: string } }).cause;
      throw new ApiError(null, `Cannot reach ${origin}`, cause?.code ?? cause?.message ?? (error as Error).message);
    }
    const ok = options.ok ?? ((status: number) => status >= 200 && status < 300);
    if (!ok(response.status)) throw await problemOf(response);
    return response;
  };
  return {
    url,
    request,
    async json(method, path, options = {}) {
      const response = await request(method, path, {
        ...options,
        headers: { accept: 'application/json', ...options.headers },
      });
      const text = await response.text();
      try {
        return { status: response.status, headers: response.headers, body: JSON.parse(text) };
      } catch {
        throw new ApiError(response.status, 'The API answered something that is not JSON', text.slice(0, 200));
      }
    },
  };
}

/** The problem+json of an error answer, or the best title for an answer without one (a proxy's HTML page). */
export async function problemOf(response: Response): Promise<ApiError> {
  const text = await response.text().catch(() => '');
  let body: Record<string, unknown> = {};
  try {
    const parsed: unknown = JSON.parse(text);
    if (parsed && typeof parsed === 'object') body = parsed as Record<string, unknown>;
  } catch {
    // not JSON: status line only
  }
  const str = (v: unknown) => (typeof v === 'string' && v ? v : undefined);
  const errors = Array.isArray(body.errors)
    ? body.errors
        .filter((e): e is { path: unknown; message: unknown } => !!e && typeof e === 'object')
        .map((e) => ({ path: String(e.path ?? ''), message: String(e.message ?? '') }))
    : [];
  return new ApiError(
    response.status,
    str(body.title) ?? (response.statusText || `HTTP ${response.status}`),
    str(body.detail),
    str(body.code),
    errors,
  );
}

/**
 * The target of `rel="next"` in a Link header (RFC 8288), resolved against the URL the header came with; null when
 * there is none. Link values are split on `<…>`, so a comma inside a URI does not cut it.
 */
export function parseNextLink(header: string | null | undefined, base: string): string | null {
  if (!header) return null;
  for (const [, target, params] of header.matchAll(/<([^>]*)>([^<]*)/g)) {
    const rel = /;\s*rel\s*=\s*(?:"([^"]*)"|([^\s;,]+))/i.exec(params);
    const rels = (rel?.[1] ?? rel?.[2] ?? '').toLowerCase().split(/\s+/);
    if (rels.includes('next')) return new URL(target, base).toString();
  }
  return null;
}

/** An ApiError as the lines a person reads: title, status and code, detail, field problems. */
export function describeApiError(error: ApiError): string {
  // every part may echo the server's or the file's text (a header cell, a value): printed terminal-safe
  const status = error.status === null ? '' : ` (${error.status}${error.code ? ` ${printable(error.code)}` : ''})`;
  const lines = [`error: ${printable(error.title)}${status}`];
  if (error.detail) lines.push(`  ${printable(error.detail)}`);
  for (const e of error.errors) lines.push(`  ${e.path ? `${printable(e.path)}: ` : ''}${printable(e.message)}`);
  return `${lines.join('\n')}\n`;
}
