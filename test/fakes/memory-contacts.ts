/**
 * In-memory ContactStore over MemoryGroups: the conditions of contact-store.ts's transactions (every group a share
 * gains must exist; the version of a changed contact), checked before anything is applied, and the same counts.
 */
import { contactNameKey, shareChanges, visibleTo, type Contact } from '#domain/contact.ts';
import { ConflictError, NotFoundError, PreconditionFailedError } from '#domain/errors.ts';
import type { AuditEvent } from '#domain/audit.ts';
import type { ContactStore } from '#ports/contacts.ts';
import type { MemoryGroups } from './memory-groups.ts';
import { pageOf } from './paging.ts';

export class MemoryContacts {
  contacts = new Map<string, Contact>();

  constructor(
    private groups: MemoryGroups,
    private events: AuditEvent[],
  ) {}

  private key = (accountId: string, contactId: string) => `${accountId}/${contactId}`;
  private sortKey = (c: Contact) => `${contactNameKey(c.name)}#${c.id}`;
  private matching = (accountId: string, q: string | undefined) =>
    [...this.contacts.values()].filter(
      (c) => c.accountId === accountId && (q === undefined || contactNameKey(c.name).startsWith(contactNameKey(q))),
    );

  /** The shares a change gains and loses: gained groups must exist (all or nothing), then the counts move. */
  private share(accountId: string, before: readonly string[], after: readonly string[]) {
    const { added, removed } = shareChanges(before, after);
    for (const g of added)
      if (!this.groups.groups.has(`${accountId}/${g}`)) throw new NotFoundError(`No group ${g} in this account`);
    for (const g of added) this.groups.moveSharedItemCount(accountId, g, 1);
    for (const g of removed) this.groups.moveSharedItemCount(accountId, g, -1);
  }

  readonly store: ContactStore = {
    create: async (contact, event) => {
      if (this.contacts.has(this.key(contact.accountId, contact.id))) throw new ConflictError();
      this.share(contact.accountId, [], contact.groupIds);
      this.contacts.set(this.key(contact.accountId, contact.id), structuredClone(contact));
      this.events.push(event);
    },
    get: async (accountId, contactId) => {
      const c = this.contacts.get(this.key(accountId, contactId));
      return c ? structuredClone(c) : null;
    },
    update: async (next, previous, event) => {
      if (this.contacts.get(this.key(next.accountId, next.id))?.version !== previous.version)
        throw new PreconditionFailedError();
      this.share(next.accountId, previous.groupIds, next.groupIds);
      this.contacts.set(this.key(next.accountId, next.id), structuredClone(next));
      this.events.push(event);
    },
    delete: async (contact, event) => {
      if (this.contacts.get(this.key(contact.accountId, contact.id))?.version !== contact.version)
        throw new PreconditionFailedError();
      this.share(contact.accountId, contact.groupIds, []);
      this.contacts.delete(this.key(contact.accountId, contact.id));
      this.events.push(event);
    },
    listAll: async (accountId, q, page) =>
      pageOf(this.matching(accountId, q), page, `contacts|${accountId}|${q ?? ''}`, this.sortKey),
    listVisible: async (accountId, groupIds, q, page) =>
      pageOf(
        this.matching(accountId, q).filter((c) => visibleTo(c, new Set(groupIds))),
        page,
        `contacts-visible|${accountId}|${q === undefined ? '' : contactNameKey(q)}`,
        this.sortKey,
      ),
  };
}
