import { describe, expect, it } from 'vitest';
import { call } from '../../support/http.ts';
import { PASSWORD, newAccount, newMember, nextSecond } from '../../builders/api.ts';

const tokensOf = async (email: string) =>
  (await call('POST', '/v1/auth/token', { body: { email, password: PASSWORD } })).body as {
    accessToken: string;
    refreshToken: string;
  };
const refresh = (refreshToken: string) => call('POST', '/v1/auth/refresh', { body: { refreshToken } });

describe('refresh tokens after a revocation', () => {
  it('a forced password reset ends refreshing too (positive control: refreshing before it works)', async () => {
    const acme = await newAccount('Refresh Co');
    const member = await newMember(acme);
    const { refreshToken } = await tokensOf(member.email);
    const before = await refresh(refreshToken);
    expect(before.status).toBe(200);
    expect((await call('GET', '/v1/me', { token: (before.body as { accessToken: string }).accessToken })).status).toBe(
      200,
    );

    expect(
      (await call('POST', `/v1/accounts/${acme.accountId}/users/${member.id}/password-reset`, { token: acme.token }))
        .status,
    ).toBe(202);
    const after = await refresh(refreshToken);
    expect(after.status).toBe(401);
    expect(after.headers['content-type']).toBe('application/problem+json');
  });

  it('deactivation ends refreshing, and reactivation does not bring the old session back', async () => {
    const acme = await newAccount('Refresh Two');
    const member = await newMember(acme);
    const { refreshToken } = await tokensOf(member.email);
    const path = `/v1/accounts/${acme.accountId}/users/${member.id}`;
    expect((await call('POST', `${path}/deactivate`, { token: acme.token })).status).toBe(200);
    expect((await refresh(refreshToken)).status).toBe(401);
    expect((await call('POST', `${path}/reactivate`, { token: acme.token })).status).toBe(200);
    expect((await refresh(refreshToken)).status).toBe(401);
    await nextSecond();
    const fresh = await tokensOf(member.email);
    expect((await refresh(fresh.refreshToken)).status).toBe(200);
  });
});
