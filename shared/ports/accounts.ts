import type { Account } from '#domain/account.ts';
import type { AuditEvent } from '#domain/audit.ts';
import type { Invitation } from '#domain/invitation.ts';
import type { OrgUnit } from '#domain/org-unit.ts';
import type { User } from '#domain/user.ts';

export interface AccountStore {
  /** Creates the account with its first user, that user's setup link and the root of its organisation tree, atomically. */
  createWithOwner(input: {
    account: Account;
    owner: User;
    invitation: Invitation;
    event: AuditEvent;
    rootUnit: OrgUnit;
  }): Promise<void>;
  get(accountId: string): Promise<Account | null>;
  getMany(accountIds: string[]): Promise<Account[]>;
  /** Throws PreconditionFailedError when the stored version is not `expectedVersion`. */
  update(account: Account, expectedVersion: number, event: AuditEvent): Promise<void>;
}
