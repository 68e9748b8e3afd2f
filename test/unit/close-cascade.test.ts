/**
 * Closing a member detaches what they hold (the close hook), with the in-memory ports: services closed, numbers
 * unassigned, phones deleted with their claims, one event each; a continuation interrupted after the closing
 * transaction is finished by closing the member again or by the scheduled job, each item detached once. The batching
 * of the DynamoDB continuation (groups never split, at most 100 items a transaction) is checked on its pure part.
 * Over HTTP: test/integration/lifecycle/close-cascade.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { pack } from '#adapters/dynamodb/close-member.ts';
import type { Step } from '#adapters/dynamodb/transact.ts';
import { createDevice, listDevices } from '#use-cases/devices.ts';
import { addGroupMember, createGroup, getGroup } from '#use-cases/groups.ts';
import { closeUser, finishPendingCloses } from '#use-cases/lifecycle.ts';
import { assignNumber, createNumber, getNumber } from '#use-cases/numbers.ts';
import { createService, listServices } from '#use-cases/services.ts';
import { createApiKey } from '#use-cases/api-keys.ts';
import { createUser } from '#use-cases/users.ts';
import { orgWorld } from '../builders/memory.ts';
import { PASSWORD } from '../builders/password.ts';
import { MemoryGroups } from '../fakes/memory-groups.ts';
import { MemoryServices } from '../fakes/memory-services.ts';
import type { LifecycleStore } from '#ports/users.ts';

let numbered = 0;
let extensions = 1000;
const nextE164 = () => `+1212555${String(++numbered).padStart(4, '0')}`;

async function world() {
  const w = await orgWorld();
  const services = new MemoryServices(w.dir);
  const groups = new MemoryGroups(w.dir);
  const deps = {
    ...w.deps,
    groups: groups.store,
    units: w.memory.store,
    services: services.store,
    numbers: w.dir.telephony.numberStore,
    devices: w.dir.telephony.deviceStore,
    numbering: { toE164: (s: string) => s },
  };
  const lifecycle = w.deps.lifecycle as LifecycleStore & { faults: { interruptAfterPhase1: boolean } };
  /** A member with a fax and a voice service, two numbers and `phones` phones. */
  async function equipped(email: string, phones = 2) {
    const { user } = await w.member(email);
    for (const type of ['fax', 'voice'] as const) await createService(deps, w.manager(), user.id, { type });
    const numbers = [];
    for (const e164 of [nextE164(), nextE164()]) {
      const n = await createNumber(deps, w.manager(), { e164 });
      numbers.push(await assignNumber(deps, w.manager(), n.id, { userId: user.id }));
    }
    for (let i = 0; i < phones; i++)
      await createDevice(deps, w.manager(), user.id, { extension: String(++extensions) });
    return { user, numbers };
  }
  const held = async (userId: string, numberIds: string[]) => ({
    activeServices: (await listServices(deps, w.manager(), userId)).filter((s) => s.service.status === 'active').length,
    devices: (await listDevices(deps, w.manager(), userId, {})).items.length,
    assigned: (await Promise.all(numberIds.map((id) => getNumber(deps, w.manager(), id)))).filter((n) => n.assignment)
      .length,
    extensions: [...w.dir.telephony.extensions.values()].filter((key) => key.includes(`/${userId}/`)).length,
  });
  const count = (type: string, userId: string) =>
    w.dir.events.filter((e) => e.type === type && e.target.userId === userId).length;
  return { ...w, deps, groups, lifecycle, equipped, held, count };
}

describe('closing a member detaches what they hold', () => {
  it('services closed, numbers unassigned, phones deleted with their extensions, one event each, by the closer', async () => {
    const w = await world();
    const { user, numbers } = await w.equipped('max@acme.test');
    const keep = await w.equipped('olga@acme.test');
    await closeUser(w.deps, w.manager(), user.id, { password: PASSWORD });
    const ids = numbers.map((n) => n.id);
    expect(await w.held(user.id, ids)).toEqual({ activeServices: 0, devices: 0, assigned: 0, extensions: 0 });
    expect([
      w.count('service.closed', user.id),
      w.count('number.unassigned', user.id),
      w.count('device.deleted', user.id),
    ]).toEqual([2, 2, 2]);
    const detach = w.dir.events.find((e) => e.type === 'device.deleted' && e.target.userId === user.id)!;
    expect(detach.actor).toEqual({ kind: 'user', userId: w.manager().membership.userId });
    // positive control: another member keeps everything
    expect(
      await w.held(
        keep.user.id,
        keep.numbers.map((n) => n.id),
      ),
    ).toEqual({
      activeServices: 2,
      devices: 2,
      assigned: 2,
      extensions: 2,
    });
    expect(w.dir.users.get(`${w.account.id}/${user.id}`)?.detachPending).toBeUndefined();
  });

  it('interrupted after the closing transaction: the member is closed and marked; closing again finishes, once', async () => {
    const w = await world();
    const { user, numbers } = await w.equipped('max@acme.test', 5);
    w.lifecycle.faults.interruptAfterPhase1 = true;
    await expect(closeUser(w.deps, w.manager(), user.id, { password: PASSWORD })).rejects.toThrow(/interrupted/);
    expect(w.dir.users.get(`${w.account.id}/${user.id}`)).toMatchObject({ status: 'closed', detachPending: true });
    expect(
      (
        await w.held(
          user.id,
          numbers.map((n) => n.id),
        )
      ).devices,
    ).toBe(5);

    await closeUser(w.deps, w.manager(), user.id, { password: PASSWORD });
    expect(
      await w.held(
        user.id,
        numbers.map((n) => n.id),
      ),
    ).toEqual({
      activeServices: 0,
      devices: 0,
      assigned: 0,
      extensions: 0,
    });
    expect(w.dir.users.get(`${w.account.id}/${user.id}`)?.detachPending).toBeUndefined();
    // closing again is a no-op: nothing detached twice
    await closeUser(w.deps, w.manager(), user.id, { password: PASSWORD });
    expect(w.count('device.deleted', user.id)).toBe(5);
    expect(w.count('user.closed', user.id)).toBe(1);
  });

  it('the scheduled job finishes interrupted closes (bounded per run) and leaves finished ones alone', async () => {
    const w = await world();
    const cut = [await w.equipped('ann@acme.test'), await w.equipped('bea@acme.test')];
    for (const { user } of cut) {
      w.lifecycle.faults.interruptAfterPhase1 = true;
      await expect(closeUser(w.deps, w.manager(), user.id, { password: PASSWORD })).rejects.toThrow();
    }
    expect(await finishPendingCloses(w.deps, 1)).toEqual({ found: 1, finished: 1 });
    expect(await finishPendingCloses(w.deps)).toEqual({ found: 1, finished: 1 });
    expect(await finishPendingCloses(w.deps)).toEqual({ found: 0, finished: 0 });
    for (const { user, numbers } of cut) {
      expect(
        (
          await w.held(
            user.id,
            numbers.map((n) => n.id),
          )
        ).devices,
      ).toBe(0);
      const events = w.dir.events.filter((e) => e.type === 'device.deleted' && e.target.userId === user.id);
      expect(events.map((e) => e.actor)).toEqual([{ kind: 'system' }, { kind: 'system' }]);
    }
  });

  it('group memberships end and every group count follows; other members stay', async () => {
    const w = await world();
    const { user } = await w.equipped('max@acme.test', 0);
    const { user: olga } = await w.equipped('olga@acme.test', 0);
    const made = [];
    for (const name of ['A', 'B', 'C']) {
      const g = await createGroup(w.deps, w.manager(), { name });
      for (const m of [user, olga]) await addGroupMember(w.deps, w.manager(), g.id, m.id);
      made.push(g);
    }
    await closeUser(w.deps, w.manager(), user.id, { password: PASSWORD });
    for (const g of made) expect((await getGroup(w.deps, w.manager(), g.id)).memberCount).toBe(1);
    expect([...w.groups.memberships.values()].map((m) => m.userId)).toEqual([olga.id, olga.id, olga.id]);
    expect(w.count('group.member_removed', user.id)).toBe(3);
  });

  it("a system user's API keys are revoked, the live-key count exact", async () => {
    const w = await world();
    const deps = { ...w.deps, apiKeys: w.dir.apiKeys.store };
    const bot = await createUser(deps, w.manager(), {
      type: 'system',
      username: 'faxbot',
      firstName: 'Fax',
      lastName: 'Bot',
    });
    const keep = await createUser(deps, w.manager(), {
      type: 'system',
      username: 'smsbot',
      firstName: 'S',
      lastName: 'B',
    });
    for (const name of ['relay', 'backup']) await createApiKey(deps, w.manager(), bot.id, { name });
    await createApiKey(deps, w.manager(), keep.id, { name: 'other' });
    await closeUser(deps, w.manager(), bot.id, { password: PASSWORD });
    expect([...w.dir.apiKeys.keys.values()].map((k) => k.userId)).toEqual([keep.id]);
    expect(w.dir.apiKeys.counts.get(`${w.account.id}/${bot.id}`)).toBe(0);
    expect(w.dir.apiKeys.counts.get(`${w.account.id}/${keep.id}`)).toBe(1);
    expect(w.count('api_key.revoked', bot.id)).toBe(2);
    // and a closed system user gets no new key (positive control: the open one still does)
    await expect(createApiKey(deps, w.manager(), bot.id, { name: 'late' })).rejects.toMatchObject({ status: 409 });
    await expect(createApiKey(deps, w.manager(), keep.id, { name: 'more' })).resolves.toMatchObject({ name: 'more' });
    expect(w.dir.apiKeys.counts.get(`${w.account.id}/${bot.id}`)).toBe(0);
  });

  it('a closed member gets no new service, number or phone', async () => {
    const w = await world();
    const { user } = await w.equipped('max@acme.test', 0);
    await closeUser(w.deps, w.manager(), user.id, { password: PASSWORD });
    await expect(createService(w.deps, w.manager(), user.id, { type: 'sms' })).rejects.toMatchObject({ status: 409 });
    await expect(createDevice(w.deps, w.manager(), user.id, { extension: '4242' })).rejects.toMatchObject({
      status: 409,
    });
    const n = await createNumber(w.deps, w.manager(), { e164: '+12127770000' });
    await expect(assignNumber(w.deps, w.manager(), n.id, { userId: user.id })).rejects.toMatchObject({ status: 409 });
  });
});

describe('the continuation packs detach steps into transactions', () => {
  const group = (n: number): Step[] => Array.from({ length: n }, () => ({ item: {} }));
  it('at most 100 items each, a group never split, in order', () => {
    const groups = Array.from({ length: 150 }, (_, i) => group(i % 2 ? 3 : 4));
    const batches = pack(groups);
    expect(batches.flat()).toHaveLength(150);
    expect(batches.every((b) => b.flat().length <= 100)).toBe(true);
    expect(batches.flat()).toEqual(groups);
    // the closing transaction's room: what does not fit is left for the continuation
    const [first] = pack(groups, 10);
    expect(first.flat().length).toBeLessThanOrEqual(10);
    expect(pack([], 10)).toEqual([]);
  });
});
