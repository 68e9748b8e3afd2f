/**
 * The port contract suite: the same behaviours asserted of every store port, run against the in-memory fakes
 * (test/unit/store-contract.test.ts) and against DynamoDB Local (test/integration/platform/store-contract.test.ts), so a
 * fake that behaves differently from its adapter fails.
 */
import { defineAccountContract, defineUserContract } from './accounts-users.ts';
import { defineIdentityContract, defineInvitationContract } from './identities-invitations.ts';
import {
  defineAuditContract,
  defineCodeAttemptContract,
  defineLifecycleContract,
  defineResetContract,
} from './lifecycle.ts';
import {
  defineDelegationContract,
  defineIdempotencyContract,
  defineSettingsContract,
  defineUnitContract,
} from './organisation.ts';
import { defineContactContract, defineGroupContract } from './groups.ts';
import { defineImportContract } from './imports.ts';
import type { MakePorts } from './ports.ts';
import { defineMemberDirectoryContract } from './member-directory.ts';
import { defineServiceContract } from './services.ts';
import { defineDeviceContract, defineNumberContract } from './telephony.ts';
import { defineDeliveryContract, defineWebhookContract } from './webhooks.ts';
import { defineCleanupContract, defineInvitationWorkflowContract, defineUnitMoveContract } from './workflows.ts';

export function defineStoreContracts(make: MakePorts): void {
  defineAccountContract(make);
  defineUserContract(make);
  defineIdentityContract(make);
  defineInvitationContract(make);
  defineInvitationWorkflowContract(make);
  defineCleanupContract(make);
  defineLifecycleContract(make);
  defineResetContract(make);
  defineAuditContract(make);
  defineCodeAttemptContract(make);
  defineUnitContract(make);
  defineUnitMoveContract(make);
  defineSettingsContract(make);
  defineDelegationContract(make);
  defineIdempotencyContract(make);
  defineServiceContract(make);
  defineNumberContract(make);
  defineDeviceContract(make);
  defineGroupContract(make);
  defineContactContract(make);
  defineImportContract(make);
  defineMemberDirectoryContract(make);
  defineWebhookContract(make);
  defineDeliveryContract(make);
}
