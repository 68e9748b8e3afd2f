/** What deciding who may do what needs beyond the membership (issue 5): units, the tree state, delegations. */
import type { OrgUnit, TreeState } from '#domain/org-unit.ts';
import type { Page, PageRequest } from './stores.ts';
import type { StoredUnitSettings } from './units.ts';

export interface AccessRead {
  tree: TreeState;
  /** The units asked for that exist, a pending move applied. */
  units: Map<string, OrgUnit>;
  /** Whether the delegation asked about exists. */
  delegate: boolean;
  /** The settings overrides of the units asked for (`settingsOf`); absent ones have none. */
  unitSettings: Map<string, StoredUnitSettings>;
}

export interface AccessStore {
  /** ONE consistent BatchGetItem: the tree item, these units, one delegation, these units' settings. */
  read(
    accountId: string,
    request: { unitIds: string[]; delegation?: { userId: string; delegateUserId: string }; settingsOf?: string[] },
  ): Promise<AccessRead>;
}

export interface Delegation {
  accountId: string;
  /** The member administered. */
  userId: string;
  /** The member who administers them. */
  delegateUserId: string;
  createdAt: string;
}

export interface DelegationStore {
  /** Creates it unless it exists (then returns the stored one and `created: false`); the event only when created. */
  put(
    delegation: Delegation,
    event: import('#domain/audit.ts').AuditEvent,
  ): Promise<{ delegation: Delegation; created: boolean }>;
  /** false when there was no such delegation. */
  remove(
    accountId: string,
    userId: string,
    delegateUserId: string,
    event: import('#domain/audit.ts').AuditEvent,
  ): Promise<boolean>;
  list(accountId: string, userId: string, page: PageRequest): Promise<Page<Delegation>>;
}
