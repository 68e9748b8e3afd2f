/**
 * GET …/users/export: the directory as a member file (the import's columns), member after member in flat memory. An
 * account manager gets every member, an admin the members of their scope; closed members are left out.
 */
import { assertMayBrowse, isAccountManager } from '#domain/authorization.ts';
import type { MemberCaller } from '#domain/caller.ts';
import { MAX_IMPORT_ROWS } from '#domain/member-csv.ts';
import { EXPORT_PAGE_BYTES, EXPORT_PAGE_ITEMS, exportRow, unitTree } from '#domain/member-export.ts';
import type { GroupStore } from '#ports/groups.ts';
import type { MemberCsvWriter } from '#ports/member-csv.ts';
import type { MemberDirectoryStore } from '#ports/member-directory.ts';
import type { UnitStore } from '#ports/units.ts';

export interface ExportDeps {
  units: Pick<UnitStore, 'snapshot'>;
  groups: Pick<GroupStore, 'list'>;
  directory: MemberDirectoryStore;
  csv: MemberCsvWriter;
}

/**
 * One page of the export: a whole CSV file (header and rows) that an import takes as it is, and the cursor of the next
 * page, if any (past EXPORT_PAGE_BYTES, MAX_IMPORT_ROWS rows, or EXPORT_PAGE_ITEMS items read: a page may then be
 * short, even empty, with a next one).
 */
export interface UsersExport {
  csv: string;
  rows: number;
  nextCursor: string | null;
}

/** How much a line adds to the function's answer: the body travels JSON-escaped in the Lambda response (6 MB). */
const answerBytes = (line: string): number => Buffer.byteLength(JSON.stringify(line)) - 2;

export async function exportUsers(
  deps: ExportDeps,
  caller: MemberCaller,
  query: { cursor?: string },
): Promise<UsersExport> {
  assertMayBrowse(caller);
  const accountId = caller.membership.accountId;
  // the unit tree (names, scope) and the group names are read once for the whole page
  const [{ units }, groupNames] = await Promise.all([deps.units.snapshot(accountId), groupNamesOf(deps, accountId)]);
  const tree = unitTree(units);
  const scope = isAccountManager(caller) ? null : new Set(caller.membership.adminUnitIds);
  const lines = [deps.csv.header()];
  let bytes = answerBytes(lines[0]);
  let read = 0;
  const page = (nextCursor: string | null): UsersExport => ({
    csv: lines.join(''),
    rows: lines.length - 1,
    nextCursor,
  });
  for await (const entry of deps.directory.members(accountId, query.cursor)) {
    read += 1 + entry.services.length + entry.devices.length + entry.groupIds.length;
    // a request reads a bounded part of the account, whatever it writes of it (a narrow scope may write little or
    // nothing): the page ends there and the next one goes on after this member
    const readEnough = read >= EXPORT_PAGE_ITEMS;
    if (entry.user.status === 'closed' || (scope && !tree.isWithin(entry.user.unitId, scope))) {
      if (readEnough) return page(deps.directory.cursorAfter(accountId, entry));
      continue;
    }
    const line = deps.csv.row(exportRow(entry, tree, groupNames));
    lines.push(line);
    bytes += answerBytes(line);
    // every page is a file the import takes whole: at most MAX_IMPORT_ROWS rows, and under its 5 MB
    if (readEnough || bytes >= EXPORT_PAGE_BYTES || lines.length > MAX_IMPORT_ROWS)
      return page(deps.directory.cursorAfter(accountId, entry));
  }
  return page(null);
}

/** Every group's name by id (the account's groups, page by page). */
async function groupNamesOf(deps: Pick<ExportDeps, 'groups'>, accountId: string): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  let cursor: string | undefined;
  do {
    const page = await deps.groups.list(accountId, { limit: 100, cursor });
    for (const g of page.items) names.set(g.id, g.name);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return names;
}
