/**
 * The table's keys in one object, for tests and seed scripts that reach into the table. Runtime code imports the
 * entity modules (entities/*.ts), which own every key; nothing here builds a key of its own.
 */
import { KEY_ATTRIBUTES } from './entity.ts';
import { accountKey, activeManagersKey, mfaOverridesKey } from './entities/account.ts';
import { auditEventKey, eventsOfAccount } from './entities/audit-event.ts';
import { delegatedToKey, delegationKey } from './entities/delegation.ts';
import { idempotencyKey } from './entities/idempotency.ts';
import { identityByEmailKey, identityKey, membershipKey } from './entities/identity.ts';
import { expiringInvitations, invitationKey, invitationQuotaKey, linkTokenKey } from './entities/invitation.ts';
import { orgTreeKey, orgUnitKey, unitsOfTree } from './entities/org-unit.ts';
import { passwordResetKey, resetRequestsKey } from './entities/password-reset.ts';
import { unitSettingsKey } from './entities/settings.ts';
import { memberEmailKey, userKey, usernameKey } from './entities/user.ts';

export { INVITATION_EXPIRY_SHARDS, invitationExpiryShard, timeBound } from './entities/invitation.ts';

export const keys = {
  account: accountKey,
  user: userKey,
  username: usernameKey,
  memberEmail: memberEmailKey,
  invitationQuota: invitationQuotaKey,
  invitation: invitationKey,
  linkToken: linkTokenKey,
  identity: identityKey,
  membership: membershipKey,
  identityByEmail: identityByEmailKey,
  auditEvent: auditEventKey,
  auditEvents: eventsOfAccount.partition,
  mfaOverrides: mfaOverridesKey,
  activeManagers: activeManagersKey,
  passwordReset: passwordResetKey,
  resetRequests: resetRequestsKey,
  idempotency: idempotencyKey,
  orgTreePartition: unitsOfTree.partition,
  orgTree: orgTreeKey,
  orgUnit: orgUnitKey,
  unitSettings: unitSettingsKey,
  delegation: delegationKey,
  delegatedTo: delegatedToKey,
};

/** GSI partition keys by access pattern, as the items carry them. */
export const indexKeys = {
  invitationsExpiring: (shard: number) => ({
    [KEY_ATTRIBUTES[expiringInvitations.index].pk]: expiringInvitations.partition(shard),
  }),
};
