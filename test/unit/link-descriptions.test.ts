import { describe, expect, it } from 'vitest';
import { disposableDomains } from '#adapters/disposable-domains.ts';
import { InvitationUsedError, ResetLinkUsedError, VoicemailPinLinkUsedError } from '#domain/errors.ts';
import { linkStateOf, linkStateOfError } from '#domain/link-state.ts';
import { acceptInvitation } from '#use-cases/auth.ts';
import { forgotPassword, resetPassword, setUserPassword } from '#use-cases/credentials.ts';
import { revokeInvitation, inviteMembers, resendInvitation } from '#use-cases/invitations.ts';
import { deactivateUser } from '#use-cases/lifecycle.ts';
import { describeInvitationLink, describeResetLink, describeVoicemailPinLink } from '#use-cases/link-descriptions.ts';
import { createService } from '#use-cases/services.ts';
import { sendUserInvitation } from '#use-cases/user-invitation.ts';
import { createUser } from '#use-cases/users.ts';
import { setVoicemailPin } from '#use-cases/voicemail-pin.ts';
import { orgWorld, PASSWORD, world } from '../builders/memory.ts';

const DAY = 24 * 3600;
const UNKNOWN = 'A'.repeat(43);
const tokenIn = (text: string | undefined, path: string) =>
  new RegExp(`/${path}\\?token=([A-Za-z0-9_-]+)`).exec(text ?? '')![1];
/** Nothing that would tell whose link it was. */
const GONE_KEYS = ['accountBrand', 'accountLanguage', 'memberLanguage', 'state'];

describe('link states come from the rules the routes use', () => {
  it('maps the link errors to states and lets every other error through', () => {
    expect(linkStateOf(() => undefined)).toBe('valid');
    expect(
      linkStateOf(() => {
        throw new InvitationUsedError();
      }),
    ).toBe('used');
    expect(linkStateOfError(new ResetLinkUsedError())).toBe('used');
    expect(linkStateOfError(new VoicemailPinLinkUsedError())).toBe('used');
    expect(() =>
      linkStateOf(() => {
        throw new Error('outage');
      }),
    ).toThrow('outage');
  });
});

describe('describeInvitationLink', () => {
  it('a setup link: the account, no inviter ("your account manager"), the member first name, a password to choose', async () => {
    const w = await world();
    await createUser(w.deps, w.manager(), {
      username: 'greta',
      email: 'greta@acme.test',
      firstName: 'Greta',
      lastName: 'G',
      language: 'de',
    });
    const token = w.mailer.lastToken();
    const before = structuredClone([...w.dir.invitations.values()]);

    await expect(describeInvitationLink(w.deps, token)).resolves.toEqual({
      state: 'valid',
      accountName: 'Acme',
      inviterName: null,
      firstName: 'Greta',
      email: 'greta@acme.test',
      password: 'choose',
      asksName: false,
      memberLanguage: 'de',
      accountLanguage: null,
      accountBrand: null,
    });
    // nothing consumed or claimed: the link still accepts
    expect([...w.dir.invitations.values()]).toEqual(before);
    await acceptInvitation(w.deps, { token, password: PASSWORD });
    expect(await describeInvitationLink(w.deps, token)).toEqual({
      state: 'used',
      memberLanguage: 'de',
      accountLanguage: null,
      accountBrand: null,
    });
  });

  it('an invitation by a member names the inviter and asks a new person for names; someone with a sign-in confirms', async () => {
    const w = await world();
    await inviteMembers({ ...w.deps, disposable: disposableDomains }, w.manager(), { emails: ['new@elsewhere.test'] });
    expect(await describeInvitationLink(w.deps, w.mailer.lastToken())).toMatchObject({
      state: 'valid',
      accountName: 'Acme',
      inviterName: 'Bo Ss',
      firstName: null,
      password: 'choose',
      asksName: true,
    });

    // the owner of a second account already signs in: invited to Acme, they confirm their current password
    await w.secondAccount('Beta', 'olga@beta.test');
    await inviteMembers({ ...w.deps, disposable: disposableDomains }, w.manager(), { emails: ['olga@beta.test'] });
    const token = w.mailer.lastToken();
    expect(await describeInvitationLink(w.deps, token)).toMatchObject({
      state: 'valid',
      email: 'olga@beta.test',
      password: 'confirm',
      asksName: false,
    });
    await acceptInvitation(w.deps, { token, password: PASSWORD });
    expect((await describeInvitationLink(w.deps, token)).state).toBe('used');
  });

  it('the account language and the account brand travel with the link, valid or not', async () => {
    const w = await world();
    const account = w.dir.accounts.get(w.account.id)!;
    w.dir.accounts.set(account.id, {
      ...account,
      settings: { ...account.settings, language: 'fr' },
      branding: { displayName: 'Reseller <b>' },
    });
    await inviteMembers({ ...w.deps, disposable: disposableDomains }, w.manager(), { emails: ['pat@acme.test'] });
    const token = w.mailer.lastToken();
    expect(await describeInvitationLink(w.deps, token)).toMatchObject({
      state: 'valid',
      memberLanguage: null,
      accountLanguage: 'fr',
      accountBrand: { displayName: 'Reseller <b>' },
    });
    w.clock.advance(7 * DAY);
    expect(await describeInvitationLink(w.deps, token)).toEqual({
      state: 'expired',
      memberLanguage: null,
      accountLanguage: 'fr',
      accountBrand: { displayName: 'Reseller <b>' },
    });
  });

  it('expired at its expiry even before any cleanup (injected clock), unknown once past its retention', async () => {
    const w = await world();
    await inviteMembers({ ...w.deps, disposable: disposableDomains }, w.manager(), { emails: ['late@acme.test'] });
    const token = w.mailer.lastToken();
    w.clock.advance(7 * DAY - 1);
    expect((await describeInvitationLink(w.deps, token)).state).toBe('valid');
    w.clock.advance(1);
    const expired = await describeInvitationLink(w.deps, token);
    expect(expired.state).toBe('expired');
    expect(Object.keys(expired).sort()).toEqual(GONE_KEYS);
    w.clock.advance(30 * DAY);
    expect(await describeInvitationLink(w.deps, token)).toEqual({
      state: 'unknown',
      memberLanguage: null,
      accountLanguage: null,
      accountBrand: null,
    });
  });

  it('revoked and replaced links, and a token nobody issued, say so without naming anyone', async () => {
    const w = await world();
    const [sent] = await inviteMembers({ ...w.deps, disposable: disposableDomains }, w.manager(), {
      emails: ['joe@acme.test'],
    });
    const first = w.mailer.lastToken();
    await resendInvitation(w.deps, w.manager(), sent.invitationId!);
    const second = w.mailer.lastToken();
    expect((await describeInvitationLink(w.deps, first)).state).toBe('used');
    expect((await describeInvitationLink(w.deps, second)).state).toBe('valid');
    await revokeInvitation(w.deps, w.manager(), sent.invitationId!);
    const revoked = await describeInvitationLink(w.deps, second);
    expect(revoked.state).toBe('revoked');
    expect(Object.keys(revoked).sort()).toEqual(GONE_KEYS);
    expect(await describeInvitationLink(w.deps, UNKNOWN)).toEqual({
      state: 'unknown',
      memberLanguage: null,
      accountLanguage: null,
      accountBrand: null,
    });
  });

  it('a setup-again link: a new password without the old one; retired by a later change, revoked by a deactivation', async () => {
    const w = await world();
    const sam = await w.member('sam@acme.test');
    w.clock.advance(60);
    await sendUserInvitation(w.deps, w.manager(), sam.user.id);
    const retired = w.mailer.lastToken();
    expect(await describeInvitationLink(w.deps, retired)).toMatchObject({
      state: 'valid',
      password: 'choose',
      asksName: false,
      firstName: 'M',
    });
    await setUserPassword(w.deps, w.manager(), sam.user.id, { password: 'Manager-Set-Pass-1' });
    expect((await describeInvitationLink(w.deps, retired)).state).toBe('used');
    // the same answer the JSON route gives
    await expect(acceptInvitation(w.deps, { token: retired, password: PASSWORD })).rejects.toThrow(InvitationUsedError);

    w.clock.advance(5);
    await sendUserInvitation(w.deps, w.manager(), sam.user.id);
    const fresh = w.mailer.lastToken();
    expect((await describeInvitationLink(w.deps, fresh)).state).toBe('valid');
    await deactivateUser(w.deps, w.manager(), sam.user.id);
    expect((await describeInvitationLink(w.deps, fresh)).state).toBe('revoked');
  });
});

describe('describeResetLink', () => {
  it('valid with the address, used once reset, expired at the hour, unknown past its retention', async () => {
    const w = await world();
    await w.member('alice@acme.test');
    await forgotPassword(w.deps, { email: 'alice@acme.test' });
    const token = tokenIn(w.mailer.sent.at(-1)?.text, 'reset-password');
    expect(await describeResetLink(w.deps, token)).toEqual({
      state: 'valid',
      email: 'alice@acme.test',
      memberLanguage: null,
      accountLanguage: null,
      accountBrand: null,
    });
    await resetPassword(w.deps, { token, password: 'Fresh-Password-2' });
    const used = await describeResetLink(w.deps, token);
    expect(used.state).toBe('used');
    expect(Object.keys(used).sort()).toEqual(GONE_KEYS);

    w.clock.advance(60);
    await forgotPassword(w.deps, { email: 'alice@acme.test' });
    const later = tokenIn(w.mailer.sent.at(-1)?.text, 'reset-password');
    w.clock.advance(3599);
    expect((await describeResetLink(w.deps, later)).state).toBe('valid');
    w.clock.advance(1);
    expect((await describeResetLink(w.deps, later)).state).toBe('expired');
    w.clock.advance(DAY);
    expect((await describeResetLink(w.deps, later)).state).toBe('unknown');
    expect((await describeResetLink(w.deps, UNKNOWN)).state).toBe('unknown');
  });

  it('in the member language; the account language and brand only for a person of one account', async () => {
    const w = await world();
    await createUser(w.deps, w.manager(), {
      username: 'hans',
      email: 'hans@acme.test',
      firstName: 'Hans',
      lastName: 'H',
      language: 'de',
    });
    await acceptInvitation(w.deps, { token: w.mailer.lastToken(), password: PASSWORD });
    const account = w.dir.accounts.get(w.account.id)!;
    w.dir.accounts.set(account.id, { ...account, settings: { ...account.settings, language: 'es' } });
    await forgotPassword(w.deps, { email: 'hans@acme.test' });
    expect(await describeResetLink(w.deps, tokenIn(w.mailer.sent.at(-1)?.text, 'reset-password'))).toMatchObject({
      memberLanguage: 'de',
      accountLanguage: 'es',
    });

    // the same person in a second account: whose account settings would be a guess, so none
    await w.secondAccount('Beta', 'hans@acme.test');
    w.clock.advance(60);
    await forgotPassword(w.deps, { email: 'hans@acme.test' });
    expect(await describeResetLink(w.deps, tokenIn(w.mailer.sent.at(-1)?.text, 'reset-password'))).toMatchObject({
      state: 'valid',
      memberLanguage: 'de',
      accountLanguage: null,
      accountBrand: null,
    });
  });
});

describe('describeVoicemailPinLink', () => {
  async function voiceWorld() {
    const w = await orgWorld();
    const deps = { ...w.deps, services: w.dir.services.store };
    const max = await w.member('max@acme.test');
    const mailVoice = async () => {
      await createService(deps, w.manager(), max.user.id, { type: 'voice', welcomeEmail: true });
      return tokenIn(w.mailer.sent.at(-1)?.text, 'voicemail-pin');
    };
    return { ...w, deps, max, mailVoice };
  }

  it('valid with the account and the member first name; used once set; expired at its expiry; unknown token', async () => {
    const w = await voiceWorld();
    const token = await w.mailVoice();
    expect(await describeVoicemailPinLink(w.deps, token)).toEqual({
      state: 'valid',
      accountName: 'Acme',
      firstName: 'M',
      memberLanguage: null,
      accountLanguage: null,
      accountBrand: null,
    });
    await setVoicemailPin(w.deps, { token, pin: '2580' });
    const used = await describeVoicemailPinLink(w.deps, token);
    expect(used.state).toBe('used');
    expect(Object.keys(used).sort()).toEqual(GONE_KEYS);
    expect((await describeVoicemailPinLink(w.deps, UNKNOWN)).state).toBe('unknown');
  });

  it('expires with the invitation lifetime even before any cleanup', async () => {
    const w = await voiceWorld();
    const token = await w.mailVoice();
    w.clock.advance(7 * DAY - 1);
    expect((await describeVoicemailPinLink(w.deps, token)).state).toBe('valid');
    w.clock.advance(1);
    expect((await describeVoicemailPinLink(w.deps, token)).state).toBe('expired');
    w.clock.advance(30 * DAY);
    expect((await describeVoicemailPinLink(w.deps, token)).state).toBe('unknown');
  });
});
