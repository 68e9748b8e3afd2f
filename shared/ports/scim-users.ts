/** Members as an identity provider provisions them over SCIM: their SCIM claims, lookups and the listing. */
import type { AuditEvent } from '#domain/audit.ts';
import type { Invitation } from '#domain/invitation.ts';
import type { User, UserStatus } from '#domain/user.ts';
import type { DailyMailQuota } from './invitations.ts';
import type { UserUpdateOptions } from './users.ts';

export interface ScimUserStore {
  /**
   * One transaction: the member (SCIM profile with a userName), their username claim (marked `scimNamed`), the
   * SCIM userName claim, the externalId claim, the email claim, the setup link, the unit's count, the event, and
   * the day's mail quota when the setup mail goes out. A userName whose lower case is another member's username
   * (not `scimNamed`) is taken too. ScimError 409 uniqueness (userName, externalId, email); ScimHandleTakenError
   * when only the username chosen for the member is held (by a SCIM-named member): the next candidate is tried.
   */
  create(input: { user: User; invitation: Invitation; event: AuditEvent; quota?: DailyMailQuota }): Promise<void>;
  /**
   * The member (version condition) and its membership record, with the SCIM claims moved from `before` to `user`
   * in the same transaction (a new userName or externalId claimed, the old one freed). PreconditionFailedError,
   * ScimError 409 uniqueness.
   */
  update(
    user: User,
    before: User,
    events: AuditEvent[],
    options?: UserUpdateOptions,
    /**
     * A member without a sign-in whose email changes: their email claim moves to the new address (ScimError 409
     * uniqueness when it is held), `next` becomes their setup link (taking a place of the day's mail quota when it
     * is mailed), `revoked` is their previous one, revoked.
     */
    link?: { next: Invitation; revoked: Invitation | null; quota?: DailyMailQuota },
  ): Promise<void>;
  /** The member's current setup link (their email claim points at it), or null: two GetItems. */
  currentLink(user: User): Promise<Invitation | null>;
  /** The member answering to this SCIM userName (case-insensitive): one BatchGetItem of the two claims. */
  findByUserName(accountId: string, userName: string): Promise<string | null>;
  /** The member holding this externalId: one GetItem. */
  findByExternalId(accountId: string, externalId: string): Promise<string | null>;
  /** The member whose sign-in email this is (aliases excluded): one GetItem. */
  findByEmail(accountId: string, email: string): Promise<string | null>;
  /**
   * Every person of the account with one of these statuses, by username then id: one Query per status (in
   * parallel), every page.
   */
  listPersons(accountId: string, statuses: UserStatus[]): Promise<User[]>;
}
