/** Shared contacts (entities/contact.ts). */
import type { AuditEvent } from '#domain/audit.ts';
import type { Contact } from '#domain/contact.ts';
import type { Page, PageRequest } from './paging.ts';

export interface ContactStore {
  /**
   * The contact, one share per group (each moving that group's sharedItemCount + 1; a missing group: NotFoundError)
   * and the event, in one transaction.
   */
  create(contact: Contact, event: AuditEvent): Promise<void>;
  get(accountId: string, contactId: string): Promise<Contact | null>;
  /**
   * Replaces the contact if its version is still `expectedVersion` (PreconditionFailedError), rewriting the shares it
   * keeps, writing those it gains (+1) and deleting those it loses (−1), in one transaction.
   */
  update(next: Contact, previous: Contact, event: AuditEvent): Promise<void>;
  /** Deletes the contact and its shares (−1 each) if its version is still the one read (PreconditionFailedError). */
  delete(contact: Contact, event: AuditEvent): Promise<void>;
  /** Every contact by name (the keepers' view); `q`: names starting with it (case-insensitive). One Query per page. */
  listAll(accountId: string, q: string | undefined, page: PageRequest): Promise<Page<Contact>>;
  /**
   * The contacts a member in `groupIds` sees, by name: those shared with everyone and those shared with any of these
   * groups, merged (one Query per audience, in parallel, per page; a contact in several of them once).
   */
  listVisible(accountId: string, groupIds: string[], q: string | undefined, page: PageRequest): Promise<Page<Contact>>;
}
