/**
 * The local gateway's own-time headers: the handler's wall time, its waits on DynamoDB, Cognito and SES (the union of
 * the SDK calls' intervals) and the rest, the service's own time.
 */
import { describe, expect, it } from 'vitest';
import { call, type CallResult } from '../../support/http.ts';
import { lastLinkTo } from '../../support/mailbox.ts';
import { operatorKey, PASSWORD, signIn, uniqueEmail } from '../../builders/api.ts';

const MS = /^(0|\d+\.\d{3})$/;

function ownTimeOf(r: CallResult) {
  for (const name of ['x-local-handler-ms', 'x-local-wait-ms', 'x-local-own-ms', 'x-local-sdk-ms'])
    expect(r.headers[name], name).toMatch(MS);
  const waits = Object.fromEntries(
    (r.headers['x-local-waits'] ?? '').split(';').map((pair) => {
      const [service, value] = pair.split('=');
      expect(value, service).toMatch(MS);
      return [service, Number(value)];
    }),
  );
  expect(Object.keys(waits)).toEqual(['dynamodb', 'cognito', 'ses']);
  const handler = Number(r.headers['x-local-handler-ms']);
  const wait = Number(r.headers['x-local-wait-ms']);
  const own = Number(r.headers['x-local-own-ms']);
  // the SDK commands' whole time holds their waits and lies within the handler's
  expect(r.headers['x-local-sdk-ms']).toMatch(MS);
  const sdk = Number(r.headers['x-local-sdk-ms']);
  expect(sdk).toBeGreaterThanOrEqual(wait - 0.001);
  expect(sdk).toBeLessThanOrEqual(handler + 0.001);
  // own + wait = handler, to the rounding of three decimals
  expect(Math.abs(own + wait - handler)).toBeLessThanOrEqual(0.002);
  // the union of all waits is at least the longest service's and at most their sum
  const perService = Object.values(waits);
  expect(wait).toBeGreaterThanOrEqual(Math.max(...perService) - 0.001);
  expect(wait).toBeLessThanOrEqual(perService.reduce((a, b) => a + b, 0) + 0.002);
  return { handler, wait, own, waits, sdk };
}

describe('own time per request (local gateway headers)', () => {
  it('tells the waits on SES, Cognito and DynamoDB apart from the handler’s own time', async () => {
    const email = uniqueEmail('owntime');
    const created = await call('POST', '/v1/accounts', {
      operatorKey: operatorKey(),
      body: { name: 'Own Time Ltd', owner: { email, firstName: 'Olive', lastName: 'Owner' } },
    });
    expect(created.status).toBe(201);
    const onCreate = ownTimeOf(created);
    // the account's transaction and the owner's setup mail; no Cognito call yet
    expect(onCreate.waits.dynamodb).toBeGreaterThan(0);
    expect(onCreate.waits.ses).toBeGreaterThan(0);
    expect(onCreate.waits.cognito).toBe(0);

    const accepted = await call('POST', '/v1/invitations/accept', {
      body: { token: await lastLinkTo(email, 'accept-invitation'), password: PASSWORD },
    });
    expect(accepted.status).toBe(200);
    const onAccept = ownTimeOf(accepted);
    expect(onAccept.waits.cognito).toBeGreaterThan(0);
    expect(onAccept.waits.ses).toBe(0);

    const token = await signIn(email);
    const me = await call('GET', '/v1/me', { token });
    expect(me.status).toBe(200);
    const onMe = ownTimeOf(me);
    expect(onMe.wait).toBeGreaterThan(0);
    expect(onMe.waits.dynamodb).toBeGreaterThan(0);
    expect(onMe.own).toBeLessThanOrEqual(onMe.handler);
    expect(onMe.own).toBeGreaterThan(0);
  });

  it('counts no wait for a handler that calls no AWS service (its whole time is its own)', async () => {
    const health = await call('GET', '/v1/health');
    expect(health.status).toBe(200);
    const onHealth = ownTimeOf(health);
    expect(onHealth.wait).toBe(0);
    expect(onHealth.waits).toEqual({ dynamodb: 0, cognito: 0, ses: 0 });
    expect(onHealth.own).toBe(onHealth.handler);
  });

  it('sends no own-time headers when no handler ran (a route that does not exist)', async () => {
    const missing = await call('GET', '/v1/no-such-route');
    expect(missing.status).toBe(404);
    expect(missing.headers['x-local-handler-ms']).toBeUndefined();
    expect(missing.headers['x-local-ddb-calls']).toBe('0');
  });
});
