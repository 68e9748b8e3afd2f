/** The harness itself: the local gateway behaves like API Gateway, its test controls work, and it stops cleanly. */
import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { call, clearFaults, clock, fault, stack } from '../../support/http.ts';
import { clearMailbox, lastLinkTo, mailsTo } from '../../support/mailbox.ts';
import { isAlive, startStack } from '../../support/stack-process.ts';
import { PASSWORD } from '../../builders/password.ts';

afterEach(async () => {
  await clock(0);
  await clearFaults();
});

const ownerEmail = () => `harness.${randomBytes(4).toString('hex')}@example.com`;
const createAccount = (email: string) =>
  call('POST', '/v1/accounts', {
    operatorKey: true,
    body: { name: 'Harness Ltd', owner: { email, firstName: 'Hal', lastName: 'Ness' } },
  });

describe('local gateway', () => {
  it('serves GET /v1/health through its handler, with the DynamoDB round-trip headers', async () => {
    const r = await call('GET', '/v1/health');
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ status: 'ok' });
    expect(r.headers['x-local-ddb-calls']).toBe('0');
    expect(r.headers['x-local-ddb-commands']).toBe('');
    expect(r.headers['apigw-requestid']).toMatch(/\S+/);
  });

  it('answers an unknown path with 404 problem+json', async () => {
    const r = await call('GET', '/v1/no-such-thing');
    expect(r.status).toBe(404);
    expect(r.headers['content-type']).toBe('application/problem+json');
    expect(r.body).toMatchObject({ type: expect.any(String), title: 'Not Found', status: 404, code: 'not_found' });
    expect(r.headers['x-local-ddb-calls']).toBe('0');
  });

  it('answers a known path with the wrong method with 405 and Allow', async () => {
    const r = await call('DELETE', '/v1/health');
    expect(r.status).toBe(405);
    expect(r.headers['content-type']).toBe('application/problem+json');
    expect(r.headers.allow).toBe('GET');
    expect(r.body).toMatchObject({ status: 405, code: 'method_not_allowed' });

    const users = await call('PUT', '/v1/accounts/a1/users');
    expect(users.headers.allow?.split(', ').sort()).toEqual(['GET', 'POST']);
  });

  it('refuses a body over 10 MB like API Gateway', async () => {
    const r = await call('POST', '/v1/auth/token', {
      rawBody: 'x'.repeat(10 * 1024 * 1024 + 1),
      headers: { 'content-type': 'application/json' },
    });
    expect(r.status).toBe(413);
    expect(r.body).toEqual({ message: 'Request Entity Too Large' });
  });

  it('counts DynamoDB round trips per request, even when requests overlap', async () => {
    const [created, health] = await Promise.all([createAccount(ownerEmail()), call('GET', '/v1/health')]);
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.ddbCalls).toBeGreaterThan(0);
    expect(created.ddbCommands).toHaveLength(created.ddbCalls);
    expect(created.ddbCommands.every((c) => /^[A-Z]\w+Command$/.test(c))).toBe(true);
    expect(health.ddbCalls).toBe(0);
  });
});

describe('test controls', () => {
  it('an armed DynamoDB fault fails the next matching call only', async () => {
    // an account's audit events are fanned out in the background (the stream tailer, a Query of its webhooks): that
    // work runs while the fault is armed, and must leave it for the request
    expect((await createAccount(ownerEmail())).status).toBe(201);
    await fault({ service: 'dynamodb', times: 1 });
    await new Promise((r) => setTimeout(r, 400));
    const failed = await createAccount(ownerEmail());
    expect(failed.status).toBe(500);
    expect(JSON.stringify(failed.body)).not.toMatch(/Injected fault|InternalServerError/);
    // positive control: the fault is used up
    const created = await createAccount(ownerEmail());
    expect(created.status).toBe(201);
  });

  it('clearFaults disarms what was armed', async () => {
    await fault({ service: 'dynamodb', times: 5 });
    await clearFaults();
    expect((await createAccount(ownerEmail())).status).toBe(201);
  });

  it('moves the clock the handlers use: a setup link expires after INVITATION_TTL_SECONDS', async () => {
    const email = ownerEmail();
    expect((await createAccount(email)).status).toBe(201);
    const token = await lastLinkTo(email, 'accept-invitation');
    await clock(7 * 24 * 3600 + 60);
    const expired = await call('POST', '/v1/invitations/accept', {
      body: { token, password: PASSWORD },
    });
    expect(expired.status).toBe(410);
    expect(expired.body).toMatchObject({ code: 'invitation_expired' });
    // positive control: the same link works once the clock is back
    await clock(0);
    const accepted = await call('POST', '/v1/invitations/accept', {
      body: { token, password: PASSWORD },
    });
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(200);
  });

  it('the mailbox helpers find and clear sent mail', async () => {
    const email = ownerEmail();
    expect((await createAccount(email)).status).toBe(201);
    expect(await mailsTo(email)).toHaveLength(1);
    expect(await lastLinkTo(email, 'accept-invitation')).toMatch(/^[\w-]{22,}$/);
    await clearMailbox();
    expect(await mailsTo(email)).toHaveLength(0);
  });
});

describe('a second stack', () => {
  it('runs beside the first without test controls, and SIGTERM stops every emulator it started', async () => {
    const second = await startStack({ env: { LOCAL_TEST_CONTROLS: '0' } });
    const { info } = second;
    expect(info.emulatorPids).toHaveLength(3);
    expect(info.emulatorPids.every(isAlive)).toBe(true);
    // a second stack beside the first: its own ports, its own pool
    expect(info.baseUrl).not.toBe(stack().baseUrl);
    expect((await fetch(`${info.baseUrl}/v1/health`)).status).toBe(200);
    expect((await fetch(`${info.baseUrl}/__test/faults`, { method: 'DELETE' })).status).toBe(404);

    const ended = await second.stop();
    expect(ended).toEqual({ code: 0, signal: null, survivors: [] });
    expect([info.pid, ...info.emulatorPids].filter(isAlive)).toEqual([]);
    await expect(fetch(`${info.baseUrl}/v1/health`)).rejects.toThrow();
    await expect(fetch(`${info.mailboxUrl}/store`)).rejects.toThrow();
  }, 120_000);
});
