import { describe, expect, it } from 'vitest';
import { ForbiddenError, GroupNotEmptyError, NotFoundError, PreconditionFailedError } from '#domain/errors.ts';
import type { Contact } from '#domain/contact.ts';
import {
  createContact,
  deleteContact,
  getContact,
  listContacts,
  updateContact,
  type ContactDeps,
} from '#use-cases/contacts.ts';
import { addGroupMember, createGroup, deleteGroup, getGroup, type GroupDeps } from '#use-cases/groups.ts';
import { createUnit } from '#use-cases/units.ts';
import { toE164 } from '#http/schemas/contacts.ts';
import { orgWorld } from '../builders/memory.ts';
import { MemoryContacts } from '../fakes/memory-contacts.ts';
import { MemoryGroups } from '../fakes/memory-groups.ts';

async function contactWorld() {
  const w = await orgWorld();
  const groupMemory = new MemoryGroups(w.dir);
  const contactMemory = new MemoryContacts(groupMemory, w.dir.events);
  const groupDeps: GroupDeps = {
    groups: groupMemory.store,
    users: w.deps.users,
    access: w.deps.access,
    clock: w.clock,
    ids: w.deps.ids,
  };
  const deps: ContactDeps = {
    contacts: contactMemory.store,
    groups: groupMemory.store,
    clock: w.clock,
    ids: w.deps.ids,
  };
  const sales = await createGroup(groupDeps, w.manager(), { name: 'Sales' });
  const support = await createGroup(groupDeps, w.manager(), { name: 'Support' });
  const count = async (groupId: string) => (await getGroup(groupDeps, w.manager(), groupId)).sharedItemCount;
  const names = (items: Contact[]) => items.map((c) => c.name);
  return { ...w, groupDeps, deps, sales, support, count, names };
}

describe('shared contacts', () => {
  it('creates a contact for everyone or for groups; each group counts it, in the same write', async () => {
    const w = await contactWorld();
    const all = await createContact(w.deps, w.manager(), {
      name: 'Reception',
      numbers: [{ e164: '+12025550143', label: 'desk' }],
      emails: ['desk@acme.test', 'desk@acme.test'],
    });
    expect(all).toMatchObject({ groupIds: [], emails: ['desk@acme.test'], company: null, version: 1 });
    await createContact(w.deps, w.manager(), { name: 'Big Client', groupIds: [w.sales.id, w.support.id, w.sales.id] });
    expect([await w.count(w.sales.id), await w.count(w.support.id)]).toEqual([1, 1]);
    await expect(createContact(w.deps, w.manager(), { name: 'Nowhere', groupIds: ['no-group'] })).rejects.toThrow(
      NotFoundError,
    );
    expect(await w.count(w.sales.id)).toBe(1);
    expect(w.eventTypes().filter((t) => t.startsWith('contact.'))).toEqual(['contact.created', 'contact.created']);
  });

  it('moves the counts as a contact gains and loses groups, and when it goes; a group with shares stays', async () => {
    const w = await contactWorld();
    const c = await createContact(w.deps, w.manager(), { name: 'Vendor', groupIds: [w.sales.id] });
    await expect(deleteGroup(w.groupDeps, w.manager(), w.sales.id)).rejects.toThrow(GroupNotEmptyError);
    await expect(updateContact(w.deps, w.manager(), c.id, { groupIds: [w.support.id] }, 5)).rejects.toThrow(
      PreconditionFailedError,
    );
    const moved = await updateContact(w.deps, w.manager(), c.id, { groupIds: [w.support.id], company: 'V Inc' }, 1);
    expect(moved).toMatchObject({ groupIds: [w.support.id], company: 'V Inc', version: 2 });
    expect([await w.count(w.sales.id), await w.count(w.support.id)]).toEqual([0, 1]);
    await updateContact(w.deps, w.manager(), c.id, { groupIds: [] });
    expect(await w.count(w.support.id)).toBe(0);
    await updateContact(w.deps, w.manager(), c.id, { groupIds: [w.sales.id, w.support.id] });
    await deleteContact(w.deps, w.manager(), c.id);
    expect([await w.count(w.sales.id), await w.count(w.support.id)]).toEqual([0, 0]);
    await deleteGroup(w.groupDeps, w.manager(), w.sales.id);
    expect(w.dir.events.find((e) => e.type === 'contact.updated')?.details).toMatchObject({
      contactId: c.id,
      changed: ['company', 'groupIds'],
    });
    expect(w.eventTypes()).toContain('contact.deleted');
  });

  it('searches by name prefix, case-insensitively, page by page', async () => {
    const w = await contactWorld();
    for (const name of ['Anna Smith', 'anders', 'Bob', 'ANNE']) await createContact(w.deps, w.manager(), { name });
    const first = await listContacts(w.deps, w.manager(), { q: 'An', limit: 2 });
    expect(w.names(first.items)).toEqual(['anders', 'Anna Smith']);
    const second = await listContacts(w.deps, w.manager(), { q: 'An', limit: 2, cursor: first.nextCursor! });
    expect(w.names(second.items)).toEqual(['ANNE']);
    expect(second.nextCursor).toBeNull();
    expect(w.names((await listContacts(w.deps, w.manager(), {})).items)).toEqual([
      'anders',
      'Anna Smith',
      'ANNE',
      'Bob',
    ]);
  });
});

describe('who sees and keeps contacts', () => {
  it('a member sees contacts for everyone and for their groups only; another is 404 to them', async () => {
    const w = await contactWorld();
    const max = await w.member('max@acme.test');
    await addGroupMember(w.groupDeps, w.manager(), w.sales.id, max.user.id);
    const forAll = await createContact(w.deps, w.manager(), { name: 'Reception' });
    const forSales = await createContact(w.deps, w.manager(), { name: 'Lead', groupIds: [w.sales.id] });
    const forSupport = await createContact(w.deps, w.manager(), { name: 'Ticket desk', groupIds: [w.support.id] });
    const both = await createContact(w.deps, w.manager(), { name: 'Partner', groupIds: [w.sales.id, w.support.id] });
    expect(w.names((await listContacts(w.deps, max.caller(), {})).items)).toEqual(['Lead', 'Partner', 'Reception']);
    expect(w.names((await listContacts(w.deps, max.caller(), { q: 'p' })).items)).toEqual(['Partner']);
    for (const c of [forAll, forSales, both])
      await expect(getContact(w.deps, max.caller(), c.id)).resolves.toMatchObject({ id: c.id });
    await expect(getContact(w.deps, max.caller(), forSupport.id)).rejects.toThrow(NotFoundError);
    // the keepers see everything
    expect((await listContacts(w.deps, w.manager(), {})).items).toHaveLength(4);
    await expect(getContact(w.deps, w.manager(), forSupport.id)).resolves.toMatchObject({ id: forSupport.id });
  });

  it('account managers and admins create, change and delete; other members may not', async () => {
    const w = await contactWorld();
    const unit = await createUnit(w.org, w.manager(), { name: 'P', parentId: w.rootId });
    const minus = await w.adminIn('minus@acme.test', unit.id, false);
    const max = await w.member('max@acme.test');
    const c = await createContact(w.deps, minus.caller(), { name: 'By an admin', groupIds: [w.sales.id] });
    await expect(updateContact(w.deps, minus.caller(), c.id, { name: 'Renamed' })).resolves.toMatchObject({
      name: 'Renamed',
    });
    await expect(createContact(w.deps, max.caller(), { name: 'Nope' })).rejects.toThrow(ForbiddenError);
    await expect(updateContact(w.deps, max.caller(), c.id, { name: 'Nope' })).rejects.toThrow(ForbiddenError);
    await expect(deleteContact(w.deps, max.caller(), c.id)).rejects.toThrow(ForbiddenError);
    await deleteContact(w.deps, minus.caller(), c.id);
  });
});

describe('phone numbers', () => {
  it('are validated and normalised to E.164', () => {
    expect(toE164('+1 (202) 555-0143')).toBe('+12025550143');
    expect(toE164('+44 20 7183 8750')).toBe('+442071838750');
    expect(toE164('202 555 0143')).toBeNull();
    expect(toE164('+1 555')).toBeNull();
    expect(toE164('+999 1234567')).toBeNull();
  });
});
