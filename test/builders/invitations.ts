/** Builders for the invitation tests: invite, list, accept a link; each made through the public API. */
import { randomBytes } from 'node:crypto';
import { expect } from 'vitest';
import { call } from '../support/http.ts';
import { lastLinkTo, mailsTo } from '../support/mailbox.ts';

export type InviteResult = {
  email: string;
  status: 'invited' | 'skipped' | 'invalid';
  reason?: string;
  invitationId?: string;
  delivery?: string;
};
export type InvitationDto = {
  id: string;
  email: string;
  role: string;
  status: string;
  kind: string;
  userId: string | null;
  invitedBy: { kind: string; userId?: string };
  createdAt: string;
  expiresAt: string;
  resentAt?: string;
  resendCount: number;
  delivery: string;
};
export type InvitationPage = { items: InvitationDto[]; nextCursor: string | null };

/** Addresses on a domain nobody lists as disposable. */
export const inviteeEmail = (label = 'invitee') => `${label}.${randomBytes(5).toString('hex')}@example.org`;

export const invitationsPath = (accountId: string) => `/v1/accounts/${accountId}/invitations`;

export async function invite(
  manager: { accountId: string; token: string },
  emails: string[],
  extra: Record<string, unknown> = {},
) {
  const r = await call('POST', invitationsPath(manager.accountId), {
    token: manager.token,
    body: { emails, ...extra },
  });
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return { ...r, results: (r.body as { results: InviteResult[] }).results };
}

export async function inviteOne(
  manager: { accountId: string; token: string },
  email = inviteeEmail(),
  extra: Record<string, unknown> = {},
) {
  const { results } = await invite(manager, [email], extra);
  expect(results[0]).toMatchObject({ status: 'invited' });
  return { email, invitationId: results[0].invitationId! };
}

export async function listAll(manager: { accountId: string; token: string }, status: string): Promise<InvitationDto[]> {
  const r = await call('GET', `${invitationsPath(manager.accountId)}?status=${status}&limit=100`, {
    token: manager.token,
  });
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return (r.body as InvitationPage).items;
}

export const acceptLink = (token: string, password: string, extra: Record<string, unknown> = {}) =>
  call('POST', '/v1/invitations/accept', { body: { token, password, ...extra } });

export const linkOf = (email: string) => lastLinkTo(email, 'accept-invitation');
export const mailCount = async (email: string) => (await mailsTo(email)).length;

/**
 * The DynamoDB calls every account route makes to authorize, measured on GET /v1/accounts/{id}: the authorization
 * read returns the account too, so that route is the authorization read and nothing else (one BatchGetItem).
 */
export async function authorizationCommands(manager: { accountId: string; token: string }): Promise<string[]> {
  const r = await call('GET', `/v1/accounts/${manager.accountId}`, { token: manager.token });
  expect(r.status).toBe(200);
  expect(r.ddbCommands).toEqual(['BatchGetItemCommand']);
  return r.ddbCommands;
}
