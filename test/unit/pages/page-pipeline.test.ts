import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import * as v from 'valibot';
import { describe, expect, it, vi } from 'vitest';
import { html } from '#domain/html.ts';
import type { Language, Translator } from '#domain/i18n.ts';
import { defineRoute } from '#http/route-types.ts';
import { publicAuth } from '#http/authenticate.ts';
import { page, type PageResult } from '#http/page.ts';

/** Messages as their ids, so that a test sees which message a page chose. */
const translators = (language: Language): Translator => ({
  language,
  t: (id) => `${language}:${id}`,
  dateTime: (iso) => iso,
});

const getRoute = defineRoute({
  operationId: 'showTestPage',
  method: 'GET',
  path: '/test',
  auth: publicAuth,
  page: true,
  area: 'pages',
  grants: [],
  summary: 'test',
  tags: ['pages'],
  request: { query: v.object({ token: v.optional(v.pipe(v.string(), v.maxLength(10))) }) },
  responses: { 200: { description: 'page', mediaType: 'text/html' } },
});
const postRoute = defineRoute({
  ...getRoute,
  operationId: 'submitTestPage',
  method: 'POST',
  request: { form: v.object({ csrf: v.string(), name: v.optional(v.pipe(v.string(), v.maxLength(5)), '') }) },
});

const context = { awsRequestId: 'r1' } as Context;
const TOKEN = 'A'.repeat(43);

function event(method: 'GET' | 'POST', over: Partial<APIGatewayProxyEventV2> = {}): APIGatewayProxyEventV2 {
  return {
    version: '2.0',
    routeKey: `${method} /test`,
    rawPath: '/test',
    rawQueryString: '',
    headers: {
      host: 'pages.example',
      ...(method === 'POST' ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
    },
    requestContext: { http: { method } },
    isBase64Encoded: false,
    ...over,
  } as APIGatewayProxyEventV2;
}

const wiring = (appUrl = 'http://pages.example') => ({ translators, settings: { appUrl } });
const ok = (): Promise<PageResult> => Promise.resolve({ body: html`<p>${'<b>'}</p>` });

describe('the page pipeline', () => {
  it('sends every page with a strict CSP under a fresh nonce, no referrer, no caching and no framing', async () => {
    const handler = page(getRoute, wiring(), ok);
    const a = await handler(event('GET'), context);
    const b = await handler(event('GET'), context);
    expect(a.statusCode).toBe(200);
    const csp = String(a.headers?.['content-security-policy']);
    expect(csp).toMatch(/^default-src 'none'; script-src 'nonce-[^']+'; style-src 'nonce-[^']+'/);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toBe(String(b.headers?.['content-security-policy']));
    expect(a.headers).toMatchObject({
      'referrer-policy': 'no-referrer',
      'cache-control': 'no-store',
      'x-frame-options': 'DENY',
      'content-type': 'text/html; charset=utf-8',
    });
    expect(a.body).toBe('<!doctype html>\n<p>&lt;b&gt;</p>');
  });

  it('sets the CSRF cookie once (HttpOnly, SameSite=Strict), and the __Host- Secure one on https', async () => {
    const render = vi.fn((_req: unknown) => ok());
    const handler = page(getRoute, wiring(), render);
    const first = await handler(event('GET'), context);
    expect(first.cookies?.[0]).toMatch(/^sb_csrf=[A-Za-z0-9_-]{43}; Path=\/; HttpOnly; SameSite=Strict$/);
    const again = await handler(event('GET', { cookies: [`sb_csrf=${TOKEN}`] }), context);
    expect(again.cookies).toBeUndefined();
    expect((render.mock.calls[1][0] as { csrf: string }).csrf).toBe(TOKEN);

    const secure = await page(getRoute, wiring('https://id.example'), ok)(event('GET'), context);
    expect(secure.cookies?.[0]).toMatch(
      /^__Host-sb_csrf=[A-Za-z0-9_-]{43}; Path=\/; HttpOnly; SameSite=Strict; Secure$/,
    );
  });

  it('refuses a form post without the token of its cookie, from another site, or without a cookie: the page never runs', async () => {
    const render = vi.fn((_req: unknown) => ok());
    const handler = page(postRoute, wiring(), render);
    const post = (body: string, cookies: string[] | undefined, headers: Record<string, string> = {}) =>
      handler(event('POST', { body, cookies, headers: { ...event('POST').headers, ...headers } }), context);

    expect((await post('name=x', [`sb_csrf=${TOKEN}`])).statusCode).toBe(403);
    expect((await post(`csrf=${'B'.repeat(43)}&name=x`, [`sb_csrf=${TOKEN}`])).statusCode).toBe(403);
    expect((await post(`csrf=${TOKEN}&name=x`, undefined)).statusCode).toBe(403);
    expect(
      (await post(`csrf=${TOKEN}&name=x`, [`sb_csrf=${TOKEN}`], { origin: 'https://evil.example' })).statusCode,
    ).toBe(403);
    expect((await post(`csrf=${TOKEN}&name=x`, [`sb_csrf=${TOKEN}`], { origin: 'not a url' })).statusCode).toBe(403);
    // Origin: null (a post from a no-referrer page, ours among them) names no site: the token decides
    expect((await post(`name=x`, [`sb_csrf=${TOKEN}`], { origin: 'null' })).statusCode).toBe(403);
    expect(
      (await post(`csrf=${TOKEN}&name=x`, [`sb_csrf=${TOKEN}`], { 'sec-fetch-site': 'cross-site' })).statusCode,
    ).toBe(403);
    expect(
      (await post(`csrf=${TOKEN}&name=x`, [`sb_csrf=${TOKEN}`], { 'sec-fetch-site': 'same-site' })).statusCode,
    ).toBe(403);
    expect(render).not.toHaveBeenCalled();
    const refused = await post('name=x', [`sb_csrf=${TOKEN}`]);
    expect(refused.body).toContain('en:page.error.csrf.title');

    // positive controls: the same post with its token, from this host, with and without the browser's headers
    expect((await post(`csrf=${TOKEN}&name=x`, [`sb_csrf=${TOKEN}`])).statusCode).toBe(200);
    const sameOrigin = await post(`csrf=${TOKEN}&name=x`, [`sb_csrf=${TOKEN}`], {
      origin: 'http://pages.example',
      'sec-fetch-site': 'same-origin',
    });
    expect(sameOrigin.statusCode).toBe(200);
    const fromNoReferrerPage = await post(`csrf=${TOKEN}&name=x`, [`sb_csrf=${TOKEN}`], { origin: 'null' });
    expect(fromNoReferrerPage.statusCode).toBe(200);
    expect(render).toHaveBeenCalledTimes(3);
    expect((render.mock.calls[0][0] as { form: unknown }).form).toEqual({ csrf: TOKEN, name: 'x' });
  });

  it('answers a request no page of ours sends with its own HTML page: 415, 413, 400', async () => {
    const render = vi.fn((_req: unknown) => ok());
    const post = page(postRoute, wiring(), render);
    const json = await post(
      event('POST', { body: '{"csrf":"x"}', headers: { host: 'pages.example', 'content-type': 'application/json' } }),
      context,
    );
    expect(json.statusCode).toBe(415);
    expect(json.headers?.['content-type']).toBe('text/html; charset=utf-8');
    const big = await post(
      event('POST', { body: `csrf=${TOKEN}&name=${'x'.repeat(70_000)}`, cookies: [`sb_csrf=${TOKEN}`] }),
      context,
    );
    expect(big.statusCode).toBe(413);
    const long = await post(
      event('POST', { body: `csrf=${TOKEN}&name=toolong`, cookies: [`sb_csrf=${TOKEN}`] }),
      context,
    );
    expect(long.statusCode).toBe(400);
    expect(long.body).toContain('en:page.error.badRequest.title');
    const query = await page(
      getRoute,
      wiring(),
      render,
    )(event('GET', { queryStringParameters: { token: 'x'.repeat(11) } }), context);
    expect(query.statusCode).toBe(400);
    expect(render).not.toHaveBeenCalled();
  });

  it('turns a failure into the 500 page in the visitor’s language, without the error’s words', async () => {
    const handler = page(getRoute, wiring(), async () => {
      throw new Error('secret detail from deep inside');
    });
    const r = await handler(
      event('GET', { headers: { host: 'pages.example', 'accept-language': 'fr-CH, de;q=0.5' } }),
      context,
    );
    expect(r.statusCode).toBe(500);
    expect(r.body).toContain('fr:page.error.internal.title');
    expect(r.body).toContain('lang="fr"');
    expect(r.body).not.toContain('secret detail');
  });

  it('redirects with 303 after a post that succeeded, with the page’s cookies', async () => {
    const handler = page(postRoute, wiring(), async () => ({ redirect: '/account', cookies: ['sb_session=x'] }));
    const r = await handler(event('POST', { body: `csrf=${TOKEN}`, cookies: [`sb_csrf=${TOKEN}`] }), context);
    expect(r.statusCode).toBe(303);
    expect(r.headers?.location).toBe('/account');
    expect(r.cookies).toEqual(['sb_session=x']);
  });
});
