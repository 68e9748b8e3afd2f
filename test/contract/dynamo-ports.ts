/**
 * The DynamoDB adapters as the contract suite's StorePorts. The adapters read their table and endpoint from the
 * environment when their modules load, so `dynamoPorts` sets it first and imports them afterwards.
 */
import type { StackInfo } from '../support/stack-info.ts';
import type { StorePorts } from './ports.ts';

export async function dynamoPorts(stack: StackInfo): Promise<StorePorts> {
  Object.assign(process.env, {
    TABLE_NAME: stack.tableName,
    AWS_ENDPOINT_URL_DYNAMODB: stack.dynamodbEndpoint,
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    CURSOR_SECRET: process.env.CURSOR_SECRET ?? 'contract-suite-cursor-secret',
  });
  const [
    { accessStore },
    { accountStore },
    { auditStore },
    { codeAttemptStore },
    { credentialStore },
    { delegationStore },
    { idempotencyStore },
    { identityStore },
    { acceptanceStore },
    { invitationCleanupStore },
    { invitationStore },
    { lifecycleStore },
    { resetStore },
    { settingsStore },
    { unitStore },
    { userStore },
    { groupStore },
    { contactStore },
  ] = await Promise.all([
    import('#adapters/dynamodb/access-store.ts'),
    import('#adapters/dynamodb/account-store.ts'),
    import('#adapters/dynamodb/audit-store.ts'),
    import('#adapters/dynamodb/code-attempt-store.ts'),
    import('#adapters/dynamodb/credential-store.ts'),
    import('#adapters/dynamodb/delegation-store.ts'),
    import('#adapters/dynamodb/idempotency-store.ts'),
    import('#adapters/dynamodb/identity-store.ts'),
    import('#adapters/dynamodb/invitation-acceptance.ts'),
    import('#adapters/dynamodb/invitation-cleanup-store.ts'),
    import('#adapters/dynamodb/invitation-store.ts'),
    import('#adapters/dynamodb/lifecycle-store.ts'),
    import('#adapters/dynamodb/reset-store.ts'),
    import('#adapters/dynamodb/settings-store.ts'),
    import('#adapters/dynamodb/unit-store.ts'),
    import('#adapters/dynamodb/user-store.ts'),
    import('#adapters/dynamodb/group-store.ts'),
    import('#adapters/dynamodb/contact-store.ts'),
  ]);
  return {
    accounts: accountStore,
    users: userStore,
    invitations: invitationStore,
    identities: identityStore,
    acceptance: acceptanceStore,
    lifecycle: lifecycleStore,
    credentials: credentialStore,
    resets: resetStore,
    audit: auditStore,
    access: accessStore,
    delegations: delegationStore,
    units: unitStore,
    settings: settingsStore,
    idempotency: idempotencyStore,
    cleanup: invitationCleanupStore,
    codeAttempts: codeAttemptStore,
    groups: groupStore,
    contacts: contactStore,
  };
}
