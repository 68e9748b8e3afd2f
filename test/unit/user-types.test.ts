/**
 * User types over the in-memory ports: who a non-person member is (active, no sign-in, no claim on the email, no
 * mail), which routes are a person's alone, what each type may hold, and the type listings.
 */
import { describe, expect, it } from 'vitest';
import { NotAPersonError, ValidationError } from '#domain/errors.ts';
import { requestUserPasswordReset, setUserPassword } from '#use-cases/credentials.ts';
import { closeUser, deactivateUser, reactivateUser } from '#use-cases/lifecycle.ts';
import { resetUserMfa } from '#use-cases/mfa.ts';
import { sendUserInvitation } from '#use-cases/user-invitation.ts';
import { createUser, listUsers, updateUser } from '#use-cases/users.ts';
import { orgWorld, PASSWORD } from '../builders/memory.ts';

const named = (username: string, over: Record<string, unknown> = {}) => ({
  username,
  firstName: 'Fax',
  lastName: 'Gateway',
  ...over,
});

async function world() {
  const w = await orgWorld();
  const deps = { ...w.deps, units: w.memory.store };
  return { ...w, deps };
}

describe('members of other types than person', () => {
  it('a system user is created active, with no sign-in, no email claim, no setup link and no mail', async () => {
    const w = await world();
    const mailsBefore = w.mailer.sent.length;
    const bot = await createUser(w.deps, w.manager(), named('faxbot1', { type: 'system', email: 'ops@acme.test' }));
    expect(bot).toMatchObject({ type: 'system', status: 'active', identityId: null, email: 'ops@acme.test' });
    expect(w.mailer.sent.length).toBe(mailsBefore);
    expect(w.idp.users.size).toBe(1); // the owner only
    expect([...w.dir.invitations.values()].some((i) => i.userId === bot.id)).toBe(false);
    expect(w.eventTypes().at(-1)).toBe('user.created');
    // its contact email is no sign-in: a person may still be created with it (positive control of the claim)
    const person = await createUser(w.deps, w.manager(), named('opsperson', { email: 'ops@acme.test' }));
    expect(person).toMatchObject({ type: 'person', status: 'invited' });
  });

  it('the other types need no email; a person still does', async () => {
    const w = await world();
    for (const type of ['conference_bridge', 'auto_attendant', 'call_queue'] as const)
      expect(await createUser(w.deps, w.manager(), named(`x-${type.slice(0, 8)}`, { type }))).toMatchObject({
        type,
        status: 'active',
        email: '',
      });
    await expect(createUser(w.deps, w.manager(), named('noemail'))).rejects.toThrow(ValidationError);
  });

  it('a call queue takes its extension with it: its phone is created in the same write; a taken extension creates nothing', async () => {
    const w = await world();
    const queue = await createUser(
      w.deps,
      w.manager(),
      named('support-queue', { type: 'call_queue', extension: '700', friendlyName: 'Support line' }),
    );
    expect(queue).toMatchObject({ type: 'call_queue', friendlyName: 'Support line' });
    const phones = [...w.dir.telephony.devices.values()].filter((d) => d.userId === queue.id);
    expect(phones.map((d) => d.extension)).toEqual(['700']);
    await expect(
      createUser(w.deps, w.manager(), named('sales-queue', { type: 'call_queue', extension: '700' })),
    ).rejects.toMatchObject({ code: 'extension_taken' });
    expect([...w.dir.users.values()].some((u) => u.username === 'sales-queue')).toBe(false);
  });

  it('a system username is letters and digits only', async () => {
    const w = await world();
    await expect(createUser(w.deps, w.manager(), named('fax.bot', { type: 'system' }))).rejects.toThrow(
      ValidationError,
    );
    await expect(createUser(w.deps, w.manager(), named('fax-bot', { type: 'system' }))).rejects.toThrow(
      ValidationError,
    );
    expect(await createUser(w.deps, w.manager(), named('faxbot2', { type: 'system' }))).toMatchObject({
      username: 'faxbot2',
    });
    // other types keep the usual username rule
    expect(await createUser(w.deps, w.manager(), named('sales.queue', { type: 'call_queue' }))).toMatchObject({
      username: 'sales.queue',
    });
  });

  it('roles: user only, except a system user may be an admin with scope and capabilities (also on PATCH)', async () => {
    const w = await world();
    const [emea] = await w.chain(w.rootId, ['EMEA']);
    const refused = (p: Promise<unknown>) =>
      expect(p).rejects.toMatchObject({ status: 400, code: 'grants_not_allowed_for_type' });
    await refused(
      createUser(
        w.deps,
        w.manager(),
        named('bridge1', { type: 'conference_bridge', role: 'admin', adminUnitIds: [emea.id] }),
      ),
    );
    await refused(
      createUser(w.deps, w.manager(), named('queue1', { type: 'call_queue', capabilities: { manageUsers: true } })),
    );
    await refused(createUser(w.deps, w.manager(), named('sysmgr', { type: 'system', role: 'account_manager' })));
    const admin = await createUser(
      w.deps,
      w.manager(),
      named('provisioner', {
        type: 'system',
        role: 'admin',
        adminUnitIds: [emea.id],
        capabilities: { manageUsers: true },
      }),
    );
    expect(admin).toMatchObject({ role: 'admin', adminUnitIds: [emea.id], capabilities: { manageUsers: true } });

    const bridge = await createUser(w.deps, w.manager(), named('bridge2', { type: 'conference_bridge' }));
    await refused(updateUser(w.deps, w.manager(), bridge.id, { role: 'admin', adminUnitIds: [emea.id] }));
    await refused(updateUser(w.deps, w.manager(), admin.id, { role: 'account_manager' }));
    // positive control: a profile change of the bridge goes through
    expect(await updateUser(w.deps, w.manager(), bridge.id, { firstName: 'Main' })).toMatchObject({
      firstName: 'Main',
    });
  });

  it('password, reset, MFA and setup-link routes answer 409 not_a_person; lifecycle works for every type', async () => {
    const w = await world();
    const bot = await createUser(w.deps, w.manager(), named('faxbot3', { type: 'system' }));
    const notAPerson = (p: Promise<unknown>) => expect(p).rejects.toThrow(NotAPersonError);
    await notAPerson(requestUserPasswordReset(w.deps, w.manager(), bot.id));
    await notAPerson(setUserPassword(w.deps, w.manager(), bot.id, { password: PASSWORD }));
    await notAPerson(resetUserMfa(w.deps, w.manager(), bot.id));
    await notAPerson(sendUserInvitation(w.deps, w.manager(), bot.id));

    expect(await deactivateUser(w.deps, w.manager(), bot.id)).toMatchObject({ status: 'deactivated' });
    expect(await reactivateUser(w.deps, w.manager(), bot.id)).toMatchObject({ status: 'active' });
    await closeUser(w.deps, w.manager(), bot.id, { password: PASSWORD });
    expect(w.dir.users.get(`${w.account.id}/${bot.id}`)?.status).toBe('closed');
    // its username is free again
    expect(await createUser(w.deps, w.manager(), named('faxbot3', { type: 'system' }))).toMatchObject({
      status: 'active',
    });
  });

  it('lists one type, or hides every non-person type; closed members leave those listings', async () => {
    const w = await world();
    const bot = await createUser(w.deps, w.manager(), named('faxbot4', { type: 'system' }));
    await createUser(w.deps, w.manager(), named('bridge4', { type: 'conference_bridge' }));
    const person = await createUser(w.deps, w.manager(), named('alice', { email: 'alice@acme.test' }));
    const names = async (q: Parameters<typeof listUsers>[2]) =>
      (await listUsers(w.deps, w.manager(), q)).items.map((u) => u.username).sort();
    expect(await names({})).toEqual(['alice', 'boss', 'bridge4', 'faxbot4']);
    expect(await names({ hideSystemUsers: true })).toEqual(['alice', 'boss']);
    expect(await names({ type: 'system' })).toEqual(['faxbot4']);
    expect(await names({ type: 'conference_bridge' })).toEqual(['bridge4']);
    await closeUser(w.deps, w.manager(), bot.id, { password: PASSWORD });
    expect(await names({ type: 'system' })).toEqual([]);
    expect(await names({ type: 'system', status: 'closed' })).toEqual(['faxbot4']);
    await expect(listUsers(w.deps, w.manager(), { hideSystemUsers: true, type: 'system' })).rejects.toThrow(
      ValidationError,
    );
    expect(person.type).toBe('person');
  });
});
