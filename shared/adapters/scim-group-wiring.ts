/** What every `/Groups` handler gives its use case (shared/use-cases/scim-groups.ts `ScimGroupDeps`). */
import { accessStore } from './dynamodb/access-store.ts';
import { groupRecords } from './dynamodb/group-store.ts';
import { scimGroupStore } from './dynamodb/scim-group-store.ts';
import { userReads } from './dynamodb/user-store.ts';
import { ulidIds } from './runtime.ts';
import { systemClock } from './system-clock.ts';

export const scimGroupDeps = {
  groups: groupRecords,
  scimGroups: scimGroupStore,
  users: userReads,
  access: accessStore,
  clock: systemClock,
  ids: ulidIds,
};
