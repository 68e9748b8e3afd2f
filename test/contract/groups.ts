/** GroupStore and ContactStore: names, memberships, shares and the counts they move, as both implementations keep them. */
import { describe, expect, it } from 'vitest';
import type { Contact } from '#domain/contact.ts';
import type { Group } from '#domain/group.ts';
import { T0, allPages, auditEvent, seedAccount, seedMember, uid } from './fixtures.ts';
import { freshPorts, type MakePorts } from './ports.ts';

const groupOf = (accountId: string, name: string): Group => ({
  id: uid('g'),
  accountId,
  name,
  description: null,
  memberCount: 0,
  sharedItemCount: 0,
  createdAt: T0.toISOString(),
  updatedAt: T0.toISOString(),
  version: 1,
});

const contactOf = (accountId: string, name: string, groupIds: string[] = []): Contact => ({
  id: uid('c'),
  accountId,
  name,
  company: null,
  numbers: [{ e164: '+12025550143', label: 'desk' }],
  emails: [],
  groupIds,
  createdAt: T0.toISOString(),
  updatedAt: T0.toISOString(),
  version: 1,
});

export function defineGroupContract(make: MakePorts) {
  describe('GroupStore', () => {
    const p = freshPorts(make);

    it('claims names case-insensitively, lists by name, and a rename moves the claim (counts untouched)', async () => {
      const s = await seedAccount(p);
      const a = s.account.id;
      const sales = groupOf(a, 'Sales');
      await p.groups.create(sales, auditEvent(a));
      await expect(p.groups.create(groupOf(a, 'SALES'), auditEvent(a))).rejects.toMatchObject({
        code: 'group_name_taken',
      });
      await p.groups.create(groupOf(a, 'accounts'), auditEvent(a));
      const listed = await allPages((cursor) => p.groups.list(a, { limit: 1, cursor }));
      expect(listed.items.map((g) => g.name)).toEqual(['accounts', 'Sales']);
      expect(await p.groups.get(a, sales.id)).toEqual(sales);

      const renamed = { ...sales, name: 'Deals', version: 2 };
      await expect(p.groups.update(renamed, 7, 'Sales', auditEvent(a))).rejects.toMatchObject({
        code: 'precondition_failed',
      });
      await expect(p.groups.update({ ...renamed, name: 'ACCOUNTS' }, 1, 'Sales', auditEvent(a))).rejects.toMatchObject({
        code: 'group_name_taken',
      });
      const { user } = await seedMember(p, s);
      await p.groups.addMember(
        { accountId: a, groupId: sales.id, userId: user.id, username: user.username, addedAt: T0.toISOString() },
        auditEvent(a),
      );
      await p.groups.update(renamed, 1, 'Sales', auditEvent(a));
      expect(await p.groups.get(a, sales.id)).toMatchObject({ name: 'Deals', version: 2, memberCount: 1 });
      await p.groups.create(groupOf(a, 'sales'), auditEvent(a));
      expect(await p.groups.getMany(a, [sales.id, 'missing'])).toEqual([expect.objectContaining({ id: sales.id })]);
    });

    it('adds a member once, counts exactly, refuses closed members and missing groups, removes once', async () => {
      const s = await seedAccount(p);
      const a = s.account.id;
      const g = groupOf(a, 'Ops');
      const other = groupOf(a, 'Other');
      await p.groups.create(g, auditEvent(a));
      await p.groups.create(other, auditEvent(a));
      const members = [];
      for (const name of ['carol', 'alice', 'bob'])
        members.push((await seedMember(p, s, s.root, { username: `${name}${uid('')}`.slice(0, 20) })).user);
      const membership = (userId: string, username: string, groupId = g.id) => ({
        accountId: a,
        groupId,
        userId,
        username,
        addedAt: T0.toISOString(),
      });
      for (const m of members) {
        expect((await p.groups.addMember(membership(m.id, m.username), auditEvent(a))).added).toBe(true);
      }
      const again = await p.groups.addMember(
        { ...membership(members[0].id, members[0].username), addedAt: 'later' },
        auditEvent(a),
      );
      expect(again).toEqual({ added: false, membership: membership(members[0].id, members[0].username) });
      await p.groups.addMember(membership(members[0].id, members[0].username, other.id), auditEvent(a));
      expect((await p.groups.get(a, g.id))?.memberCount).toBe(3);

      const listed = await allPages((cursor) => p.groups.listMembers(a, g.id, { limit: 2, cursor }));
      expect(listed.items.map((m) => m.username)).toEqual(members.map((m) => m.username).sort());
      const theirs = await p.groups.listMemberships(a, members[0].id, { limit: 5 });
      expect(theirs.items.map((m) => m.groupId)).toEqual([g.id, other.id].sort());
      expect((await p.groups.groupIdsOf(a, members[0].id)).sort()).toEqual([g.id, other.id].sort());
      expect(await p.groups.memberOf(a, members[1].id, [other.id, g.id])).toEqual([g.id]);

      const closed = (await seedMember(p, s, s.root, { status: 'closed' })).user;
      await expect(p.groups.addMember(membership(closed.id, closed.username), auditEvent(a))).rejects.toMatchObject({
        code: 'member_closed',
      });
      await expect(
        p.groups.addMember(membership(members[1].id, members[1].username, 'missing'), auditEvent(a)),
      ).rejects.toMatchObject({ code: 'not_found' });

      expect(await p.groups.removeMember(a, g.id, members[1].id, auditEvent(a))).toBe(true);
      expect(await p.groups.removeMember(a, g.id, members[1].id, auditEvent(a))).toBe(false);
      expect((await p.groups.get(a, g.id))?.memberCount).toBe(2);
    });

    it('deletes only an empty group at its version, and frees its name', async () => {
      const s = await seedAccount(p);
      const a = s.account.id;
      const g = groupOf(a, 'Temp');
      await p.groups.create(g, auditEvent(a));
      const { user } = await seedMember(p, s);
      const m = { accountId: a, groupId: g.id, userId: user.id, username: user.username, addedAt: T0.toISOString() };
      await p.groups.addMember(m, auditEvent(a));
      await expect(p.groups.delete(g, 1, auditEvent(a))).rejects.toMatchObject({ code: 'group_not_empty' });
      await p.groups.removeMember(a, g.id, user.id, auditEvent(a));
      await expect(p.groups.delete(g, 4, auditEvent(a))).rejects.toMatchObject({ code: 'precondition_failed' });
      await p.groups.delete(g, 1, auditEvent(a));
      expect(await p.groups.get(a, g.id)).toBeNull();
      await expect(p.groups.delete(g, 1, auditEvent(a))).rejects.toMatchObject({ code: 'not_found' });
      await p.groups.create(groupOf(a, 'TEMP'), auditEvent(a));
    });
  });
}

export function defineContactContract(make: MakePorts) {
  describe('ContactStore', () => {
    const p = freshPorts(make);

    it('moves the shared-item counts of the groups a contact gains and loses, all or nothing', async () => {
      const s = await seedAccount(p);
      const a = s.account.id;
      const [sales, support] = [groupOf(a, 'Sales'), groupOf(a, 'Support')];
      for (const g of [sales, support]) await p.groups.create(g, auditEvent(a));
      const count = async (g: Group) => (await p.groups.get(a, g.id))?.sharedItemCount;

      const c = contactOf(a, 'Vendor', [sales.id, support.id]);
      await p.contacts.create(c, auditEvent(a));
      expect(await p.contacts.get(a, c.id)).toEqual(c);
      expect([await count(sales), await count(support)]).toEqual([1, 1]);
      const lost = contactOf(a, 'Lost', [sales.id, 'missing']);
      await expect(p.contacts.create(lost, auditEvent(a))).rejects.toMatchObject({ code: 'not_found' });
      expect(await p.contacts.get(a, lost.id)).toBeNull();
      expect(await count(sales)).toBe(1);

      const next = { ...c, groupIds: [support.id], version: 2 };
      await expect(p.contacts.update(next, { ...c, version: 5 }, auditEvent(a))).rejects.toMatchObject({
        code: 'precondition_failed',
      });
      await p.contacts.update(next, c, auditEvent(a));
      expect([await count(sales), await count(support)]).toEqual([0, 1]);
      await p.contacts.delete(next, auditEvent(a));
      expect([await count(sales), await count(support)]).toEqual([0, 0]);
      expect(await p.contacts.get(a, c.id)).toBeNull();
    });

    it('lists every contact by name prefix, and a member’s audiences merged, each contact once, page by page', async () => {
      const s = await seedAccount(p);
      const a = s.account.id;
      const [sales, support] = [groupOf(a, 'Sales'), groupOf(a, 'Support')];
      for (const g of [sales, support]) await p.groups.create(g, auditEvent(a));
      for (const [name, groups] of [
        ['Anna', [sales.id]],
        ['anders', []],
        ['Bob', [support.id]],
        ['ANNE', [sales.id, support.id]],
        ['Cleo', []],
      ] as const)
        await p.contacts.create(contactOf(a, name, [...groups]), auditEvent(a));
      const names = (items: Contact[]) => items.map((c) => c.name);

      const all = await allPages((cursor) => p.contacts.listAll(a, 'an', { limit: 2, cursor }));
      expect(names(all.items)).toEqual(['anders', 'Anna', 'ANNE']);
      const mine = await allPages((cursor) =>
        p.contacts.listVisible(a, [sales.id, support.id], undefined, { limit: 2, cursor }),
      );
      expect(names(mine.items)).toEqual(['anders', 'Anna', 'ANNE', 'Bob', 'Cleo']);
      const salesOnly = await allPages((cursor) => p.contacts.listVisible(a, [sales.id], 'an', { limit: 1, cursor }));
      expect(names(salesOnly.items)).toEqual(['anders', 'Anna', 'ANNE']);
      expect(names((await p.contacts.listVisible(a, [], undefined, { limit: 10 })).items)).toEqual(['anders', 'Cleo']);
    });
  });
}
