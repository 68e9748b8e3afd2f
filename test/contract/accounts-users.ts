/** Contract of the account and user stores: uniqueness, versions, not-found, listings and their cursors. */
import { describe, expect, it } from 'vitest';
import type { User } from '#domain/user.ts';
import {
  allPages,
  auditEvent,
  quotaOfT0,
  seedAccount,
  seedMember,
  seedUnit,
  setupLinkOf,
  uid,
  userIn,
} from './fixtures.ts';
import { freshPorts, type MakePorts } from './ports.ts';

const ids = (users: User[]) => users.map((u) => u.id);

export function defineAccountContract(make: MakePorts) {
  describe('AccountStore', () => {
    const p = freshPorts(make);

    it('creates an account with its owner and root; get and getMany leave unknown ids out', async () => {
      const s = await seedAccount(p);
      expect(await p.accounts.get(s.account.id)).toEqual(s.account);
      expect(await p.accounts.get(uid('missing'))).toBeNull();
      expect(await p.accounts.getMany([s.account.id, uid('missing')])).toEqual([s.account]);
      expect(await p.users.get(s.account.id, s.owner.id)).toEqual(s.owner);
      expect((await p.units.getWithTree(s.account.id, s.root.id)).unit).toEqual(s.root);
    });

    it('refuses an account id that exists, and writes nothing of the refused account', async () => {
      const s = await seedAccount(p);
      const other = await seedAccount(p);
      const intruder = userIn(s.account, s.root, { role: 'account_manager' });
      await expect(
        p.accounts.createWithOwner({
          account: { ...s.account, name: 'Taken over' },
          owner: intruder,
          invitation: setupLinkOf(intruder),
          event: auditEvent(s.account.id),
          rootUnit: { ...other.root, accountId: s.account.id, id: uid('root') },
        }),
      ).rejects.toMatchObject({ code: 'conflict' });
      expect((await p.accounts.get(s.account.id))?.name).toBe(s.account.name);
      expect(await p.users.get(s.account.id, intruder.id)).toBeNull();
    });

    it('updates only at the expected version (precondition_failed otherwise, and for an unknown account)', async () => {
      const s = await seedAccount(p);
      const renamed = { ...s.account, name: 'Renamed', version: 2 };
      await expect(p.accounts.update(renamed, 2, auditEvent(s.account.id))).rejects.toMatchObject({
        code: 'precondition_failed',
      });
      await p.accounts.update(renamed, 1, auditEvent(s.account.id));
      expect(await p.accounts.get(s.account.id)).toEqual(renamed);
      await expect(
        p.accounts.update({ ...renamed, name: 'Again', version: 3 }, 1, auditEvent(s.account.id)),
      ).rejects.toMatchObject({
        code: 'precondition_failed',
      });
      const ghost = { ...s.account, id: uid('acct') };
      await expect(p.accounts.update(ghost, 1, auditEvent(ghost.id))).rejects.toMatchObject({
        code: 'precondition_failed',
      });
      expect(await p.accounts.get(ghost.id)).toBeNull();
    });

    it('keeps an account brand through updates, and has none once written without it', async () => {
      const s = await seedAccount(p);
      const branding = { displayName: 'Acme Telecom', logoUrl: `data:image/png;base64,${'A'.repeat(20_000)}` };
      const branded = { ...s.account, branding, version: 2 };
      await p.accounts.update(branded, 1, auditEvent(s.account.id));
      expect(await p.accounts.get(s.account.id)).toEqual(branded);
      expect(await p.accounts.getMany([s.account.id])).toEqual([branded]);
      const { branding: _, ...plain } = { ...branded, version: 3 };
      await p.accounts.update(plain, 2, auditEvent(s.account.id));
      const read = await p.accounts.get(s.account.id);
      expect(read).toEqual(plain);
      expect(read && 'branding' in read).toBe(false);
    });
  });
}

export function defineUserContract(make: MakePorts) {
  describe('UserStore', () => {
    const p = freshPorts(make);

    it('a taken username or email refuses the whole member: no user, no link, no count', async () => {
      const s = await seedAccount(p);
      const { user: first } = await seedMember(p, s);
      const sameName = userIn(s.account, s.root, { username: first.username });
      const sameEmail = userIn(s.account, s.root, { email: first.email });
      for (const [user, code] of [
        [sameName, 'username_taken'],
        [sameEmail, 'email_taken'],
      ] as const) {
        const link = setupLinkOf(user);
        await expect(
          p.users.create({ user, invitation: link, event: auditEvent(s.account.id), quota: quotaOfT0() }),
        ).rejects.toMatchObject({
          code,
        });
        expect(await p.users.get(s.account.id, user.id)).toBeNull();
        expect(await p.invitations.findByTokenHash(link.tokenHash)).toBeNull();
      }
      expect((await p.units.getWithTree(s.account.id, s.root.id)).unit?.memberCount).toBe(1);
      // uniqueness is per account: another account takes the same username and email
      const t = await seedAccount(p);
      await seedMember(p, t, t.root, { username: first.username, email: first.email });
    });

    it('a member without sign-in claims its username only; listings by type leave closed members out', async () => {
      const s = await seedAccount(p);
      const { user: person } = await seedMember(p, s);
      const counted = async () => (await p.units.getWithTree(s.account.id, s.root.id)).unit?.memberCount ?? 0;
      const before = await counted();
      // its contact email is no claim: the person's address is still theirs alone, and this write does not collide
      const bot = userIn(s.account, s.root, { type: 'system', status: 'active', email: person.email });
      await p.users.createWithoutSignIn({ user: bot, event: auditEvent(s.account.id) });
      expect(await p.users.get(s.account.id, bot.id)).toEqual(bot);
      expect(await counted()).toBe(before + 1);
      const twin = userIn(s.account, s.root, { type: 'call_queue', status: 'active', username: bot.username });
      await expect(p.users.createWithoutSignIn({ user: twin, event: auditEvent(s.account.id) })).rejects.toMatchObject({
        code: 'username_taken',
      });
      const ofType = async (type: User['type'], status?: User['status']) =>
        ids((await allPages((cursor) => p.users.list(s.account.id, { type, status }, { limit: 2, cursor }))).items);
      expect(await ofType('system')).toEqual([bot.id]);
      expect((await ofType('person')).sort()).toEqual([s.owner.id, person.id].sort());
      await p.users.update({ ...bot, status: 'closed', version: 2 }, 1, []);
      expect(await ofType('system')).toEqual([]);
      expect(await ofType('system', 'closed')).toEqual([bot.id]);
    });

    it('counts members into their unit, and refuses a unit whose path is not the one given', async () => {
      const s = await seedAccount(p);
      const unit = await seedUnit(p, s.root);
      await seedMember(p, s, unit);
      expect((await p.units.getWithTree(s.account.id, unit.id)).unit?.memberCount).toBe(1);
      const stale = userIn(s.account, unit, { unitPath: `${s.root.path}elsewhere/` });
      await expect(
        p.users.create({
          user: stale,
          invitation: setupLinkOf(stale),
          event: auditEvent(s.account.id),
          quota: quotaOfT0(),
        }),
      ).rejects.toMatchObject({ code: 'conflict' });
      const nowhere = userIn(s.account, { ...unit, id: uid('gone'), path: `${s.root.path}gone/` });
      await expect(
        p.users.create({
          user: nowhere,
          invitation: setupLinkOf(nowhere),
          event: auditEvent(s.account.id),
          quota: quotaOfT0(),
        }),
      ).rejects.toMatchObject({ code: 'conflict' });
      expect(await p.users.get(s.account.id, stale.id)).toBeNull();
      expect(await p.users.get(s.account.id, nowhere.id)).toBeNull();
      expect((await p.units.getWithTree(s.account.id, unit.id)).unit?.memberCount).toBe(1);
    });

    it('get and getMany: unknown members are null or left out', async () => {
      const s = await seedAccount(p);
      const { user } = await seedMember(p, s);
      expect(await p.users.get(s.account.id, uid('u'))).toBeNull();
      const many = await p.users.getMany([
        { accountId: s.account.id, userId: user.id },
        { accountId: s.account.id, userId: uid('u') },
        { accountId: s.account.id, userId: s.owner.id },
      ]);
      expect(ids(many).sort()).toEqual([user.id, s.owner.id].sort());
    });

    it('updates only at the expected version', async () => {
      const s = await seedAccount(p);
      const { user } = await seedMember(p, s);
      const next = { ...user, firstName: 'Changed', version: 2 };
      await expect(p.users.update(next, 2, [])).rejects.toMatchObject({ code: 'precondition_failed' });
      await p.users.update(next, 1, [auditEvent(s.account.id)]);
      expect(await p.users.get(s.account.id, user.id)).toEqual(next);
      await expect(p.users.update({ ...next, version: 3 }, 1, [])).rejects.toMatchObject({
        code: 'precondition_failed',
      });
      const ghost = userIn(s.account, s.root, { version: 2 });
      await expect(p.users.update(ghost, 1, [])).rejects.toMatchObject({ code: 'precondition_failed' });
      expect(await p.users.get(s.account.id, ghost.id)).toBeNull();
    });

    it('lists by username, page by page, with a cursor only while more remain; closed members only by status', async () => {
      const s = await seedAccount(p);
      const members = [];
      for (let i = 0; i < 4; i++) members.push((await seedMember(p, s)).user);
      const closed = { ...members[1], status: 'closed' as const, version: 2 };
      await p.users.update(closed, 1, []);
      const expected = [s.owner, members[0], members[2], members[3]].sort((a, b) =>
        a.username.localeCompare(b.username),
      );

      const first = await p.users.list(s.account.id, {}, { limit: 2 });
      expect(ids(first.items)).toEqual(ids(expected.slice(0, 2)));
      expect(first.nextCursor).toEqual(expect.any(String));
      const walked = await allPages((cursor) => p.users.list(s.account.id, {}, { limit: 2, cursor }));
      expect(ids(walked.items)).toEqual(ids(expected));
      const whole = await p.users.list(s.account.id, {}, { limit: 4 });
      expect(ids(whole.items)).toEqual(ids(expected));
      expect(whole.nextCursor).toBeNull();

      const byStatus = await allPages((cursor) =>
        p.users.list(s.account.id, { status: 'closed' }, { limit: 1, cursor }),
      );
      expect(ids(byStatus.items)).toEqual([closed.id]);
      const invited = await allPages((cursor) =>
        p.users.list(s.account.id, { status: 'invited' }, { limit: 2, cursor }),
      );
      expect(ids(invited.items)).toEqual(ids(expected));
    });

    it('a cursor belongs to its listing: another account or filter refuses it', async () => {
      const s = await seedAccount(p);
      const t = await seedAccount(p);
      for (let i = 0; i < 2; i++) await seedMember(p, s);
      const { nextCursor } = await p.users.list(s.account.id, {}, { limit: 1 });
      expect(nextCursor).toEqual(expect.any(String));
      await expect(p.users.list(t.account.id, {}, { limit: 1, cursor: nextCursor! })).rejects.toMatchObject({
        code: 'validation_failed',
      });
      await expect(
        p.users.list(s.account.id, { status: 'active' }, { limit: 1, cursor: nextCursor! }),
      ).rejects.toMatchObject({ code: 'validation_failed' });
      await expect(p.users.list(s.account.id, {}, { limit: 1, cursor: 'forged' })).rejects.toMatchObject({
        code: 'validation_failed',
      });
    });

    it('lists an admin scope by unit path then username, and a unit with or without its subtree', async () => {
      const s = await seedAccount(p);
      const a = await seedUnit(p, s.root, 'A');
      const b = await seedUnit(p, s.root, 'B');
      const a1 = await seedUnit(p, a, 'A1');
      const inA1 = (await seedMember(p, s, a1)).user;
      const inA = (await seedMember(p, s, a)).user;
      const inB = (await seedMember(p, s, b)).user;
      const inA2 = (await seedMember(p, s, a)).user;
      const byPath = (users: User[]) =>
        [...users].sort((x, y) => `${x.unitPath}#${x.username}`.localeCompare(`${y.unitPath}#${y.username}`));

      const scoped = await allPages((cursor) =>
        p.users.list(s.account.id, { underPaths: [b.path, a.path] }, { limit: 2, cursor }),
      );
      expect(ids(scoped.items)).toEqual([inB.id, ...ids(byPath([inA, inA2, inA1]))]);
      const activeOnly = await allPages((cursor) =>
        p.users.list(s.account.id, { underPaths: [a.path], status: 'active' }, { limit: 2, cursor }),
      );
      expect(activeOnly.items).toEqual([]);

      const subtree = await allPages((cursor) => p.users.listUnder(s.account.id, a.path, true, { limit: 1, cursor }));
      expect(ids(subtree.items)).toEqual(ids(byPath([inA, inA2, inA1])));
      const own = await allPages((cursor) => p.users.listUnder(s.account.id, a.path, false, { limit: 5, cursor }));
      expect(ids(own.items)).toEqual(ids(byPath([inA, inA2])));
    });
  });
}
