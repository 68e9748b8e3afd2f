/**
 * Numbers and members' phones with the in-memory ports: deployment-wide number and MAC uniqueness, account-wide
 * extensions, assignments that move atomically, who may do what (each refusal beside its allowed case), versions, the
 * create-user extension, and the edge normalisation of numbers and MAC addresses. The HTTP contract, the matrix rows
 * and the races are in test/integration/telephony/numbers-devices.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { normalizeMac } from '#domain/device.ts';
import { addDelegate } from '#use-cases/delegations.ts';
import { createService } from '#use-cases/services.ts';
import { createDevice, deleteDevice, getDevice, listDevices, updateDevice } from '#use-cases/devices.ts';
import {
  assignNumber,
  createNumber,
  deleteNumber,
  getNumber,
  listNumbers,
  listUserNumbers,
  unassignNumber,
  updateNumber,
} from '#use-cases/numbers.ts';
import { createUser } from '#use-cases/users.ts';
import { parseWith } from '#http/validation.ts';
import { CreateNumberBody } from '#http/schemas/numbers.ts';
import { phoneNumbering } from '#adapters/phone-numbering.ts';
import { CreateDeviceBody } from '#http/schemas/devices.ts';
import { CreateUserBody } from '#http/schemas/user-create.ts';
import { orgWorld } from '../builders/memory.ts';

let n = 0;
const input = (unitId: string, over: Record<string, unknown> = {}) => {
  const username = `member${++n}`;
  return { username, email: `${username}@acme.test`, firstName: 'M', lastName: 'M', unitId, ...over };
};

/** root ─ S (the admins' scope) and root ─ O (outside); ADMIN manages S, VIEWER reads it (no manageUsers). */
async function world() {
  const w = await orgWorld();
  const [s] = await w.chain(w.rootId, ['S']);
  const [o] = await w.chain(w.rootId, ['O']);
  const admin = (await w.adminIn('admin@acme.test', s.id)).caller;
  const viewer = (await w.adminIn('viewer@acme.test', s.id, false)).caller;
  const deps = {
    ...w.deps,
    units: w.memory.store,
    numbering: phoneNumbering,
    numbers: w.dir.telephony.numberStore,
    devices: w.dir.telephony.deviceStore,
  };
  const member = (unitId: string, over: Record<string, unknown> = {}) =>
    createUser(deps, w.manager(), input(unitId, over));
  const close = (userId: string) => {
    const key = `${w.account.id}/${userId}`;
    w.dir.users.set(key, { ...w.dir.users.get(key)!, status: 'closed' });
  };
  const types = (from = 0) => w.dir.events.slice(from).map((e) => e.type);
  return { ...w, deps, s, o, admin, viewer, member, accepted: w.member, close, types };
}

const NUMBER = '+12127345678';

describe('numbers', () => {
  it('are unique in the deployment: another account gets number_taken, never who holds it; a release frees it', async () => {
    const w = await world();
    const other = await w.secondAccount('Other', 'other@other.test');
    const mine = await createNumber(w.deps, w.manager(), { e164: NUMBER, label: 'Main line' });
    expect(mine).toMatchObject({ e164: NUMBER, label: 'Main line', assignment: null, version: 1 });
    const before = w.dir.events.length;
    const refused = createNumber(w.deps, other.manager(), { e164: NUMBER });
    await expect(refused).rejects.toMatchObject({ code: 'number_taken', status: 409 });
    expect(String(await refused.catch((e: Error) => e.message))).not.toContain(w.account.id);
    expect(w.dir.events.length).toBe(before);
    expect((await listNumbers(w.deps, other.manager(), {})).items).toEqual([]);
    // positive control: another number is theirs at once
    await expect(createNumber(w.deps, other.manager(), { e164: '+12127345679' })).resolves.toMatchObject({
      accountId: other.account.id,
    });
    // deleting releases the claim: the other account may take it now
    await deleteNumber(w.deps, w.manager(), mine.id);
    await expect(createNumber(w.deps, other.manager(), { e164: NUMBER })).resolves.toMatchObject({ e164: NUMBER });
    expect(w.types(before)).toEqual(['number.created', 'number.deleted', 'number.created']);
  });

  it('account managers manage them; admins read them; members see no inventory', async () => {
    const w = await world();
    await expect(createNumber(w.deps, w.admin(), { e164: NUMBER })).rejects.toMatchObject({ status: 403 });
    const number = await createNumber(w.deps, w.manager(), { e164: NUMBER });
    for (const caller of [w.manager(), w.admin(), w.viewer()]) {
      expect((await listNumbers(w.deps, caller, {})).items.map((x) => x.id)).toEqual([number.id]);
      await expect(getNumber(w.deps, caller, number.id)).resolves.toMatchObject({ id: number.id });
    }
    await expect(updateNumber(w.deps, w.admin(), number.id, { label: 'x' })).rejects.toMatchObject({ status: 403 });
    await expect(deleteNumber(w.deps, w.admin(), number.id)).rejects.toMatchObject({ status: 403 });
    expect((await getNumber(w.deps, w.manager(), number.id)).version).toBe(1);
    const accepted = await w.accepted('plain@acme.test');
    await expect(listNumbers(w.deps, accepted.caller(), {})).rejects.toMatchObject({ status: 403 });
    await expect(getNumber(w.deps, accepted.caller(), number.id)).rejects.toMatchObject({ status: 403 });
  });

  it('lists an account’s numbers by creation, a page at a time', async () => {
    const w = await world();
    const made = [];
    for (const tail of ['1', '2', '3'])
      made.push(await createNumber(w.deps, w.manager(), { e164: `+1212734567${tail}` }));
    const first = await listNumbers(w.deps, w.manager(), { limit: 2 });
    expect(first.items.map((x) => x.id)).toEqual(made.slice(0, 2).map((x) => x.id));
    const rest = await listNumbers(w.deps, w.manager(), { limit: 2, cursor: first.nextCursor! });
    expect(rest).toEqual({ items: [made[2]], nextCursor: null });
  });

  it('an assignment moves from member to member atomically, and each member lists what they hold', async () => {
    const w = await world();
    const [a, b] = [await w.member(w.s.id), await w.member(w.s.id)];
    const number = await createNumber(w.deps, w.manager(), { e164: NUMBER });
    // a named service must be an open service of the holder (the positive control follows)
    await expect(
      assignNumber(w.deps, w.manager(), number.id, { userId: a.id, serviceId: 'fax' }),
    ).rejects.toMatchObject({ status: 409 });
    await createService({ ...w.deps, services: w.dir.services.store }, w.manager(), a.id, { type: 'fax' });
    const from = w.dir.events.length;
    const toA = await assignNumber(w.deps, w.manager(), number.id, { userId: a.id, serviceId: 'fax' });
    expect(toA).toMatchObject({ assignment: { userId: a.id, serviceId: 'fax' }, version: 2 });
    expect((await listUserNumbers(w.deps, w.manager(), a.id, {})).items).toEqual([toA]);
    // the same assignment again changes nothing
    await expect(
      assignNumber(w.deps, w.manager(), number.id, { userId: a.id, serviceId: 'fax' }),
    ).resolves.toMatchObject({ version: 2 });
    const toB = await assignNumber(w.deps, w.manager(), number.id, { userId: b.id });
    expect(toB.assignment).toMatchObject({ userId: b.id, serviceId: null });
    expect((await listUserNumbers(w.deps, w.manager(), a.id, {})).items).toEqual([]);
    expect((await listUserNumbers(w.deps, w.manager(), b.id, {})).items.map((x) => x.id)).toEqual([number.id]);
    expect(w.dir.events.slice(from).map((e) => [e.type, e.target.userId])).toEqual([
      ['number.assigned', a.id],
      ['number.unassigned', a.id],
      ['number.assigned', b.id],
    ]);
    await unassignNumber(w.deps, w.manager(), number.id);
    expect((await getNumber(w.deps, w.manager(), number.id)).assignment).toBeNull();
    expect((await listUserNumbers(w.deps, w.manager(), b.id, {})).items).toEqual([]);
    // unassigning a number nobody holds writes nothing
    const count = w.dir.events.length;
    await unassignNumber(w.deps, w.manager(), number.id);
    expect(w.dir.events.length).toBe(count);
  });

  it('a relabel reaches the holder’s copy; a stale If-Match is 412 and changes nothing', async () => {
    const w = await world();
    const a = await w.member(w.s.id);
    const number = await createNumber(w.deps, w.manager(), { e164: NUMBER });
    await assignNumber(w.deps, w.manager(), number.id, { userId: a.id });
    await expect(updateNumber(w.deps, w.manager(), number.id, { label: 'Old' }, 1)).rejects.toMatchObject({
      status: 412,
    });
    await expect(
      assignNumber(w.deps, w.manager(), number.id, { userId: a.id, serviceId: null }, 1),
    ).rejects.toMatchObject({ status: 412 });
    await expect(deleteNumber(w.deps, w.manager(), number.id, 1)).rejects.toMatchObject({ status: 412 });
    const relabelled = await updateNumber(w.deps, w.manager(), number.id, { label: 'Front desk' }, 2);
    expect(relabelled).toMatchObject({ label: 'Front desk', version: 3 });
    expect((await listUserNumbers(w.deps, w.manager(), a.id, {})).items).toEqual([relabelled]);
  });

  it('a closed member is assigned nothing (409), and the number stays as it was', async () => {
    const w = await world();
    const [gone, open] = [await w.member(w.s.id), await w.member(w.s.id)];
    w.close(gone.id);
    const number = await createNumber(w.deps, w.manager(), { e164: NUMBER });
    await expect(assignNumber(w.deps, w.manager(), number.id, { userId: gone.id })).rejects.toMatchObject({
      status: 409,
    });
    expect(await getNumber(w.deps, w.manager(), number.id)).toEqual(number);
    await expect(assignNumber(w.deps, w.manager(), number.id, { userId: open.id })).resolves.toMatchObject({
      assignment: { userId: open.id },
    });
  });

  it('admins assign and unassign only for members they manage, on both ends of a move', async () => {
    const w = await world();
    const [inS, inS2, outside] = [await w.member(w.s.id), await w.member(w.s.id), await w.member(w.o.id)];
    const number = await createNumber(w.deps, w.manager(), { e164: NUMBER });
    await expect(assignNumber(w.deps, w.viewer(), number.id, { userId: inS.id })).rejects.toMatchObject({
      status: 403,
    });
    await expect(assignNumber(w.deps, w.admin(), number.id, { userId: outside.id })).rejects.toMatchObject({
      status: 403,
    });
    await expect(assignNumber(w.deps, w.admin(), number.id, { userId: inS.id })).resolves.toMatchObject({
      assignment: { userId: inS.id },
    });
    await expect(assignNumber(w.deps, w.admin(), number.id, { userId: inS2.id })).resolves.toMatchObject({
      assignment: { userId: inS2.id },
    });
    // a number held outside their scope is not theirs to take or to free
    await assignNumber(w.deps, w.manager(), number.id, { userId: outside.id });
    await expect(assignNumber(w.deps, w.admin(), number.id, { userId: inS.id })).rejects.toMatchObject({
      status: 403,
    });
    await expect(unassignNumber(w.deps, w.admin(), number.id)).rejects.toMatchObject({ status: 403 });
    expect((await getNumber(w.deps, w.manager(), number.id)).assignment?.userId).toBe(outside.id);
    // a delegate manages their member, but the account's inventory is not theirs
    const delegate = await w.accepted('delegate@acme.test');
    await addDelegate(w.deps, w.manager(), inS.id, delegate.user.id);
    await expect(assignNumber(w.deps, delegate.caller(), number.id, { userId: inS.id })).rejects.toMatchObject({
      status: 403,
    });
    // whoever reads a member reads their numbers: the member themselves, the read-only admin
    await assignNumber(w.deps, w.manager(), number.id, { userId: inS.id });
    await expect(listUserNumbers(w.deps, w.viewer(), inS.id, {})).resolves.toMatchObject({
      items: [{ id: number.id }],
    });
    await expect(listUserNumbers(w.deps, delegate.caller(), inS.id, {})).resolves.toMatchObject({
      items: [{ id: number.id }],
    });
    await expect(listUserNumbers(w.deps, w.admin(), outside.id, {})).rejects.toMatchObject({ status: 403 });
  });
});

describe('devices', () => {
  it('extensions are unique in the account, MAC addresses in the deployment', async () => {
    const w = await world();
    const other = await w.secondAccount('Other', 'other@other.test');
    const [a, b] = [await w.member(w.s.id), await w.member(w.s.id)];
    const theirs = (await w.accepted('them@other.test', { by: other.manager() })).user;
    const phone = await createDevice(w.deps, w.manager(), a.id, {
      extension: '201',
      model: 'Yealink T54W',
      macAddress: 'AA:BB:CC:DD:EE:01',
    });
    expect(phone).toMatchObject({ userId: a.id, extension: '201', macAddress: 'AA:BB:CC:DD:EE:01', version: 1 });
    const before = w.dir.events.length;
    await expect(createDevice(w.deps, w.manager(), b.id, { extension: '201' })).rejects.toMatchObject({
      code: 'extension_taken',
      status: 409,
    });
    await expect(
      createDevice(w.deps, other.manager(), theirs.id, { extension: '201', macAddress: 'AA:BB:CC:DD:EE:01' }),
    ).rejects.toMatchObject({ code: 'mac_address_taken', status: 409 });
    expect(w.dir.events.length).toBe(before);
    expect((await listDevices(w.deps, w.manager(), b.id, {})).items).toEqual([]);
    // positive controls: the same extension in another account; another extension here
    await expect(createDevice(w.deps, other.manager(), theirs.id, { extension: '201' })).resolves.toMatchObject({
      extension: '201',
    });
    await expect(createDevice(w.deps, w.manager(), b.id, { extension: '202' })).resolves.toMatchObject({
      extension: '202',
    });
    expect((await listDevices(w.deps, w.manager(), a.id, {})).items).toEqual([phone]);
  });

  it('changing the extension or MAC moves the claims; deleting frees them; a stale If-Match is 412', async () => {
    const w = await world();
    const [a, b] = [await w.member(w.s.id), await w.member(w.s.id)];
    const phone = await createDevice(w.deps, w.manager(), a.id, { extension: '301', macAddress: 'AA:BB:CC:DD:EE:02' });
    await expect(updateDevice(w.deps, w.manager(), a.id, phone.id, { extension: '302' }, 2)).rejects.toMatchObject({
      status: 412,
    });
    const moved = await updateDevice(
      w.deps,
      w.manager(),
      a.id,
      phone.id,
      { extension: '302', macAddress: 'AA:BB:CC:DD:EE:03' },
      1,
    );
    expect(moved).toMatchObject({ extension: '302', macAddress: 'AA:BB:CC:DD:EE:03', version: 2 });
    // the old claims are free, the new ones taken
    await expect(createDevice(w.deps, w.manager(), b.id, { extension: '302' })).rejects.toMatchObject({
      code: 'extension_taken',
    });
    const other = await createDevice(w.deps, w.manager(), b.id, { extension: '301', macAddress: 'AA:BB:CC:DD:EE:02' });
    await expect(
      updateDevice(w.deps, w.manager(), b.id, other.id, { macAddress: 'AA:BB:CC:DD:EE:03' }),
    ).rejects.toMatchObject({ code: 'mac_address_taken' });
    expect(await getDevice(w.deps, w.manager(), b.id, other.id)).toEqual(other);
    await deleteDevice(w.deps, w.manager(), a.id, phone.id, 2);
    await expect(getDevice(w.deps, w.manager(), a.id, phone.id)).rejects.toMatchObject({ status: 404 });
    await expect(
      updateDevice(w.deps, w.manager(), b.id, other.id, { extension: '302', macAddress: 'AA:BB:CC:DD:EE:03' }),
    ).resolves.toMatchObject({ extension: '302', version: 2 });
    expect(w.types().filter((t) => t.startsWith('device.'))).toEqual([
      'device.created',
      'device.updated',
      'device.created',
      'device.deleted',
      'device.updated',
    ]);
  });

  it('whoever may manage the member manages their phones; whoever may read them reads them', async () => {
    const w = await world();
    const [inS, outside] = [await w.member(w.s.id), await w.member(w.o.id)];
    const self = await w.accepted('self@acme.test');
    const delegate = await w.accepted('delegate@acme.test');
    await addDelegate(w.deps, w.manager(), inS.id, delegate.user.id);
    for (const caller of [w.viewer(), self.caller()])
      await expect(createDevice(w.deps, caller, inS.id, { extension: '401' })).rejects.toMatchObject({ status: 403 });
    await expect(createDevice(w.deps, w.admin(), outside.id, { extension: '401' })).rejects.toMatchObject({
      status: 403,
    });
    await expect(createDevice(w.deps, self.caller(), self.user.id, { extension: '401' })).rejects.toMatchObject({
      status: 403,
    });
    const byAdmin = await createDevice(w.deps, w.admin(), inS.id, { extension: '401' });
    const byDelegate = await createDevice(w.deps, delegate.caller(), inS.id, { extension: '402' });
    await expect(listDevices(w.deps, w.viewer(), inS.id, {})).resolves.toMatchObject({
      items: [{ id: byAdmin.id }, { id: byDelegate.id }],
    });
    await expect(listDevices(w.deps, w.admin(), outside.id, {})).rejects.toMatchObject({ status: 403 });
    await expect(deleteDevice(w.deps, w.viewer(), inS.id, byAdmin.id)).rejects.toMatchObject({ status: 403 });
    await expect(deleteDevice(w.deps, w.admin(), inS.id, byAdmin.id)).resolves.toBeUndefined();
    // a device id under another member is not found there
    await expect(getDevice(w.deps, w.manager(), outside.id, byDelegate.id)).rejects.toMatchObject({ status: 404 });
  });

  it('a closed member gets no new phone (409)', async () => {
    const w = await world();
    const [gone, open] = [await w.member(w.s.id), await w.member(w.s.id)];
    w.close(gone.id);
    await expect(createDevice(w.deps, w.manager(), gone.id, { extension: '501' })).rejects.toMatchObject({
      status: 409,
    });
    await expect(createDevice(w.deps, w.manager(), open.id, { extension: '501' })).resolves.toMatchObject({
      extension: '501',
    });
  });
});

describe('creating a member with an extension', () => {
  it('creates their phone in the same write; a taken extension leaves no member, claim, event or mail behind', async () => {
    const w = await world();
    const first = await w.member(w.s.id, { extension: '600' });
    expect((await listDevices(w.deps, w.manager(), first.id, {})).items).toMatchObject([
      { userId: first.id, extension: '600', model: null, macAddress: null },
    ]);
    expect(w.types().slice(-2)).toEqual(['user.created', 'device.created']);
    const [users, events, mails] = [w.dir.users.size, w.dir.events.length, w.mailer.sent.length];
    const refused = input(w.s.id, { extension: '600' });
    await expect(createUser(w.deps, w.manager(), refused)).rejects.toMatchObject({ code: 'extension_taken' });
    expect([w.dir.users.size, w.dir.events.length, w.mailer.sent.length]).toEqual([users, events, mails]);
    expect(w.dir.usernames.has(`${w.account.id}/${refused.username}`)).toBe(false);
    // the same member with a free extension (and without one) is created
    await expect(createUser(w.deps, w.manager(), { ...refused, extension: '601' })).resolves.toMatchObject({
      username: refused.username,
    });
    await expect(w.member(w.s.id)).resolves.toMatchObject({ status: 'invited' });
  });
});

describe('the edge normalises numbers and MAC addresses', () => {
  it('stores numbers as E.164 and refuses invalid ones, local formats and extensions (400 on e164, nothing written)', async () => {
    const toE164 = (input: string) => phoneNumbering.toE164(input);
    expect(toE164('+1 (212) 734-5678')).toBe('+12127345678');
    expect(toE164('+44 20 7946 0958')).toBe('+442079460958');
    for (const bad of ['+15551234567', '2127345678', '0049 30 12345678', '+1 212 734 5678 ext. 12', '+999123', 'x'])
      expect(toE164(bad), bad).toBeNull();
    // the schema checks the shape; the use case the numbering plan, and stores the E.164 form
    const body = parseWith(CreateNumberBody, { e164: ' +1 212-734-5678 ', label: 'Main' });
    expect(body).toEqual({ e164: '+1 212-734-5678', label: 'Main' });
    for (const e164 of ['2127345678', '+1 212 734 5678 ext. 12', '+'])
      expect(() => parseWith(CreateNumberBody, { e164 }), e164).toThrow(/e164/);
    expect(() => parseWith(CreateNumberBody, { e164: NUMBER, accountId: 'a' })).toThrow(/accountId/);
    const w = await world();
    await expect(createNumber(w.deps, w.manager(), body)).resolves.toMatchObject({ e164: '+12127345678' });
    const before = w.dir.events.length;
    await expect(createNumber(w.deps, w.manager(), { e164: '+1 555 123 4567' })).rejects.toMatchObject({
      code: 'validation_failed',
      errors: [{ path: 'e164' }],
    });
    expect(w.dir.events.length).toBe(before);
  });

  it('stores one MAC form whatever the input, and refuses mixed or short ones', () => {
    for (const mac of ['aa:bb:cc:dd:ee:ff', 'AA-BB-CC-DD-EE-FF', 'aabbccddeeff', 'AABB.CCDD.EEFF'])
      expect(normalizeMac(mac), mac).toBe('AA:BB:CC:DD:EE:FF');
    for (const bad of ['aa:bb-cc:dd:ee:ff', 'aa:bb:cc:dd:ee', 'gg:bb:cc:dd:ee:ff', 'aabbccddeeff00', ''])
      expect(normalizeMac(bad), bad).toBeNull();
    expect(parseWith(CreateDeviceBody, { extension: '42', macAddress: 'aa-bb-cc-dd-ee-ff' })).toEqual({
      extension: '42',
      macAddress: 'AA:BB:CC:DD:EE:FF',
    });
    for (const extension of ['1', '1234567', '12a', ''])
      expect(() => parseWith(CreateDeviceBody, { extension }), extension).toThrow(/extension/);
    expect(() => parseWith(CreateUserBody, { ...input('u'), extension: '7' })).toThrow(/extension/);
    expect(parseWith(CreateUserBody, { ...input('u'), extension: '700' })).toMatchObject({ extension: '700' });
  });
});
