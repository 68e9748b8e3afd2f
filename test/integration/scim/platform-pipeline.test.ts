/**
 * The SCIM pipeline's bodies and limits over HTTP: both JSON media types taken, 415 on others, 413 past 1 MB, 400
 * invalidSyntax on broken JSON, If-Match checked; and the per-account rate limit (429 with Retry-After) after
 * authentication. The rate limit's own window is tested against DynamoDB Local directly, with a limit of 5.
 */
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { call, stack } from '../../support/http.ts';
import { ddb, tableName } from '../../support/dynamo.ts';
import { expectStatus, newOrg, type Manager } from '../../builders/api.ts';
import { expectScimError, scimClient, type ScimClient } from '../../builders/scim-connection.ts';
import { scimRateWindowKey } from '#adapters/dynamodb/entities/rate-window.ts';

let acme: Manager;
let idp: ScimClient;
const post = (path: string, body: string, type?: string, key = idp.key) =>
  call('POST', `${idp.base}${path}`, {
    rawBody: body,
    headers: { authorization: `Bearer ${key}`, ...(type ? { 'content-type': type } : {}) },
  });

beforeAll(async () => {
  acme = await newOrg('Acme SCIM Pipeline');
  idp = await scimClient(acme);
});

describe('SCIM bodies', () => {
  it('takes application/scim+json and application/json; refuses text/plain (415)', async () => {
    // /Bulk reads its body before answering 501: a body the pipeline refused would be another status
    expectScimError(await post('/Bulk', '{"Operations":[]}', 'application/scim+json'), 501);
    expectScimError(await post('/Bulk', '{"Operations":[]}', 'application/scim+json; charset=utf-8'), 501);
    expectScimError(await post('/Bulk', '{"Operations":[]}', 'application/json'), 501);
    expectScimError(await post('/Bulk', '{"Operations":[]}', 'text/plain'), 415);
    expectScimError(await post('/Bulk', '{"Operations":[]}'), 415);
  });

  it('refuses broken JSON with 400 invalidSyntax', async () => {
    expectScimError(await post('/Bulk', '{"Operations": [', 'application/scim+json'), 400, 'invalidSyntax');
  });

  it('takes 1 MB and refuses more with 413', async () => {
    const body = (size: number) => `{"pad":"${'x'.repeat(size - 10)}"}`;
    expect(body(1024 * 1024)).toHaveLength(1024 * 1024);
    expectScimError(await post('/Bulk', body(1024 * 1024), 'application/scim+json'), 501);
    expectScimError(await post('/Bulk', body(1024 * 1024 + 1), 'application/scim+json'), 413);
  });

  it('refuses a malformed If-Match with 400 invalidValue; W/"n", "n" and * pass', async () => {
    const get = (ifMatch: string) =>
      call('GET', `${idp.base}/ServiceProviderConfig`, {
        headers: { authorization: `Bearer ${idp.key}`, 'if-match': ifMatch },
      });
    for (const good of ['W/"3"', '"3"', '*']) expectStatus(await get(good), 200);
    expectScimError(await get('yesterday'), 400, 'invalidValue');
  });
});

describe('SCIM rate limit', () => {
  it('answers 429 with Retry-After once the second budget of the account is spent; other accounts are not', async () => {
    const other = await newOrg('Other SCIM Pipeline');
    const otherIdp = await scimClient(other);
    // the budget of the coming seconds spent already (written straight into the table), so the next call is the 51st
    const now = Math.floor(Date.now() / 1000);
    await Promise.all(
      [0, 1, 2, 3, 4, 5].map((d) =>
        ddb().send(
          new PutCommand({
            TableName: tableName(),
            Item: {
              ...scimRateWindowKey(acme.accountId, now + d),
              entity: 'ScimRateWindow',
              n: 50,
              expiresAt: now + 60,
            },
          }),
        ),
      ),
    );
    const limited = await call('GET', `${idp.base}/ServiceProviderConfig`, {
      headers: { authorization: `Bearer ${idp.key}` },
    });
    expectScimError(limited, 429);
    expect(limited.headers['retry-after']).toBe('1');
    // another account's budget is its own
    const elsewhere = await call('GET', `${otherIdp.base}/ServiceProviderConfig`, {
      headers: { authorization: `Bearer ${otherIdp.key}` },
    });
    expectStatus(elsewhere, 200);
    // strangers do not spend it: without a valid key the answer is 401, not 429
    expectScimError(await call('GET', `${idp.base}/ServiceProviderConfig`), 401);
  });
});

describe('SCIM rate limit window (DynamoDB Local)', () => {
  it('takes 5 requests in one second, refuses the 6th, and takes requests again the next second', async () => {
    Object.assign(process.env, {
      TABLE_NAME: stack().tableName,
      AWS_ENDPOINT_URL_DYNAMODB: stack().dynamodbEndpoint,
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'local',
      AWS_SECRET_ACCESS_KEY: 'local',
    });
    const { fixedWindowRateLimit } = await import('#adapters/dynamodb/rate-limit-store.ts');
    const limiter = fixedWindowRateLimit(() => 5);
    const account = `ratetest${Date.now()}`;
    const second = new Date(Math.floor(Date.now() / 1000) * 1000);
    const taken = await Promise.all(Array.from({ length: 6 }, () => limiter.take(account, second)));
    expect(taken.filter(Boolean)).toHaveLength(5);
    expect(await limiter.take(account, new Date(second.getTime() + 999))).toBe(false);
    expect(await limiter.take(account, new Date(second.getTime() + 1000))).toBe(true);
    // another account's window is its own
    expect(await limiter.take(`${account}x`, second)).toBe(true);
  });
});
