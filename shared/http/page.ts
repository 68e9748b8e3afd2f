import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import * as v from 'valibot';
import { type Brand, type DeploymentBrand, defaultDeploymentBrand, effectiveBrand } from '#domain/brand.ts';
import type { Html } from '#domain/html.ts';
import { acceptedLanguages, pickLanguage, type Translator, type Translators } from '#domain/i18n.ts';
import { logger } from '#observability/logger.ts';
import { errorPage } from './pages/error-page.ts';
import { endRequest, startRequest, traceRequest } from './request-observation.ts';
import type { RouteDef } from './route-types.ts';

/** Form posts are small: a few fields. */
export const MAX_FORM_BYTES = 64 * 1024;

type QueryOf<R> = R extends { request: { query: infer S extends v.GenericSchema } } ? v.InferOutput<S> : undefined;
type FormOf<R> = R extends { request: { form: infer S extends v.GenericSchema } } ? v.InferOutput<S> : undefined;

/** What a page's code receives. */
export interface PageRequest<R extends RouteDef> {
  /** The query string, validated by the route's `query` schema (a bad one renders the 400 page). */
  query: QueryOf<R>;
  /** The form post's fields, validated by the route's `form` schema, after the CSRF check passed. */
  form: FormOf<R>;
  headers: Record<string, string | undefined>;
  /** Request cookies by name. */
  cookies: Record<string, string>;
  /** This response's CSP nonce: every `<script>` and `<style>` of the page carries it. */
  nonce: string;
  /** The CSRF token every form of the page carries in its hidden `csrf` field (`csrfField`). */
  csrf: string;
  /** The browser's `Accept-Language` preferences, best first: the last candidates of `pickLanguage`. */
  acceptLanguages: string[];
  /** Whether cookies must be `Secure` (and take the `__Host-` prefix): the page is served over https. */
  secure: boolean;
  /** The translator and brand for the visitor before the page knows more (the pipeline's own pages use them). */
  visitor: { t: Translator; brand: Brand };
}

/** A page, or a redirect (303 after a form post that succeeded). `cookies`: `Set-Cookie` values (`sessionCookie`). */
export type PageResult = ({ status?: number; body: Html } | { redirect: string }) & { cookies?: string[] };

export interface PageWiring {
  translators: Translators;
  settings: { appUrl: string; brand?: DeploymentBrand };
}

/** Not the form's own mistakes (those the page shows beside its fields), but a request no page of ours sends. */
class PageRefusal extends Error {
  constructor(
    readonly status: 400 | 403 | 413 | 415,
    readonly reason: 'bad_request' | 'csrf' | 'too_large' | 'media_type',
  ) {
    super(reason);
  }
}

/** A cookie's name: `__Host-` on https, which the browser only accepts Secure, host-only and for `/`. */
export const cookieName = (base: string, secure: boolean) => (secure ? `__Host-${base}` : base);

/** A `Set-Cookie` value for a page cookie: HttpOnly, SameSite=Strict, the whole site, Secure on https. */
export function setCookie(base: string, value: string, secure: boolean, maxAgeSeconds?: number): string {
  return [
    `${cookieName(base, secure)}=${value}`,
    'Path=/',
    'HttpOnly',
    'SameSite=Strict',
    ...(secure ? ['Secure'] : []),
    ...(maxAgeSeconds !== undefined ? [`Max-Age=${maxAgeSeconds}`] : []),
  ].join('; ');
}

const CSRF_COOKIE = 'sb_csrf';
const CSRF_TOKEN = /^[A-Za-z0-9_-]{43}$/;

function parseCookies(event: APIGatewayProxyEventV2): Record<string, string> {
  const cookies: Record<string, string> = {};
  for (const pair of event.cookies ?? []) {
    const at = pair.indexOf('=');
    if (at > 0) cookies[pair.slice(0, at).trim()] ??= pair.slice(at + 1).trim();
  }
  return cookies;
}

/** The form's fields: `application/x-www-form-urlencoded`, UTF-8; a repeated field keeps its first value. */
function readForm(event: APIGatewayProxyEventV2): Record<string, string> {
  const raw = event.body ? Buffer.from(event.body, event.isBase64Encoded ? 'base64' : 'utf8') : Buffer.alloc(0);
  if (raw.length > MAX_FORM_BYTES) throw new PageRefusal(413, 'too_large');
  const type = (event.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
  if (raw.length && type !== 'application/x-www-form-urlencoded') throw new PageRefusal(415, 'media_type');
  const fields: Record<string, string> = {};
  for (const [name, value] of new URLSearchParams(raw.toString('utf8'))) fields[name] ??= value;
  return fields;
}

const sameToken = (a: string, b: string) => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

/**
 * A form post must come from one of our pages: the hidden `csrf` field equals the HttpOnly, SameSite=Strict cookie the
 * page set (double submit; `__Host-` on https, so no other host can plant it), and the browser does not call it a
 * cross-site request (`Sec-Fetch-Site`; `Origin`, where it names a site, names this host).
 */
function assertSameSitePost(
  headers: Record<string, string | undefined>,
  cookie: string | undefined,
  field: string | undefined,
): void {
  const site = headers['sec-fetch-site'];
  if (site && site !== 'same-origin' && site !== 'none') throw new PageRefusal(403, 'csrf');
  // `Origin: null` is what a browser sends for a form post from a page with `Referrer-Policy: no-referrer` (ours):
  // it names no site, so only a real origin is compared; the token and Sec-Fetch-Site still decide
  const origin = headers.origin;
  if (origin && origin !== 'null') {
    let host: string | undefined;
    try {
      host = new URL(origin).host;
    } catch {
      throw new PageRefusal(403, 'csrf');
    }
    if (host !== headers.host) throw new PageRefusal(403, 'csrf');
  }
  if (!cookie || !field || !CSRF_TOKEN.test(cookie) || !sameToken(cookie, field)) throw new PageRefusal(403, 'csrf');
}

/**
 * The headers of every page: a strict CSP with this response's nonce, no framing, no referrer, no caching; on https,
 * HSTS (a page that carries a sign-in cookie must not be reachable over plain http).
 */
export function pageHeaders(nonce: string, secure = false): Record<string, string> {
  return {
    ...(secure ? { 'strict-transport-security': 'max-age=31536000' } : {}),
    'content-type': 'text/html; charset=utf-8',
    'content-security-policy': [
      "default-src 'none'",
      `script-src 'nonce-${nonce}'`,
      `style-src 'nonce-${nonce}'`,
      'img-src https: data:',
      "form-action 'self'",
      "frame-ancestors 'none'",
      "base-uri 'none'",
    ].join('; '),
    'referrer-policy': 'no-referrer',
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'DENY',
    'cross-origin-opener-policy': 'same-origin',
  };
}

/**
 * Every hosted page is this pipeline: security headers → CSRF cookie → (form post: size, media type, CSRF) → query
 * and form validation → the page. A page never answers JSON or a stack trace: a refused request is the 400/403 page,
 * anything unexpected the 500 page, in the visitor's language. Nothing of the query string or the form is logged.
 */
export function page<const R extends RouteDef & { page: true }>(
  route: R,
  wiring: PageWiring,
  render: (req: PageRequest<R>) => Promise<PageResult>,
) {
  const { query: querySchema, form: formSchema } = route.request ?? {};
  return async (event: APIGatewayProxyEventV2, context: Context): Promise<APIGatewayProxyStructuredResultV2> => {
    const startedAt = startRequest(route, event, context);
    const nonce = randomBytes(16).toString('base64');
    const headers = event.headers ?? {};
    const cookies = parseCookies(event);
    const secure = headers['x-forwarded-proto'] === 'https' || wiring.settings.appUrl.startsWith('https:');
    const present = cookies[cookieName(CSRF_COOKIE, secure)];
    const csrf = present && CSRF_TOKEN.test(present) ? present : randomBytes(32).toString('base64url');
    const setCookies = csrf === present ? [] : [setCookie(CSRF_COOKIE, csrf, secure)];
    const acceptLanguages = acceptedLanguages(headers['accept-language']);
    const visitor = {
      t: wiring.translators(pickLanguage(...acceptLanguages)),
      brand: effectiveBrand(wiring.settings.brand ?? defaultDeploymentBrand),
    };
    const respond = (result: PageResult): APIGatewayProxyStructuredResultV2 => {
      const cookiesOut = [...setCookies, ...(result.cookies ?? [])];
      const base = { headers: pageHeaders(nonce, secure), ...(cookiesOut.length ? { cookies: cookiesOut } : {}) };
      if ('redirect' in result)
        return { ...base, statusCode: 303, headers: { ...base.headers, location: result.redirect }, body: '' };
      return { ...base, statusCode: result.status ?? 200, body: `<!doctype html>\n${result.body}` };
    };
    let status = 200;
    try {
      const fields = event.requestContext.http.method === 'POST' ? readForm(event) : undefined;
      if (fields) assertSameSitePost(headers, present, fields.csrf);
      const query = querySchema ? v.safeParse(querySchema, event.queryStringParameters ?? {}) : undefined;
      const form = formSchema && fields ? v.safeParse(formSchema, fields) : undefined;
      if (query?.success === false || form?.success === false) throw new PageRefusal(400, 'bad_request');
      const result = await traceRequest(route, () =>
        render({
          query: query?.output as QueryOf<R>,
          form: form?.output as FormOf<R>,
          headers,
          cookies,
          nonce,
          csrf,
          acceptLanguages,
          secure,
          visitor,
        }),
      );
      status = 'redirect' in result ? 303 : (result.status ?? 200);
      return respond(result);
    } catch (error) {
      const refusal = error instanceof PageRefusal ? error : undefined;
      status = refusal?.status ?? 500;
      if (!refusal) logger.error('page failed', { error: error instanceof Error ? error.name : 'unknown' });
      return respond({ status, body: errorPage({ ...visitor, nonce, reason: refusal?.reason ?? 'internal' }) });
    } finally {
      endRequest(route, event, startedAt, status);
    }
  };
}
