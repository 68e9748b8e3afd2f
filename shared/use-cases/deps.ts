import type { Clock } from '#domain/clock.ts';
import type { IdGenerator, IdentityProvider, Mailer, RefreshGrants } from '#ports/services.ts';
import type { AcceptanceStore, AccountStore, IdentityStore, InvitationStore, UserStore } from '#ports/stores.ts';
import type { AccessStore, DelegationStore } from '#ports/access.ts';
import type {
  AuditStore,
  CredentialStore,
  LifecycleStore,
  MfaProvider,
  PasswordResetStore,
  SignInAdmin,
} from '#ports/lifecycle.ts';

export interface Settings {
  appUrl: string;
  invitationTtlSeconds: number;
}

/** Everything a use case may depend on. Each use case takes only the slice it needs (Pick<Deps, ...>). */
export interface Deps {
  accounts: AccountStore;
  users: UserStore;
  invitations: InvitationStore;
  identities: IdentityStore;
  acceptance: AcceptanceStore;
  idp: IdentityProvider;
  mailer: Mailer;
  clock: Clock;
  ids: IdGenerator;
  settings: Settings;
  lifecycle: LifecycleStore;
  credentials: CredentialStore;
  resets: PasswordResetStore;
  audit: AuditStore;
  signIns: SignInAdmin;
  mfa: MfaProvider;
  refreshGrants: RefreshGrants;
  access: AccessStore;
  delegations: DelegationStore;
}
