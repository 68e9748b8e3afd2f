/**
 * What a member's record holds besides sign-in: the friendly name mail goes out under, managers' notes (who sees
 * them) and email aliases (unique in the account, at most 20, freed on close) — use cases over the in-memory ports.
 */
import { describe, expect, it } from 'vitest';
import { formatSender, headerText } from '#domain/mail.ts';
import {
  AliasLimitReachedError,
  ConflictError,
  EmailTakenError,
  ForbiddenError,
  NotFoundError,
  ValidationError,
} from '#domain/errors.ts';
import { MAX_EMAIL_ALIASES, senderName } from '#domain/user.ts';
import { addEmailAlias, removeEmailAlias } from '#use-cases/aliases.ts';
import { addDelegate } from '#use-cases/delegations.ts';
import { inviteMembers } from '#use-cases/invitations.ts';
import { closeUser } from '#use-cases/lifecycle.ts';
import { createUser, getUser, listUsers, notesListed, notesShown, updateUser } from '#use-cases/users.ts';
import { memberInput, orgWorld, PASSWORD } from '../builders/memory.ts';

const input = memberInput;

/** root ─ emea ─ berlin, root ─ apac; an admin of EMEA with manageUsers; a member in Berlin, one in APAC. */
async function world() {
  const w = await orgWorld();
  const [emea, berlin] = await w.chain(w.rootId, ['EMEA', 'Berlin']);
  const [apac] = await w.chain(w.rootId, ['APAC']);
  const deps = { ...w.deps, units: w.memory.store };
  const admin = await w.adminIn('admin@acme.test', emea.id);
  const berliner = await createUser(deps, w.manager(), input('berliner', { unitId: berlin.id, notes: 'VIP' }));
  const apacian = await createUser(deps, w.manager(), input('apacian', { unitId: apac.id, notes: 'Night shift' }));
  return { ...w, deps, emea, berlin, apac, admin, berliner, apacian };
}

describe('the sender name of mail', () => {
  it('is the friendly name, else first and last name', () => {
    expect(senderName({ firstName: 'Ada', lastName: 'Lovelace', friendlyName: null })).toBe('Ada Lovelace');
    expect(senderName({ firstName: 'Ada', lastName: 'Lovelace', friendlyName: 'Front desk' })).toBe('Front desk');
  });

  it('goes into the From header quoted (ASCII) or as RFC 2047 encoded words of at most 75 characters', () => {
    expect(formatSender(undefined, 'no-reply@x.test')).toBe('no-reply@x.test');
    expect(formatSender('Front desk', 'no-reply@x.test')).toBe('"Front desk" <no-reply@x.test>');
    expect(formatSender('Say "hi" \\ bye', 'a@x.test')).toBe('"Say \\"hi\\" \\\\ bye" <a@x.test>');
    const name = 'Zoë Ñandú — 東京オフィス受付 '.repeat(4).trim();
    const header = formatSender(name, 'a@x.test');
    const words = header.replace(/ <a@x\.test>$/, '').split(' ');
    expect(words.every((w) => /^=\?UTF-8\?B\?[A-Za-z0-9+/=]+\?=$/.test(w) && w.length <= 75)).toBe(true);
    const decoded = words.map((w) => Buffer.from(w.slice(10, -2), 'base64').toString('utf8')).join('');
    expect(decoded).toBe(name);
  });

  it('encodes a name or subject that looks like an encoded word, so a client shows it literally (positive control: plain text stays)', () => {
    // "\u202eevil boss <ceo@bank.com>" as an encoded word: a client that decoded it would show a refused bidi override
    const smuggled = `=?UTF-8?B?${Buffer.from('\u202eevil boss <ceo@bank.com>').toString('base64')}?=`;
    const header = formatSender(`${smuggled} via Acme`, 'a@x.test');
    const words = header.replace(/ <a@x\.test>$/, '').split(' ');
    expect(words.every((w) => /^=\?UTF-8\?B\?[A-Za-z0-9+/=]+\?=$/.test(w))).toBe(true);
    expect(words.map((w) => Buffer.from(w.slice(10, -2), 'base64').toString('utf8')).join('')).toBe(
      `${smuggled} via Acme`,
    );
    const subject = headerText(`${smuggled} invited you to Acme`);
    expect(subject.startsWith('=?UTF-8?B?')).toBe(true);
    expect(
      subject
        .split(' ')
        .map((w) => Buffer.from(w.slice(10, -2), 'base64').toString('utf8'))
        .join(''),
    ).toBe(`${smuggled} invited you to Acme`);
    expect(headerText('Bo Ss invited you to Acme')).toBe('Bo Ss invited you to Acme');
  });

  it("an invitation goes out under the inviter's friendly name (positive control: without one, their name)", async () => {
    const w = await world();
    const deps = { ...w.deps, disposable: { isDisposable: () => false } };
    await inviteMembers(deps, w.manager(), { emails: ['new1@acme.test'] });
    expect(w.mailer.sent.at(-1)).toMatchObject({ fromName: 'Bo Ss via Switchboard' });
    await updateUser(w.deps, w.manager(), w.manager().membership.userId, { friendlyName: 'Acme Front Desk' });
    await inviteMembers(deps, w.manager(), { emails: ['new2@acme.test'] });
    expect(w.mailer.sent.at(-1)?.fromName).toBe('Acme Front Desk via Switchboard');
    expect(w.mailer.sent.at(-1)?.subject).toContain('Acme Front Desk');
  });
});

describe("managers' notes", () => {
  it('account managers and the admins whose scope holds the member see them; the member, other admins and users do not', async () => {
    const w = await world();
    expect((await getUser(w.deps, w.manager(), w.berliner.id)).notesVisible).toBe(true);
    expect((await getUser(w.deps, w.admin.caller(), w.berliner.id)).notesVisible).toBe(true);
    // an admin reads a member outside their scope? no: they may not read them at all; their own record: no notes
    expect((await getUser(w.deps, w.admin.caller(), w.admin.user.id)).notesVisible).toBe(false);
    expect(await notesShown(w.deps, w.admin.caller(), w.apacian)).toBe(false);
    expect(await notesShown(w.deps, w.admin.caller(), w.berliner)).toBe(true);
    const plain = await w.member('plain@acme.test');
    expect((await getUser(w.deps, plain.caller(), plain.user.id)).notesVisible).toBe(false);
    // listings: account managers every row; an admin (their scope) every row but their own
    const listed = (await listUsers(w.deps, w.admin.caller(), {})).items;
    expect(listed.filter((u) => notesListed(w.admin.caller(), u)).map((u) => u.username)).toEqual(['berliner']);
    expect(listed.map((u) => u.username).sort()).toEqual(['admin', 'berliner']);
  });

  it('only those who see notes write them: a delegate managing a member may not (positive control: the admin may)', async () => {
    const w = await world();
    const updated = await updateUser(w.deps, w.admin.caller(), w.berliner.id, { notes: 'Moved desk' });
    expect(updated.notes).toBe('Moved desk');
    const target = await w.member('target@acme.test');
    await updateUser(w.deps, w.manager(), target.user.id, { notes: 'Moved desk' });
    const delegate = await w.member('delegate@acme.test');
    await addDelegate(w.deps, w.manager(), target.user.id, delegate.user.id);
    await expect(updateUser(w.deps, delegate.caller(), target.user.id, { notes: 'x' })).rejects.toThrow(ForbiddenError);
    // the same delegate may still change what delegates change
    await expect(updateUser(w.deps, delegate.caller(), target.user.id, { firstName: 'Bea' })).resolves.toMatchObject({
      firstName: 'Bea',
      notes: 'Moved desk',
    });
  });
});

describe('email aliases', () => {
  it('an alias reaches one member: not another member’s email, alias or pending invitation; creating a member with it is refused', async () => {
    const w = await world();
    const after = await addEmailAlias(w.deps, w.manager(), w.berliner.id, 'Fax.Berlin@Acme.test');
    expect(after.emailAliases).toEqual(['fax.berlin@acme.test']);
    expect(after.version).toBe(w.berliner.version + 1);
    expect(w.eventTypes()).toContain('alias.added');
    // the same alias again: unchanged (idempotent PUT)
    expect((await addEmailAlias(w.deps, w.manager(), w.berliner.id, 'fax.berlin@acme.test')).version).toBe(
      after.version,
    );
    await expect(addEmailAlias(w.deps, w.manager(), w.apacian.id, 'fax.berlin@acme.test')).rejects.toThrow(
      EmailTakenError,
    );
    await expect(addEmailAlias(w.deps, w.manager(), w.apacian.id, 'berliner@acme.test')).rejects.toThrow(
      EmailTakenError,
    );
    await expect(addEmailAlias(w.deps, w.manager(), w.berliner.id, 'berliner@acme.test')).rejects.toThrow(
      EmailTakenError,
    );
    await expect(createUser(w.deps, w.manager(), input('faxer', { email: 'fax.berlin@acme.test' }))).rejects.toThrow(
      EmailTakenError,
    );
    await expect(addEmailAlias(w.deps, w.manager(), w.berliner.id, 'not an email')).rejects.toThrow(ValidationError);
  });

  it(`at most ${MAX_EMAIL_ALIASES} per member`, async () => {
    const w = await world();
    for (let i = 0; i < MAX_EMAIL_ALIASES; i++)
      await addEmailAlias(w.deps, w.manager(), w.berliner.id, `a${i}@acme.test`);
    await expect(addEmailAlias(w.deps, w.manager(), w.berliner.id, 'one-more@acme.test')).rejects.toThrow(
      AliasLimitReachedError,
    );
    await removeEmailAlias(w.deps, w.manager(), w.berliner.id, 'a0@acme.test');
    const after = await addEmailAlias(w.deps, w.manager(), w.berliner.id, 'one-more@acme.test');
    expect(after.emailAliases).toHaveLength(MAX_EMAIL_ALIASES);
    expect(after.emailAliases).toContain('one-more@acme.test');
  });

  it('those who manage the member manage their aliases: an admin in scope yes, outside no; a plain member no', async () => {
    const w = await world();
    await expect(addEmailAlias(w.deps, w.admin.caller(), w.berliner.id, 'b@acme.test')).resolves.toMatchObject({
      emailAliases: ['b@acme.test'],
    });
    await expect(addEmailAlias(w.deps, w.admin.caller(), w.apacian.id, 'c@acme.test')).rejects.toThrow(ForbiddenError);
    const plain = await w.member('plain@acme.test');
    await expect(addEmailAlias(w.deps, plain.caller(), plain.user.id, 'd@acme.test')).rejects.toThrow(ForbiddenError);
    // nothing was written by the refusals
    expect(w.dir.emails.has(`${w.account.id}/c@acme.test`)).toBe(false);
    expect(w.dir.emails.has(`${w.account.id}/d@acme.test`)).toBe(false);
  });

  it('removing frees the address; removing what is not an alias is 404; closing frees every alias', async () => {
    const w = await world();
    await addEmailAlias(w.deps, w.manager(), w.berliner.id, 'x@acme.test');
    await addEmailAlias(w.deps, w.manager(), w.berliner.id, 'y@acme.test');
    await expect(removeEmailAlias(w.deps, w.manager(), w.berliner.id, 'z@acme.test')).rejects.toThrow(NotFoundError);
    const after = await removeEmailAlias(w.deps, w.manager(), w.berliner.id, 'x@acme.test');
    expect(after.emailAliases).toEqual(['y@acme.test']);
    expect(w.eventTypes()).toContain('alias.removed');
    await addEmailAlias(w.deps, w.manager(), w.apacian.id, 'x@acme.test');

    await closeUser(w.deps, w.manager(), w.berliner.id, { password: PASSWORD });
    await expect(addEmailAlias(w.deps, w.manager(), w.berliner.id, 'w@acme.test')).rejects.toThrow(ConflictError);
    await expect(addEmailAlias(w.deps, w.manager(), w.apacian.id, 'y@acme.test')).resolves.toMatchObject({
      emailAliases: ['x@acme.test', 'y@acme.test'],
    });
  });
});
