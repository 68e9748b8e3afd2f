/** The store ports the contract suite runs against: the in-memory fakes (unit project) and DynamoDB Local (integration). */
import type { AccessStore, DelegationStore } from '#ports/access.ts';
import type { InvitationCleanupStore } from '#ports/invitations.ts';
import type { AuditStore, CredentialStore, LifecycleStore, PasswordResetStore } from '#ports/lifecycle.ts';
import type {
  AcceptanceStore,
  AccountStore,
  IdempotencyStore,
  IdentityStore,
  InvitationStore,
  UserStore,
} from '#ports/stores.ts';
import type { SettingsStore, UnitStore } from '#ports/units.ts';

export interface StorePorts {
  accounts: AccountStore;
  users: UserStore;
  invitations: InvitationStore;
  identities: IdentityStore;
  acceptance: AcceptanceStore;
  lifecycle: LifecycleStore;
  credentials: CredentialStore;
  resets: PasswordResetStore;
  audit: AuditStore;
  access: AccessStore;
  delegations: DelegationStore;
  units: UnitStore;
  settings: SettingsStore;
  idempotency: IdempotencyStore;
  cleanup: InvitationCleanupStore;
}

/** Makes the ports for one test: the memory run gives fresh fakes, the DynamoDB run the same adapters on one table. */
export type MakePorts = () => StorePorts | Promise<StorePorts>;
