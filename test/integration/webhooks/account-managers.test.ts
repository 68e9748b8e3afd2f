/**
 * Who is mailed when a failing webhook endpoint is disabled: the account's active account managers, read from the
 * local stack's table by the adapter the delivery worker uses. Not invited ones, deactivated ones, other roles, or
 * another account's managers.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, stack } from '../../support/http.ts';
import { createMember, expectStatus, newMember, newOrg } from '../../builders/api.ts';

let activeAccountManagers: (accountId: string) => Promise<{ id: string; email: string; role: string }[]>;
const before = { ...process.env };

beforeAll(async () => {
  // the adapter's client is the functions' own: it reads the stack's table through these settings
  Object.assign(process.env, {
    TABLE_NAME: stack().tableName,
    AWS_ENDPOINT_URL_DYNAMODB: stack().dynamodbEndpoint,
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
  });
  ({ activeAccountManagers } = await import('#adapters/dynamodb/account-managers.ts'));
});
afterAll(() => {
  for (const name of [
    'TABLE_NAME',
    'AWS_ENDPOINT_URL_DYNAMODB',
    'AWS_REGION',
    'AWS_ACCESS_KEY_ID',
    'AWS_SECRET_ACCESS_KEY',
  ])
    if (before[name] === undefined) delete process.env[name];
    else process.env[name] = before[name];
});

describe('the active account managers of an account', () => {
  it('are the active members with the account manager role, and no one else', async () => {
    const org = await newOrg('Managers Ltd');
    const second = await newMember(org, { role: 'account_manager' });
    const leaving = await newMember(org, { role: 'account_manager' });
    const invited = await createMember(org, { role: 'account_manager' });
    const regular = await newMember(org);
    const other = await newOrg('Elsewhere Ltd');
    expectStatus(
      await call('POST', `/v1/accounts/${org.accountId}/users/${leaving.id}/deactivate`, { token: org.token }),
      200,
    );

    const managers = await activeAccountManagers(org.accountId);
    expect(managers.map((m) => m.id).sort()).toEqual([org.ownerId, second.id].sort());
    expect(managers.every((m) => m.role === 'account_manager')).toBe(true);
    expect(managers.find((m) => m.id === second.id)?.email).toBe(second.email);
    for (const absent of [leaving.id, invited.id, regular.id, other.ownerId])
      expect(managers.map((m) => m.id)).not.toContain(absent);
    // the other account's own reading finds its owner (positive control)
    expect((await activeAccountManagers(other.accountId)).map((m) => m.id)).toEqual([other.ownerId]);
  });
});
