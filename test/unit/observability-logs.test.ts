// The structured log: the request's context on every line, reset between invocations, secrets cut, debug sampling.
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { api } from '#http/api.ts';
import { operatorAuth, publicAuth } from '#http/authenticate.ts';
import { defineRoute } from '#http/route-types.ts';
import { json } from '#http/responses.ts';
import { isSecretField, logger } from '#observability/logger.ts';
import { captureLogLines } from '../support/log-lines.ts';
import { gatewayEvent } from '../builders/gateway-event.ts';

const KEY = 'operator-key-for-tests';

const event = (path: { accountId?: string }, headers: Record<string, string> = {}): APIGatewayProxyEventV2 =>
  gatewayEvent({
    headers,
    ...(path.accountId ? { pathParameters: { accountId: path.accountId } } : {}),
    requestId: `apigw-${path.accountId ?? 'none'}`,
  });
const context = (id: string) => ({ awsRequestId: id, functionName: 'f', memoryLimitInMB: '512' }) as Context;
const probe = { method: 'GET', path: '/t', grants: [], summary: 'probe', tags: [], responses: {} } as const;

/** An operator route about one account that logs a line of its own before answering. */
const operatorHandler = api(
  defineRoute({ ...probe, operationId: 'probeAccount', area: 'directory', auth: operatorAuth }),
  { operatorKey: async () => KEY },
  async () => {
    logger.info('inside the operation');
    return json(200, {});
  },
);
/** A public route without an account. */
const publicHandler = api(
  defineRoute({ ...probe, operationId: 'probePublic', area: 'platform', auth: publicAuth }),
  {},
  async () => {
    logger.warn('public work');
    return json(200, {});
  },
);

let capture: ReturnType<typeof captureLogLines>;
beforeEach(() => {
  // a logger built from here on (a new container) reads the environment; the one loaded already is told
  process.env.LOG_LEVEL = 'info';
  logger.setLevel('info');
  capture = captureLogLines();
});
afterEach(() => {
  capture.restore();
  process.env.LOG_LEVEL = 'silent';
  logger.setLevel('silent');
});
const parsed = () => capture.lines.map((line) => JSON.parse(line) as Record<string, unknown>);

describe('every line of a request', () => {
  it('carries the request id, the function request id, route, area, account and caller', async () => {
    const r = await operatorHandler(event({ accountId: 'acc-1' }, { 'x-operator-key': KEY }), context('fn-1'));
    expect((r as { statusCode: number }).statusCode).toBe(200);
    const lines = parsed();
    expect(lines.map((l) => l.message)).toEqual(['inside the operation', 'request']);
    for (const line of lines)
      expect(line).toMatchObject({
        service: 'switchboard',
        requestId: 'apigw-acc-1',
        function_request_id: 'fn-1',
        route: 'probeAccount',
        area: 'directory',
        accountId: 'acc-1',
        caller: 'operator',
      });
    expect(lines[1]).toMatchObject({ status: 200, method: 'GET', path: '/t' });
  });

  it('a refused request logs its context too, with the problem code and without a caller', async () => {
    await operatorHandler(event({ accountId: 'acc-2' }, { 'x-operator-key': 'wrong' }), context('fn-2'));
    const [line] = parsed();
    expect(line).toMatchObject({ message: 'request', status: 401, problem: 'unauthenticated', accountId: 'acc-2' });
    expect(line).not.toHaveProperty('caller');
  });

  it('keys are reset at the start of each invocation: nothing of the last request leaks into the next', async () => {
    await operatorHandler(event({ accountId: 'acc-1' }, { 'x-operator-key': KEY }), context('fn-1'));
    capture.lines.length = 0;
    await publicHandler(event({}), context('fn-2'));
    const lines = parsed();
    expect(lines.map((l) => l.message)).toEqual(['public work', 'request']);
    for (const line of lines) {
      expect(line).toMatchObject({ requestId: 'apigw-none', function_request_id: 'fn-2', route: 'probePublic' });
      expect(line).not.toHaveProperty('accountId');
      expect(line).not.toHaveProperty('caller');
    }
  });
});

describe('secrets never reach a line', () => {
  it('secret-like fields are replaced and API key text is cut; other fields stay (positive control)', () => {
    const key = `sbk_01ABC_01DEF_${'s'.repeat(64)}`;
    logger.info('request', {
      password: 'hunter2-password',
      accessToken: 'eyJ-token-value',
      refresh_token: 'refresh-value',
      authorization: `Bearer ${key}`,
      nested: { otp: '123456', totpCode: '654321', 'set-cookie': 'sid=cookie-value', keep: 'kept-nested' },
      note: `a key in passing: ${key}`,
      status: 200,
      problem: 'validation_failed',
    });
    const text = capture.lines.join('\n');
    for (const secret of ['hunter2', 'eyJ-token', 'refresh-value', '123456', '654321', 'cookie-value', 's'.repeat(64)])
      expect(text).not.toContain(secret);
    const [line] = parsed();
    expect(line).toMatchObject({
      password: '[redacted]',
      accessToken: '[redacted]',
      refresh_token: '[redacted]',
      authorization: '[redacted]',
      nested: { otp: '[redacted]', totpCode: '[redacted]', 'set-cookie': '[redacted]', keep: 'kept-nested' },
      note: 'a key in passing: sbk_[redacted]',
      status: 200,
      problem: 'validation_failed',
    });
  });

  it('the operator key a request carried is in no line (its request line is written: positive control)', async () => {
    await operatorHandler(event({ accountId: 'acc-3' }, { 'x-operator-key': 'sent-key-value' }), context('fn-3'));
    expect(parsed().map((l) => l.message)).toEqual(['request']);
    expect(capture.lines.join()).not.toContain('sent-key-value');
  });

  it('an error message that carries key text is cut too', () => {
    logger.error('failed', { error: new Error(`bad key sbk_01A_01B_${'x'.repeat(40)}`) });
    expect(capture.lines.join()).not.toContain('x'.repeat(40));
    expect(capture.lines.join()).toContain('bad key sbk_[redacted]');
  });

  it('tells secret-like field names from the others by their words', () => {
    const secret = ['password', 'newPassword', 'accessToken', 'refresh_token', 'tokenHash', 'clientSecret', 'code'];
    const more = ['totpCode', 'authorization', 'set-cookie', 'otp', 'pin', 'session', 'mfaSession'];
    for (const name of [...secret, ...more]) expect(isSecretField(name), name).toBe(true);
    const plain = ['status', 'problem', 'route', 'area', 'accountId', 'caller', 'requestId', 'function_request_id'];
    for (const name of [...plain, 'expired', 'error', 'message', 'reason', 'recipients', 'importId', 'barcode'])
      expect(isSecretField(name), name).toBe(false);
  });

  it('redacts the operator key, private keys, CSRF values, JWTs and grants by name', () => {
    for (const name of ['operatorKey', 'x-operator-key', 'privateKey', 'csrf', 'csrfToken', 'jwt', 'grant'])
      expect(isSecretField(name), name).toBe(true);
    // control: codes that say what went wrong, and ids of keys, stay readable
    for (const name of ['statusCode', 'httpStatusCode', 'countryCode', 'errorCode', 'apiKeyId', 'keyId'])
      expect(isSecretField(name), name).toBe(false);
    for (const name of ['verificationCode', 'mfa_code', 'resetCode']) expect(isSecretField(name), name).toBe(true);
  });

  it('cuts secrets out of text: link parameters, bearer credentials and JWTs', () => {
    const jwt = `eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ1In0.${'q'.repeat(43)}`;
    logger.warn('mail refused', {
      link: 'https://id.example.com/accept?token=tok-SECRET-1&lang=de',
      enrol: 'otpauth://totp/Acme:a?secret=JBSWY3DPEHPK3PXP&issuer=Acme',
      error: new Error(`upstream said Bearer ${jwt} was refused`),
      note: `token ${jwt}`,
    });
    const text = capture.lines.join('\n');
    for (const secret of ['tok-SECRET-1', 'JBSWY3DPEHPK3PXP', 'q'.repeat(43)]) expect(text).not.toContain(secret);
    // control: the rest of each value is still there to read
    expect(text).toContain('https://id.example.com/accept?token=[redacted]&lang=de');
    expect(text).toContain('issuer=Acme');
    expect(text).toContain('was refused');
  });
});

describe('the level and debug sampling', () => {
  afterEach(() => {
    delete process.env.POWERTOOLS_LOGGER_SAMPLE_RATE;
    vi.resetModules();
  });

  /** A logger built fresh (as in a new container) under the given sample rate, and `runs` invocations of it. */
  async function invocationsWithDebug(rate: string, runs: number): Promise<number> {
    process.env.POWERTOOLS_LOGGER_SAMPLE_RATE = rate;
    vi.resetModules();
    const fresh = (await import('#observability/logger.ts')).logger;
    let withDebug = 0;
    for (let n = 0; n < runs; n++) {
      capture.lines.length = 0;
      fresh.startInvocation(context(`fn-${n}`), { route: 'probe' });
      fresh.debug('detail');
      fresh.info('request');
      const messages = parsed().map((l) => l.message);
      expect(messages).toContain('request');
      if (messages.includes('detail')) withDebug++;
    }
    return withDebug;
  }

  it('at info, debug lines are dropped; a sample rate of 1 keeps them on every invocation (positive control)', async () => {
    expect(await invocationsWithDebug('0', 20)).toBe(0);
    expect(await invocationsWithDebug('1', 20)).toBe(20);
  });

  it('the sampling decision is made again for each invocation', async () => {
    const sampled = await invocationsWithDebug('0.5', 200);
    expect(sampled).toBeGreaterThan(0);
    expect(sampled).toBeLessThan(200);
  });

  it('a logger built under LOG_LEVEL=silent (as in the tests and the local stack) writes nothing', async () => {
    process.env.LOG_LEVEL = 'silent';
    vi.resetModules();
    const fresh = (await import('#observability/logger.ts')).logger;
    fresh.error('not written');
    expect(capture.lines).toEqual([]);
    fresh.setLevel('info');
    fresh.error('written');
    expect(parsed().map((l) => l.message)).toEqual(['written']);
  });

  it('LOG_LEVEL=silent writes nothing; info writes again (positive control)', () => {
    logger.setLevel('silent');
    logger.error('not written');
    expect(capture.lines).toEqual([]);
    logger.setLevel('info');
    logger.error('written');
    expect(parsed().map((l) => l.message)).toEqual(['written']);
  });
});
