import { NO_CAPABILITIES, type User } from '#domain/user.ts';

/** A member record as the stores hold it (an invited person `ada` in unit R, version 3), with `over`. */
export const userRecord = (over: Partial<User> = {}): User => ({
  id: 'U1',
  accountId: 'A1',
  type: 'person',
  username: 'ada',
  email: 'ada@acme.test',
  firstName: 'Ada',
  lastName: 'Lovelace',
  backupEmail: null,
  status: 'invited',
  countryCode: null,
  language: null,
  unitId: 'R',
  unitPath: '/R/',
  settings: {},
  identityId: null,
  role: 'user',
  adminUnitIds: [],
  capabilities: { ...NO_CAPABILITIES },
  modules: [],
  createdAt: '2026-11-22T08:00:00.000Z',
  updatedAt: '2026-11-22T09:00:00.000Z',
  version: 3,
  ...over,
});
