import type { Clock } from '#domain/clock.ts';
import type { Translators } from '#domain/i18n.ts';
import type { AccessStore } from '#ports/access.ts';
import type { AccountStore } from '#ports/accounts.ts';
import type { AppSettings } from '#ports/app-settings.ts';
import type { AuditStore } from '#ports/audit.ts';
import type { DelegationStore } from '#ports/delegations.ts';
import type { CodeAttemptStore, CredentialStore, IdentityStore, PasswordResetStore } from '#ports/identities.ts';
import type { IdentityProvider, MfaProvider, RefreshGrants, SignInAdmin } from '#ports/identity-provider.ts';
import type { IdGenerator } from '#ports/ids.ts';
import type { AcceptanceStore, InvitationStore } from '#ports/invitations.ts';
import type { Mailer } from '#ports/mailer.ts';
import type { SettingsStore, UnitStore } from '#ports/units.ts';
import type { AliasStore, LifecycleStore, UserStore } from '#ports/users.ts';

/**
 * The reads of the member and account stores: what a use case that only reads members or accounts takes, so that
 * its handler can give the stores' reads alone (`userReads`, `accountReads`) and bundle none of their writes.
 */
export type UserReads = Pick<UserStore, 'get' | 'getMany'>;
/** The member reads and listings (`userListings`). */
export type UserListings = Pick<UserStore, 'get' | 'getMany' | 'list' | 'listUnder'>;
/** The member reads and the update of a member (`userEdits`): no creation, no listing. */
export type UserEdits = Pick<UserStore, 'get' | 'getMany' | 'update'>;
export type AccountReads = Pick<AccountStore, 'get' | 'getMany'>;
/** The account reads and the update of an account (`accountEdits`): no creation. */
export type AccountEdits = Pick<AccountStore, 'get' | 'getMany' | 'update'>;

/** Everything a use case may depend on. Each use case takes only the slice it needs (Pick<Deps, ...>). */
export interface Deps {
  accounts: AccountStore;
  users: UserStore;
  invitations: InvitationStore;
  identities: IdentityStore;
  acceptance: AcceptanceStore;
  idp: IdentityProvider;
  mailer: Mailer;
  /** The messages of mails, in the recipient's language. */
  translators: Translators;
  clock: Clock;
  ids: IdGenerator;
  settings: AppSettings;
  lifecycle: LifecycleStore;
  credentials: CredentialStore;
  resets: PasswordResetStore;
  audit: AuditStore;
  signIns: SignInAdmin;
  mfa: MfaProvider;
  refreshGrants: RefreshGrants;
  access: AccessStore;
  delegations: DelegationStore;
  codeAttempts: CodeAttemptStore;
  aliases: AliasStore;
}

/** What the organisation use cases (units, their settings, moves) depend on. */
export interface OrganizationDeps {
  access: AccessStore;
  accounts: AccountStore;
  units: UnitStore;
  settingsStore: SettingsStore;
  clock: Clock;
  ids: IdGenerator;
}
