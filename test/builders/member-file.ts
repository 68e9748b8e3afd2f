/**
 * Member files (CSV) in the integration tests: the export over HTTP (every page, following `Link`), read back with the
 * production reader and row rules, and the unit tree copied by name into another account (an import places members
 * by unit path). With these, export → import into a new account → export again compares as `exportedMembers`.
 */
import { readMemberCsv } from '#adapters/csv/member-csv-reader.ts';
import type { ImportCsvRecord } from '#domain/member-csv.ts';
import { type ImportMember, validateImportRow } from '#domain/member-import-rows.ts';
import { type CallResult, call } from '../support/http.ts';
import { expectStatus, type Manager } from './api.ts';
import { createUnit, type UnitNode, unitsPath } from './units.ts';

const exportPath = (a: { accountId: string }) => `/v1/accounts/${a.accountId}/users/export`;

/** Every page of the account's export, as text (one page unless it is past 5 MB or 10,000 rows). */
export async function exportPages(a: { accountId: string; token: string }): Promise<string[]> {
  const pages: string[] = [];
  let path: string | null = exportPath(a);
  while (path) {
    const r: CallResult = await call('GET', path, { token: a.token });
    expectStatus(r, 200, `GET ${path}`);
    pages.push(String(r.body));
    path = /^<([^>]+)>;\s*rel="next"$/.exec(r.headers.link ?? '')?.[1] ?? null;
  }
  return pages;
}

/** The rows of a member file, read as an import reads them. */
export async function readMemberFile(csv: string | Uint8Array): Promise<ImportCsvRecord[]> {
  const bytes = typeof csv === 'string' ? new TextEncoder().encode(csv) : csv;
  const rows: ImportCsvRecord[] = [];
  for await (const row of readMemberCsv(
    (async function* () {
      yield bytes;
    })(),
  ))
    rows.push(row);
  return rows;
}

/**
 * The account's directory as its export reads back: each member as the import's row rules take them, by username;
 * `leaveOut` usernames (an account's own owner) are dropped. Fails on a row the rules refuse.
 */
export async function exportedMembers(
  a: { accountId: string; token: string },
  leaveOut: string[] = [],
): Promise<ImportMember[]> {
  const members: ImportMember[] = [];
  for (const page of await exportPages(a))
    for (const { line, record } of await readMemberFile(page)) {
      const verdict = validateImportRow(record);
      if (!verdict.input) throw new Error(`line ${line} of the export: ${JSON.stringify(verdict.problems)}`);
      if (!leaveOut.includes(verdict.input.username)) members.push(verdict.input);
    }
  return members.sort((x, y) => x.username.localeCompare(y.username));
}

/** Creates `from`'s unit tree, by names, below `to`'s root (which has no units yet). */
export async function copyUnitTree(from: Manager, to: Manager): Promise<void> {
  const read = await call('GET', unitsPath(from), { token: from.token });
  expectStatus(read, 200, 'GET units');
  const copy = async (nodes: UnitNode[], parentId: string): Promise<void> => {
    for (const node of nodes) await copy(node.children, (await createUnit(to, node.name, parentId)).id);
  };
  for (const root of (read.body as { items: UnitNode[] }).items) await copy(root.children, to.rootId);
}
