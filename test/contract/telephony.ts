/** Contract of the number and device stores: deployment-wide and account-wide claims, versions, holder copies, closed members. */
import { randomInt } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Device } from '#domain/device.ts';
import type { Group } from '#domain/group.ts';
import type { PhoneNumber } from '#domain/phone-number.ts';
import type { User } from '#domain/user.ts';
import { allPages, auditEvent, quotaOfT0, seedAccount, seedMember, setupLinkOf, T0, uid, userIn } from './fixtures.ts';
import { freshPorts, type MakePorts, type StorePorts } from './ports.ts';

const e164 = () => `+1212${randomInt(2, 10)}${String(randomInt(0, 1_000_000)).padStart(6, '0')}`;
const mac = () =>
  Array.from({ length: 6 }, () => randomInt(0, 256).toString(16).padStart(2, '0').toUpperCase()).join(':');

const numberOf = (accountId: string, over: Partial<PhoneNumber> = {}): PhoneNumber => ({
  id: uid('num'),
  accountId,
  e164: e164(),
  label: null,
  assignment: null,
  groupIds: [],
  createdAt: T0.toISOString(),
  updatedAt: T0.toISOString(),
  version: 1,
  ...over,
});
const assigned = (n: PhoneNumber, userId: string, serviceId: string | null = null): PhoneNumber => ({
  ...n,
  assignment: { userId, serviceId, assignedAt: T0.toISOString() },
  version: n.version + 1,
});
const deviceOf = (user: User, over: Partial<Device> = {}): Device => ({
  id: uid('dev'),
  accountId: user.accountId,
  userId: user.id,
  extension: String(randomInt(100, 1_000_000)),
  model: null,
  macAddress: null,
  createdAt: T0.toISOString(),
  updatedAt: T0.toISOString(),
  version: 1,
  ...over,
});
const groupOf = (accountId: string): Group => ({
  id: uid('g'),
  accountId,
  name: `Group ${uid('')}`,
  description: null,
  memberCount: 0,
  sharedItemCount: 0,
  createdAt: T0.toISOString(),
  updatedAt: T0.toISOString(),
  version: 1,
});
/** The number with its groups changed and its version moved, as a share writes it. */
const regrouped = (n: PhoneNumber, groupIds: string[]): PhoneNumber => ({ ...n, groupIds, version: n.version + 1 });
const close = (p: StorePorts, user: User) =>
  p.users.update({ ...user, status: 'closed', version: user.version + 1 }, user.version, []);

export function defineNumberContract(make: MakePorts) {
  describe('NumberStore', () => {
    const p = freshPorts(make);

    it('a number is held by one account in the deployment; deleting it releases it', async () => {
      const [s, t] = [await seedAccount(p), await seedAccount(p)];
      const mine = numberOf(s.account.id);
      await p.numbers.create(mine, auditEvent(s.account.id));
      const theirs = numberOf(t.account.id, { e164: mine.e164 });
      await expect(p.numbers.create(theirs, auditEvent(t.account.id))).rejects.toMatchObject({ code: 'number_taken' });
      expect(await p.numbers.get(t.account.id, theirs.id)).toBeNull();
      expect(await p.numbers.get(s.account.id, mine.id)).toEqual(mine);
      await expect(p.numbers.delete({ ...mine, version: 2 }, auditEvent(s.account.id))).rejects.toMatchObject({
        code: 'precondition_failed',
      });
      await p.numbers.delete(mine, auditEvent(s.account.id));
      expect(await p.numbers.get(s.account.id, mine.id)).toBeNull();
      await p.numbers.create(theirs, auditEvent(t.account.id));
      expect(await p.numbers.get(t.account.id, theirs.id)).toEqual(theirs);
    });

    it('lists an account’s numbers by id, page by page, and a member’s by their copies as they move', async () => {
      const s = await seedAccount(p);
      const [{ user: a }, { user: b }] = [await seedMember(p, s), await seedMember(p, s)];
      const made = [numberOf(s.account.id), numberOf(s.account.id), numberOf(s.account.id)];
      for (const n of made) await p.numbers.create(n, auditEvent(s.account.id));
      const listed = await allPages((cursor) => p.numbers.list(s.account.id, { limit: 2, cursor }));
      expect(listed).toEqual({ items: made, pages: 2 });

      // a named service must be an open service of the holder: the member has none
      await expect(p.numbers.update(assigned(made[0], a.id, 'voice'), 1, [], null)).rejects.toMatchObject({
        status: 409,
      });
      expect(await p.numbers.get(s.account.id, made[0].id)).toEqual(made[0]);
      const toA = assigned(made[0], a.id);
      await p.numbers.update(toA, 1, [auditEvent(s.account.id)], null);
      expect((await p.numbers.listAssignedTo(s.account.id, a.id, { limit: 10 })).items).toEqual([toA]);
      const relabelled = { ...toA, label: 'Desk', version: 3 };
      await p.numbers.update(relabelled, 2, [], a.id);
      expect((await p.numbers.listAssignedTo(s.account.id, a.id, { limit: 10 })).items).toEqual([relabelled]);
      const toB = { ...assigned(relabelled, b.id) };
      await expect(p.numbers.update(toB, 2, [], a.id)).rejects.toMatchObject({ code: 'precondition_failed' });
      await p.numbers.update(toB, 3, [], a.id);
      expect((await p.numbers.listAssignedTo(s.account.id, a.id, { limit: 10 })).items).toEqual([]);
      expect((await p.numbers.listAssignedTo(s.account.id, b.id, { limit: 10 })).items).toEqual([toB]);
      expect(await p.numbers.get(s.account.id, made[0].id)).toEqual(toB);
      // deleting an assigned number removes the holder's copy too
      await p.numbers.delete(toB, auditEvent(s.account.id));
      expect((await p.numbers.listAssignedTo(s.account.id, b.id, { limit: 10 })).items).toEqual([]);
    });

    it('refuses a closed or unknown holder, changing nothing', async () => {
      const s = await seedAccount(p);
      const [{ user: gone }, { user: open }] = [await seedMember(p, s), await seedMember(p, s)];
      await close(p, gone);
      const n = numberOf(s.account.id);
      await p.numbers.create(n, auditEvent(s.account.id));
      for (const userId of [gone.id, uid('ghost')])
        await expect(p.numbers.update(assigned(n, userId), 1, [], null)).rejects.toMatchObject({ code: 'conflict' });
      expect(await p.numbers.get(s.account.id, n.id)).toEqual(n);
      expect((await p.numbers.listAssignedTo(s.account.id, gone.id, { limit: 10 })).items).toEqual([]);
      await p.numbers.update(assigned(n, open.id), 1, [], null);
      expect((await p.numbers.get(s.account.id, n.id))?.assignment?.userId).toBe(open.id);
    });

    it('shares a number with groups, moving each group’s count with the share; a delete ends every share', async () => {
      const s = await seedAccount(p);
      const a = s.account.id;
      const { user } = await seedMember(p, s);
      const [sales, support] = [groupOf(a), groupOf(a)];
      for (const g of [sales, support]) await p.groups.create(g, auditEvent(a));
      const count = async (g: Group) => (await p.groups.get(a, g.id))?.sharedItemCount;
      const n = numberOf(a);
      await p.numbers.create(n, auditEvent(a));
      const held = assigned(n, user.id);
      await p.numbers.update(held, 1, [], null);

      // a missing group, or a stale version, writes nothing
      await expect(
        p.numbers.share(regrouped(held, ['missing']), 2, 'missing', true, auditEvent(a)),
      ).rejects.toMatchObject({ code: 'not_found' });
      await expect(
        p.numbers.share(regrouped(held, [sales.id]), 1, sales.id, true, auditEvent(a)),
      ).rejects.toMatchObject({ code: 'precondition_failed' });
      expect(await p.numbers.get(a, n.id)).toEqual(held);
      expect(await count(sales)).toBe(0);

      const one = regrouped(held, [sales.id]);
      await p.numbers.share(one, 2, sales.id, true, auditEvent(a));
      const two = regrouped(one, [sales.id, support.id].sort());
      await p.numbers.share(two, 3, support.id, true, auditEvent(a));
      expect(await p.numbers.get(a, n.id)).toEqual(two);
      // the holder's copy shows the groups too
      expect((await p.numbers.listAssignedTo(a, user.id, { limit: 10 })).items).toEqual([two]);
      expect([await count(sales), await count(support)]).toEqual([1, 1]);
      // a group with a number shared with it is not deleted
      await expect(p.groups.delete(sales, 1, auditEvent(a))).rejects.toMatchObject({ code: 'group_not_empty' });

      const back = regrouped(two, [support.id]);
      await p.numbers.share(back, 4, sales.id, false, auditEvent(a));
      expect([await count(sales), await count(support)]).toEqual([0, 1]);
      // ending a share that is not there (a version that says otherwise) changes nothing
      await expect(
        p.numbers.share(regrouped(back, [support.id]), 5, sales.id, false, auditEvent(a)),
      ).rejects.toMatchObject({ code: 'precondition_failed' });
      expect([await count(sales), await count(support)]).toEqual([0, 1]);

      await p.numbers.delete(back, auditEvent(a));
      expect([await count(sales), await count(support)]).toEqual([0, 0]);
      await p.groups.delete(support, 1, auditEvent(a));
      expect(await p.groups.get(a, support.id)).toBeNull();
    });
  });
}

export function defineDeviceContract(make: MakePorts) {
  describe('DeviceStore', () => {
    const p = freshPorts(make);

    it('an extension is unique in the account, a MAC address in the deployment; nothing of a refused device is written', async () => {
      const [s, t] = [await seedAccount(p), await seedAccount(p)];
      const [{ user: a }, { user: b }] = [await seedMember(p, s), await seedMember(p, s)];
      const { user: c } = await seedMember(p, t);
      const phone = deviceOf(a, { macAddress: mac(), model: 'T54W' });
      await p.devices.create(phone, auditEvent(s.account.id));
      expect(await p.devices.get(s.account.id, a.id, phone.id)).toEqual(phone);
      const sameExtension = deviceOf(b, { extension: phone.extension });
      await expect(p.devices.create(sameExtension, auditEvent(s.account.id))).rejects.toMatchObject({
        code: 'extension_taken',
      });
      const sameMac = deviceOf(c, { extension: phone.extension, macAddress: phone.macAddress });
      await expect(p.devices.create(sameMac, auditEvent(t.account.id))).rejects.toMatchObject({
        code: 'mac_address_taken',
      });
      expect(await p.devices.get(s.account.id, b.id, sameExtension.id)).toBeNull();
      expect(await p.devices.get(t.account.id, c.id, sameMac.id)).toBeNull();
      // the extension is free in the other account
      const elsewhere = { ...sameMac, macAddress: null };
      await p.devices.create(elsewhere, auditEvent(t.account.id));
      expect((await p.devices.list(t.account.id, c.id, { limit: 10 })).items).toEqual([elsewhere]);
    });

    it('moves the claims with the device, frees them when it goes, and refuses a stale version or a closed member', async () => {
      const s = await seedAccount(p);
      const [{ user: a }, { user: b }, { user: gone }] = [
        await seedMember(p, s),
        await seedMember(p, s),
        await seedMember(p, s),
      ];
      const phone = deviceOf(a, { macAddress: mac() });
      await p.devices.create(phone, auditEvent(s.account.id));
      const moved = { ...phone, extension: String(randomInt(100, 1_000_000)), macAddress: mac(), version: 2 };
      await expect(p.devices.update(moved, { ...phone, version: 2 }, auditEvent(s.account.id))).rejects.toMatchObject({
        code: 'precondition_failed',
      });
      await p.devices.update(moved, phone, auditEvent(s.account.id));
      // the old claims are free, the new ones held
      const reuse = deviceOf(b, { extension: phone.extension, macAddress: phone.macAddress });
      await p.devices.create(reuse, auditEvent(s.account.id));
      await expect(
        p.devices.create(deviceOf(b, { extension: moved.extension }), auditEvent(s.account.id)),
      ).rejects.toMatchObject({ code: 'extension_taken' });
      await expect(
        p.devices.update({ ...reuse, macAddress: moved.macAddress, version: 2 }, reuse, auditEvent(s.account.id)),
      ).rejects.toMatchObject({ code: 'mac_address_taken' });
      expect(await p.devices.get(s.account.id, b.id, reuse.id)).toEqual(reuse);
      await p.devices.delete(moved, auditEvent(s.account.id));
      expect(await p.devices.get(s.account.id, a.id, phone.id)).toBeNull();
      await p.devices.create(
        deviceOf(b, { extension: moved.extension, macAddress: moved.macAddress }),
        auditEvent(s.account.id),
      );
      await close(p, gone);
      await expect(p.devices.create(deviceOf(gone), auditEvent(s.account.id))).rejects.toMatchObject({
        code: 'conflict',
      });
      expect((await p.devices.list(s.account.id, gone.id, { limit: 10 })).items).toEqual([]);
    });

    it('a member created with a device: a taken extension refuses the whole member', async () => {
      const s = await seedAccount(p);
      const { user: a } = await seedMember(p, s);
      const phone = deviceOf(a);
      await p.devices.create(phone, auditEvent(s.account.id));
      const { users } = p;
      const build = (extension: string) => {
        const user = userIn(s.account, s.root);
        const device = deviceOf(user, { extension });
        const create = users.create({
          user,
          invitation: setupLinkOf(user),
          event: auditEvent(s.account.id),
          quota: quotaOfT0(),
          device: { device, event: auditEvent(s.account.id) },
        });
        return { user, device, create };
      };
      const refused = build(phone.extension);
      await expect(refused.create).rejects.toMatchObject({ code: 'extension_taken' });
      expect(await users.get(s.account.id, refused.user.id)).toBeNull();
      const made = build(String(randomInt(100, 1_000_000)));
      await made.create;
      expect((await p.devices.list(s.account.id, made.user.id, { limit: 10 })).items).toEqual([made.device]);
    });
  });
}
