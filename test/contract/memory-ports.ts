/** The in-memory fakes (test/fakes), fresh for each test, as the contract suite's StorePorts. */
import { MemoryContacts } from '../fakes/memory-contacts.ts';
import { MemoryGroups } from '../fakes/memory-groups.ts';
import { MemoryIdempotency } from '../fakes/memory-idempotency.ts';
import { MemoryImports } from '../fakes/memory-imports.ts';
import { MemoryMemberDirectory } from '../fakes/memory-member-directory.ts';
import { testDeps } from '../fakes/memory.ts';
import { MemoryUnits } from '../fakes/memory-units.ts';
import { MemoryWebhooks } from '../fakes/memory-webhooks.ts';
import type { StorePorts } from './ports.ts';

export function memoryPorts(): StorePorts {
  const { deps, dir } = testDeps();
  const units = new MemoryUnits(dir);
  const groups = new MemoryGroups(dir);
  const imports = new MemoryImports();
  dir.telephony.groups = groups;
  const webhooks = new MemoryWebhooks(dir.events);
  return {
    accounts: deps.accounts,
    users: deps.users,
    invitations: deps.invitations,
    identities: deps.identities,
    acceptance: deps.acceptance,
    lifecycle: deps.lifecycle,
    credentials: deps.credentials,
    resets: deps.resets,
    audit: deps.audit,
    access: dir.accessStore,
    delegations: dir.delegationStore,
    units: units.store,
    settings: units.settings,
    idempotency: new MemoryIdempotency(),
    cleanup: dir.invitationWorkflow.cleanup,
    codeAttempts: deps.codeAttempts,
    services: dir.services.store,
    numbers: dir.telephony.numberStore,
    devices: dir.telephony.deviceStore,
    groups: groups.store,
    contacts: new MemoryContacts(groups, dir.events).store,
    imports: imports.store,
    importFiles: imports.reader,
    directory: new MemoryMemberDirectory({ users: dir.users, services: dir.services, telephony: dir.telephony, groups })
      .store,
    webhooks: webhooks.store,
    deliveries: webhooks.deliveryStore,
  };
}
