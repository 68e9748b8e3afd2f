/**
 * Metrics over HTTP: the handlers publish embedded-metric documents, which the local stack keeps in memory
 * (`GET /__test/metrics`) instead of writing them to stdout. Each business metric is counted where it happens, each
 * beside a positive control; the request metrics carry the declared area and never an account.
 */
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { routes } from '#http/routes.ts';
import { call, clearFaults, fault, stack } from '../../support/http.ts';
import { newAccount, newMember, nextSecond, signIn, tokenRequest, uniqueEmail } from '../../builders/api.ts';
import { PASSWORD } from '../../builders/password.ts';

type Emf = Record<string, unknown> & {
  _aws: { CloudWatchMetrics: { Namespace: string; Dimensions: string[][]; Metrics: { Name: string }[] }[] };
};

const documents = async (): Promise<Emf[]> => {
  const r = await call('GET', '/__test/metrics');
  expect(r.status).toBe(200);
  return (r.body as { documents: Emf[] }).documents;
};
const values = (document: Emf, name: string): number[] => {
  const value = document[name];
  return value === undefined ? [] : Array.isArray(value) ? value : [value as number];
};
/** The sum of a business metric over the documents published since the last clear. */
const total = async (name: string) =>
  (await documents()).flatMap((d) => values(d, name)).reduce((sum, value) => sum + value, 0);
/** The request documents of one area. */
const requestsIn = async (area: string) =>
  (await documents()).filter((d) => d.area === area && d._aws.CloudWatchMetrics[0].Dimensions[0].includes('area'));
const areaOf = (operationId: string) => routes.find((r) => r.operationId === operationId)?.area;

let acme: Awaited<ReturnType<typeof newAccount>>;
beforeAll(async () => {
  acme = await newAccount('Metrics Ltd');
});
beforeEach(async () => {
  expect((await call('DELETE', '/__test/metrics')).status).toBe(204);
});
afterEach(async () => {
  await clearFaults();
});

describe('sign-in metrics', () => {
  it('a failed sign-in counts signInFailed, a successful one signInSucceeded (positive control)', async () => {
    expect((await tokenRequest(acme.email, 'Wrong-Password-99')).status).toBe(401);
    expect((await tokenRequest(uniqueEmail('nobody'), 'Wrong-Password-99')).status).toBe(401);
    expect([await total('signInFailed'), await total('signInSucceeded')]).toEqual([2, 0]);

    expect((await tokenRequest(acme.email)).status).toBe(200);
    expect([await total('signInFailed'), await total('signInSucceeded')]).toEqual([2, 1]);
  });

  it('the hosted sign-in page counts the same, through the same use case', async () => {
    const page = await call('GET', '/sign-in');
    const cookie = (page.headers['set-cookie'] ?? '').split(';')[0];
    const csrf = cookie.split('=')[1];
    // fetch itself, to see the 303 rather than follow it
    const post = (password: string) =>
      fetch(`${stack().baseUrl}/sign-in`, {
        method: 'POST',
        redirect: 'manual',
        body: new URLSearchParams({ csrf, step: 'password', email: acme.email, password }).toString(),
        headers: { 'content-type': 'application/x-www-form-urlencoded', cookie },
      });
    expect((await post('Wrong-Password-99')).status).toBe(401);
    expect([await total('signInFailed'), await total('signInSucceeded')]).toEqual([1, 0]);
    expect((await post(PASSWORD)).status).toBe(303);
    expect([await total('signInFailed'), await total('signInSucceeded')]).toEqual([1, 1]);
    // the page requests are recorded under their declared area
    expect(areaOf('submitSignInPage')).toBe('pages');
    expect((await requestsIn('pages')).length).toBeGreaterThanOrEqual(2);
  });
});

describe('request metrics', () => {
  it('each response, errors included, records requests and latency under its area, never the account', async () => {
    const path = `/v1/accounts/${acme.accountId}/users/${acme.ownerId}`;
    expect((await call('GET', path, { token: acme.token })).status).toBe(200);
    expect((await call('GET', path)).status).toBe(401);
    const area = areaOf('getUser') as string;
    const recorded = await requestsIn(area);
    expect(recorded).toHaveLength(2);
    for (const document of recorded) {
      expect(document._aws.CloudWatchMetrics[0]).toMatchObject({
        Namespace: 'Switchboard',
        Dimensions: [['service', 'area']],
      });
      expect(document).toMatchObject({ service: 'switchboard', requests: 1, serverErrors: 0 });
      expect(document.latency).toEqual(expect.any(Number));
    }
    const all = JSON.stringify(await documents());
    expect(all).not.toContain(acme.accountId);
    expect(all).not.toContain(acme.ownerId);
  });

  it('a request no route serves invokes no function and records nothing; a routed one does (positive control)', async () => {
    expect((await call('GET', '/v1/no-such-thing')).status).toBe(404);
    expect((await documents()).filter((d) => 'requests' in d)).toEqual([]);
    expect((await call('GET', '/v1/me', { token: acme.token })).status).toBe(200);
    expect(await requestsIn(areaOf('getMe') as string)).toHaveLength(1);
  });
});

describe('revocation metrics', () => {
  it('a token refused because its sessions were revoked counts tokensRefusedRevoked (positive control first)', async () => {
    const member = await newMember(acme);
    const path = `/v1/accounts/${acme.accountId}/users/${member.id}`;
    expect((await call('GET', path, { token: member.token })).status).toBe(200);
    expect((await call('GET', path, { token: 'not-a-token' })).status).toBe(401);
    expect(await total('tokensRefusedRevoked')).toBe(0);

    // an account manager sets the member's password: every session of theirs ends
    const set = await call('PUT', `${path}/password`, {
      token: acme.token,
      body: { password: 'Another-Password-77', temporary: false },
    });
    expect(set.status, JSON.stringify(set.body)).toBe(204);
    expect((await call('GET', path, { token: member.token })).status).toBe(401);
    expect((await call('GET', '/v1/me', { token: member.token })).status).toBe(401);
    expect(await total('tokensRefusedRevoked')).toBe(2);
    await nextSecond();
    const fresh = await signIn(member.email, 'Another-Password-77');
    expect((await call('GET', path, { token: fresh })).status).toBe(200);
    expect(await total('tokensRefusedRevoked')).toBe(2);
  });
});

describe('invitation metrics', () => {
  it('a sent invitation counts invitationsSent; one SES refuses counts mailsRefused instead', async () => {
    const invite = (email: string) =>
      call('POST', `/v1/accounts/${acme.accountId}/invitations`, { token: acme.token, body: { emails: [email] } });
    expect((await invite(uniqueEmail('invitee'))).status).toBe(200);
    expect([await total('invitationsSent'), await total('mailsRefused')]).toEqual([1, 0]);

    await fault({ service: 'ses', command: 'SendEmailCommand', times: 1, errorName: 'MessageRejected' });
    const refused = await invite(uniqueEmail('refused'));
    expect(refused.body.results[0]).toMatchObject({ status: 'invited', delivery: 'failed' });
    expect([await total('invitationsSent'), await total('mailsRefused')]).toEqual([1, 1]);
    const business = (await documents()).filter((d) => 'invitationsSent' in d || 'mailsRefused' in d);
    for (const document of business) expect(document._aws.CloudWatchMetrics[0].Dimensions).toEqual([['service']]);
  });
});
