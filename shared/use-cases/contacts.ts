/**
 * Shared contacts. Account managers and admins keep the address book: they create, change and delete contacts and
 * list every one of them. Every other member sees the contacts shared with everyone and those shared with a group
 * they are in; a contact they cannot see is `404` to them, as if it did not exist.
 */
import { auditEvent } from '#domain/audit.ts';
import { actorOf, type MemberCaller } from '#domain/caller.ts';
import { assertMayKeepContacts, keepsContacts, visibleTo, type Contact, type ContactInput } from '#domain/contact.ts';
import { assertIfMatch, NotFoundError } from '#domain/errors.ts';
import type { ContactStore } from '#ports/contacts.ts';
import type { GroupStore } from '#ports/groups.ts';
import type { Page } from '#ports/paging.ts';
import type { Deps } from './deps.ts';
import { retryWithoutIfMatch } from './retries.ts';

export interface ContactDeps extends Pick<Deps, 'clock' | 'ids'> {
  contacts: ContactStore;
  groups: Pick<GroupStore, 'groupIdsOf' | 'memberOf'>;
}

const unique = (ids: readonly string[] | undefined) => [...new Set(ids ?? [])];

export async function createContact(
  deps: Pick<ContactDeps, 'contacts' | 'clock' | 'ids'>,
  caller: MemberCaller,
  input: ContactInput,
): Promise<Contact> {
  assertMayKeepContacts(caller);
  const accountId = caller.membership.accountId;
  const now = deps.clock.now().toISOString();
  const contact: Contact = {
    id: deps.ids.next(),
    accountId,
    name: input.name,
    company: input.company ?? null,
    numbers: input.numbers ?? [],
    emails: unique(input.emails),
    groupIds: unique(input.groupIds),
    createdAt: now,
    updatedAt: now,
    version: 1,
  };
  const event = auditEvent(deps.ids, {
    accountId,
    type: 'contact.created',
    at: now,
    actor: actorOf(caller),
    target: {},
    details: { contactId: contact.id, name: contact.name, groupIds: contact.groupIds },
  });
  await deps.contacts.create(contact, event);
  return contact;
}

async function contactOf(deps: Pick<ContactDeps, 'contacts'>, caller: MemberCaller, contactId: string) {
  const contact = await deps.contacts.get(caller.membership.accountId, contactId);
  if (!contact) throw new NotFoundError('No such contact in this account');
  return contact;
}

/** A keeper reads any contact; another member one shared with everyone or with a group they are in (else 404). */
export async function getContact(
  deps: Pick<ContactDeps, 'contacts' | 'groups'>,
  caller: MemberCaller,
  contactId: string,
): Promise<Contact> {
  const contact = await contactOf(deps, caller, contactId);
  if (keepsContacts(caller) || contact.groupIds.length === 0) return contact;
  const mine = await deps.groups.memberOf(caller.membership.accountId, caller.membership.userId, contact.groupIds);
  if (!visibleTo(contact, new Set(mine))) throw new NotFoundError('No such contact in this account');
  return contact;
}

export async function listContacts(
  deps: Pick<ContactDeps, 'contacts' | 'groups'>,
  caller: MemberCaller,
  query: { q?: string; limit?: number; cursor?: string },
): Promise<Page<Contact>> {
  const accountId = caller.membership.accountId;
  const page = { limit: query.limit ?? 50, cursor: query.cursor };
  if (keepsContacts(caller)) return deps.contacts.listAll(accountId, query.q, page);
  const groupIds = await deps.groups.groupIdsOf(accountId, caller.membership.userId);
  return deps.contacts.listVisible(accountId, groupIds, query.q, page);
}

export async function updateContact(
  deps: Pick<ContactDeps, 'contacts' | 'clock' | 'ids'>,
  caller: MemberCaller,
  contactId: string,
  patch: Partial<ContactInput>,
  ifMatch?: number,
): Promise<Contact> {
  assertMayKeepContacts(caller);
  return retryWithoutIfMatch(ifMatch, async () => {
    const current = await contactOf(deps, caller, contactId);
    assertIfMatch(ifMatch, current.version);
    const now = deps.clock.now().toISOString();
    const next: Contact = {
      ...current,
      name: patch.name ?? current.name,
      company: patch.company !== undefined ? patch.company : current.company,
      numbers: patch.numbers ?? current.numbers,
      emails: patch.emails ? unique(patch.emails) : current.emails,
      groupIds: patch.groupIds ? unique(patch.groupIds) : current.groupIds,
      updatedAt: now,
      version: current.version + 1,
    };
    const changed = (['name', 'company', 'numbers', 'emails', 'groupIds'] as const).filter(
      (f) => JSON.stringify(next[f]) !== JSON.stringify(current[f]),
    );
    const event = auditEvent(deps.ids, {
      accountId: current.accountId,
      type: 'contact.updated',
      at: now,
      actor: actorOf(caller),
      target: {},
      details: { contactId, changed, groupIds: next.groupIds },
    });
    await deps.contacts.update(next, current, event);
    return next;
  });
}

export async function deleteContact(
  deps: Pick<ContactDeps, 'contacts' | 'clock' | 'ids'>,
  caller: MemberCaller,
  contactId: string,
  ifMatch?: number,
): Promise<void> {
  assertMayKeepContacts(caller);
  await retryWithoutIfMatch(ifMatch, async () => {
    const current = await contactOf(deps, caller, contactId);
    assertIfMatch(ifMatch, current.version);
    const event = auditEvent(deps.ids, {
      accountId: current.accountId,
      type: 'contact.deleted',
      at: deps.clock.now().toISOString(),
      actor: actorOf(caller),
      target: {},
      details: { contactId, name: current.name },
    });
    await deps.contacts.delete(current, event);
  });
}
