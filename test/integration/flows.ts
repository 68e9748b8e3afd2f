/** Builders for integration tests: each returns a ready piece of the world, made through the public API. */
import { randomBytes } from 'node:crypto';
import { expect, inject } from 'vitest';
import { call } from '../support/http.ts';
import { lastLinkTo } from '../support/mailbox.ts';

export const PASSWORD = 'Correct-Horse-Battery-9';
export const uniqueEmail = (label: string) => `${label}.${randomBytes(4).toString('hex')}@example.com`;
export const operatorKey = () => inject('stack').operatorKey;

/**
 * Token times are whole seconds, and a revocation in second S refuses tokens issued in S too (revocationMark):
 * a sign-in right after a revocation waits for the next second, as any real client does by taking longer.
 */
export const nextSecond = () => new Promise((resolve) => setTimeout(resolve, 1000 - (Date.now() % 1000) + 50));

/** Signs in; returns the raw answer (tokens or a challenge). */
export const tokenRequest = (email: string, password = PASSWORD) =>
  call('POST', '/v1/auth/token', { body: { email, password } });

export async function signIn(email: string, password = PASSWORD): Promise<string> {
  const r = await call('POST', '/v1/auth/token', { body: { email, password } });
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return (r.body as { accessToken: string }).accessToken;
}

export async function accept(email: string, password = PASSWORD) {
  const token = await lastLinkTo(email, 'accept-invitation');
  const r = await call('POST', '/v1/invitations/accept', { body: { token, password } });
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body as { accountId: string; user: { id: string; status: string } };
}

/** An account whose owner (account manager) has accepted and signed in. */
export async function newAccount(name = 'Acme Fax') {
  const email = uniqueEmail('owner');
  const r = await call('POST', '/v1/accounts', {
    operatorKey: operatorKey(),
    body: { name, owner: { email, firstName: 'Olive', lastName: 'Owner' } },
  });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  const { account, owner } = r.body as { account: { id: string; name: string }; owner: { id: string } };
  await accept(email);
  return { accountId: account.id, account, ownerId: owner.id, email, token: await signIn(email) };
}

export const userInput = (over: Record<string, unknown> = {}) => {
  const suffix = randomBytes(3).toString('hex');
  return { username: `user-${suffix}`, email: uniqueEmail('member'), firstName: 'Max', lastName: 'Member', ...over };
};

/** A member created by `manager` who has accepted (with `password`) and signed in. */
export async function newMember(
  manager: { accountId: string; token: string },
  over: Record<string, unknown> = {},
  password = PASSWORD,
) {
  const input = userInput(over);
  const r = await call('POST', `/v1/accounts/${manager.accountId}/users`, { token: manager.token, body: input });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  const user = r.body as { id: string; email: string };
  await accept(user.email, password);
  return { ...user, input, token: await signIn(user.email, password) };
}
