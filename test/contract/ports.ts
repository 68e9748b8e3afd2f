/** The store ports the contract suite runs against: the in-memory fakes (unit project) and DynamoDB Local (integration). */
import { beforeEach } from 'vitest';
import type { AccessStore } from '#ports/access.ts';
import type { AccountStore } from '#ports/accounts.ts';
import type { AuditStore } from '#ports/audit.ts';
import type { ContactStore } from '#ports/contacts.ts';
import type { DelegationStore } from '#ports/delegations.ts';
import type { DeviceStore } from '#ports/devices.ts';
import type { GroupStore } from '#ports/groups.ts';
import type { IdempotencyStore } from '#ports/idempotency.ts';
import type { ImportFiles, ImportStore } from '#ports/imports.ts';
import type { MemberDirectoryStore } from '#ports/member-directory.ts';
import type { CodeAttemptStore, CredentialStore, IdentityStore, PasswordResetStore } from '#ports/identities.ts';
import type { AcceptanceStore, InvitationCleanupStore, InvitationStore } from '#ports/invitations.ts';
import type { NumberStore } from '#ports/numbers.ts';
import type { SettingsStore, UnitStore } from '#ports/units.ts';
import type { ServiceStore } from '#ports/services.ts';
import type { LifecycleStore, UserStore } from '#ports/users.ts';
import type { DeliveryStore, WebhookStore } from '#ports/webhooks.ts';

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
  codeAttempts: CodeAttemptStore;
  services: ServiceStore;
  numbers: NumberStore;
  devices: DeviceStore;
  groups: GroupStore;
  contacts: ContactStore;
  imports: ImportStore;
  importFiles: ImportFiles;
  directory: MemberDirectoryStore;
  webhooks: WebhookStore;
  deliveries: DeliveryStore;
}

/** Makes the ports for one test: the memory run gives fresh fakes, the DynamoDB run the same adapters on one table. */
export type MakePorts = () => StorePorts | Promise<StorePorts>;

/** The ports of a contract suite's tests: the suite's one object, given fresh ports by `make` before each test. */
export function freshPorts(make: MakePorts): StorePorts {
  const ports = {} as StorePorts;
  beforeEach(async () => {
    Object.assign(ports, await make());
  });
  return ports;
}
