import type { CleanupReport } from '#ports/invitations.ts';

/** What one run of the scheduled invitation cleanup reports: a small run, or one that stopped at its budget (`more`). */
export const cleanupReport = (more: boolean): CleanupReport => ({
  expired: more ? 500 : 3,
  skipped: 0,
  more,
  queries: 4,
  itemsRead: more ? 500 : 3,
  readUnits: 4,
  writeUnits: 6,
  transactions: 3,
});
