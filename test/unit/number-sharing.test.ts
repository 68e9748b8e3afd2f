/**
 * Numbers shared with groups, with the in-memory ports: a share counts once on its group (idempotent PUT), ends once
 * (404 after), is capped per number, goes with the number's delete, keeps a shared-with group from being deleted, and
 * is for account managers and admins with manageUsers (each refusal beside its allowed case). The HTTP contract, the
 * matrix rows and the concurrent shares are in test/integration/telephony/number-sharing.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { MAX_NUMBER_SHARES } from '#domain/phone-number.ts';
import { createGroup, deleteGroup, getGroup } from '#use-cases/groups.ts';
import {
  assignNumber,
  createNumber,
  deleteNumber,
  getNumber,
  listUserNumbers,
  shareNumber,
  unshareNumber,
  updateNumber,
} from '#use-cases/numbers.ts';
import { createUser } from '#use-cases/users.ts';
import { phoneNumbering } from '#adapters/phone-numbering.ts';
import { orgWorld } from '../builders/memory.ts';
import { MemoryGroups } from '../fakes/memory-groups.ts';

async function world() {
  const w = await orgWorld();
  const [s] = await w.chain(w.rootId, ['S']);
  const admin = (await w.adminIn('admin@acme.test', s.id)).caller;
  const viewer = (await w.adminIn('viewer@acme.test', s.id, false)).caller;
  const groupMemory = new MemoryGroups(w.dir);
  w.dir.telephony.groups = groupMemory;
  const deps = {
    ...w.deps,
    units: w.memory.store,
    numbering: phoneNumbering,
    numbers: w.dir.telephony.numberStore,
    groups: groupMemory.store,
  };
  const group = (name: string) => createGroup(deps, w.manager(), { name });
  const count = async (groupId: string) => (await getGroup(deps, w.manager(), groupId)).sharedItemCount;
  const types = (from = 0) => w.dir.events.slice(from).map((e) => e.type);
  return { ...w, deps, s, admin, viewer, group, count, types };
}

const NUMBER = '+12127345678';

describe('sharing numbers with groups', () => {
  it('a share counts once on its group and shows on the number (sorted); a second PUT changes nothing', async () => {
    const w = await world();
    const [sales, support] = [await w.group('Sales'), await w.group('Support')];
    const number = await createNumber(w.deps, w.manager(), { e164: NUMBER });
    const from = w.dir.events.length;
    const first = await shareNumber(w.deps, w.manager(), number.id, support.id);
    expect(first).toMatchObject({ shared: true, number: { groupIds: [support.id], version: 2 } });
    const again = await shareNumber(w.deps, w.manager(), number.id, support.id);
    expect(again).toEqual({ shared: false, number: first.number });
    await shareNumber(w.deps, w.manager(), number.id, sales.id);
    expect((await getNumber(w.deps, w.manager(), number.id)).groupIds).toEqual([sales.id, support.id].sort());
    expect([await w.count(sales.id), await w.count(support.id)]).toEqual([1, 1]);
    expect(w.types(from)).toEqual(['number.shared', 'number.shared']);
    expect(w.dir.events.at(-1)).toMatchObject({
      details: { numberId: number.id, e164: NUMBER, groupId: sales.id },
      target: {},
    });
    expect(w.dir.events.at(-1)?.unitPath).toBeUndefined();
  });

  it('ending a share counts it down once; a share that is not there, or a group that is not, is 404', async () => {
    const w = await world();
    const sales = await w.group('Sales');
    const number = await createNumber(w.deps, w.manager(), { e164: NUMBER });
    await expect(unshareNumber(w.deps, w.manager(), number.id, sales.id)).rejects.toMatchObject({ status: 404 });
    await expect(shareNumber(w.deps, w.manager(), number.id, 'no-such-group')).rejects.toMatchObject({ status: 404 });
    const other = await w.secondAccount('Other', 'other@other.test');
    const theirs = await createGroup({ ...w.deps, groups: w.deps.groups }, other.manager(), { name: 'Theirs' });
    await expect(shareNumber(w.deps, w.manager(), number.id, theirs.id)).rejects.toMatchObject({ status: 404 });
    expect(await getNumber(w.deps, w.manager(), number.id)).toEqual(number);

    await shareNumber(w.deps, w.manager(), number.id, sales.id);
    // a group something is shared with is not deleted
    await expect(deleteGroup(w.deps, w.manager(), sales.id)).rejects.toMatchObject({ code: 'group_not_empty' });
    const from = w.dir.events.length;
    await unshareNumber(w.deps, w.manager(), number.id, sales.id);
    await expect(unshareNumber(w.deps, w.manager(), number.id, sales.id)).rejects.toMatchObject({ status: 404 });
    expect(await w.count(sales.id)).toBe(0);
    expect((await getNumber(w.deps, w.manager(), number.id)).groupIds).toEqual([]);
    expect(w.types(from)).toEqual(['number.unshared']);
    await deleteGroup(w.deps, w.manager(), sales.id);
  });

  it('account managers and admins with manageUsers share; admins without it and members are refused', async () => {
    const w = await world();
    const sales = await w.group('Sales');
    const number = await createNumber(w.deps, w.manager(), { e164: NUMBER });
    const plain = await w.member('plain@acme.test');
    for (const caller of [w.viewer(), plain.caller()]) {
      await expect(shareNumber(w.deps, caller, number.id, sales.id)).rejects.toMatchObject({ status: 403 });
      await expect(unshareNumber(w.deps, caller, number.id, sales.id)).rejects.toMatchObject({ status: 403 });
    }
    expect(await w.count(sales.id)).toBe(0);
    // positive controls: the admin with manageUsers shares and unshares, and so does the account manager
    await expect(shareNumber(w.deps, w.admin(), number.id, sales.id)).resolves.toMatchObject({ shared: true });
    await unshareNumber(w.deps, w.admin(), number.id, sales.id);
    await expect(shareNumber(w.deps, w.manager(), number.id, sales.id)).resolves.toMatchObject({ shared: true });
    expect(await w.count(sales.id)).toBe(1);
  });

  it(`a number is shared with at most ${MAX_NUMBER_SHARES} groups; its delete ends every share`, async () => {
    const w = await world();
    const groups = [];
    for (let i = 0; i <= MAX_NUMBER_SHARES; i++) groups.push(await w.group(`Group ${i}`));
    const number = await createNumber(w.deps, w.manager(), { e164: NUMBER });
    for (const g of groups.slice(0, MAX_NUMBER_SHARES)) await shareNumber(w.deps, w.manager(), number.id, g.id);
    const last = groups[MAX_NUMBER_SHARES];
    await expect(shareNumber(w.deps, w.manager(), number.id, last.id)).rejects.toMatchObject({
      status: 409,
      code: 'share_limit_reached',
    });
    expect(await w.count(last.id)).toBe(0);
    // at the limit, a group it is already shared with still answers (nothing to add)
    await expect(shareNumber(w.deps, w.manager(), number.id, groups[0].id)).resolves.toMatchObject({ shared: false });

    const from = w.dir.events.length;
    await deleteNumber(w.deps, w.manager(), number.id);
    for (const g of groups) expect(await w.count(g.id)).toBe(0);
    expect(w.dir.events.slice(from)).toEqual([
      expect.objectContaining({
        type: 'number.deleted',
        details: expect.objectContaining({ groupIds: expect.any(Array) }),
      }),
    ]);
    await deleteGroup(w.deps, w.manager(), groups[0].id);
  });

  it('assignments and relabels keep the groups; the holder’s copy shows them', async () => {
    const w = await world();
    const sales = await w.group('Sales');
    const holder = await createUser(w.deps, w.manager(), {
      username: 'holder',
      email: 'holder@acme.test',
      firstName: 'H',
      lastName: 'H',
      unitId: w.s.id,
    });
    const number = await createNumber(w.deps, w.manager(), { e164: NUMBER });
    await assignNumber(w.deps, w.manager(), number.id, { userId: holder.id });
    await shareNumber(w.deps, w.manager(), number.id, sales.id);
    expect((await listUserNumbers(w.deps, w.manager(), holder.id, {})).items[0].groupIds).toEqual([sales.id]);
    await expect(updateNumber(w.deps, w.manager(), number.id, { label: 'Desk' })).resolves.toMatchObject({
      label: 'Desk',
      groupIds: [sales.id],
    });
    await unshareNumber(w.deps, w.manager(), number.id, sales.id);
    expect((await listUserNumbers(w.deps, w.manager(), holder.id, {})).items[0]).toMatchObject({
      label: 'Desk',
      groupIds: [],
    });
  });
});
