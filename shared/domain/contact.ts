/**
 * Shared contacts: an account's address book. A contact is visible to every member of the account when it names no
 * groups, else only to the members of the groups it names (and always to account managers and admins, who keep it).
 * Each group it names counts it in its `sharedItemCount`, moved in the transaction that shares or unshares it.
 */
import { isAccountManager, isAdmin } from './authorization.ts';
import type { MemberCaller } from './caller.ts';
import { ForbiddenError } from './errors.ts';

export interface ContactNumber {
  /** E.164, normalised at the edge. */
  e164: string;
  label: string;
}

export interface Contact {
  id: string;
  accountId: string;
  name: string;
  company: string | null;
  numbers: ContactNumber[];
  emails: string[];
  /** Empty: every member sees it; else only the members of these groups. */
  groupIds: string[];
  createdAt: string;
  updatedAt: string;
  version: number;
}

export interface ContactInput {
  name: string;
  company?: string | null;
  numbers?: ContactNumber[];
  emails?: string[];
  groupIds?: string[];
}

/** At most this many of each list on a contact (a contact's groups also bound the size of its transactions). */
export const MAX_CONTACT_GROUPS = 20;
export const MAX_CONTACT_NUMBERS = 20;
export const MAX_CONTACT_EMAILS = 20;

/** The key a contact name is searched and sorted by: case-insensitive (and Unicode-normalised). */
export const contactNameKey = (name: string): string => name.normalize('NFC').toLowerCase();

/** The whole address book (every contact, whoever it is shared with) and its changes: account managers and admins. */
export const keepsContacts = (caller: MemberCaller): boolean => isAccountManager(caller) || isAdmin(caller);

export function assertMayKeepContacts(caller: MemberCaller): void {
  if (!keepsContacts(caller)) throw new ForbiddenError('Only account managers and admins change shared contacts');
}

/** Whether a member in `memberGroupIds` sees the contact. */
export const visibleTo = (contact: Pick<Contact, 'groupIds'>, memberGroupIds: ReadonlySet<string>): boolean =>
  contact.groupIds.length === 0 || contact.groupIds.some((g) => memberGroupIds.has(g));

/** What sharing changes: the groups a new version of a contact starts and stops being shared with. */
export function shareChanges(
  before: readonly string[],
  after: readonly string[],
): { added: string[]; removed: string[]; kept: string[] } {
  return {
    added: after.filter((g) => !before.includes(g)),
    removed: before.filter((g) => !after.includes(g)),
    kept: after.filter((g) => before.includes(g)),
  };
}
