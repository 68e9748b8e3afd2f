/**
 * The import use cases with the in-memory store, a recording queue, the CSV reader and a test clock: the upload
 * (checked whole before anything is written, recorded once per file and options, queued), who sees which import,
 * the rows' page, and cancelling.
 */
import { describe, expect, it } from 'vitest';
import { readMemberCsv } from '#adapters/csv/member-csv-reader.ts';
import type { MemberCaller } from '#domain/caller.ts';
import type { ImportMessage } from '#domain/member-import.ts';
import { NO_CAPABILITIES, type Role } from '#domain/user.ts';
import type { ImportQueue } from '#ports/imports.ts';
import { cancelImport, getImport, listImportRows, listImports, startImport } from '#use-cases/imports.ts';
import { MemoryImports } from '../fakes/memory-imports.ts';
import { TestClock } from '../fakes/memory.ts';

function caller(role: Role, userId: string, manageUsers = false, accountId = 'acc-1'): MemberCaller {
  return {
    kind: 'member',
    identity: { id: `i-${userId}`, email: `${userId}@x.test`, tokensValidAfter: 0, mfaEnabled: false, createdAt: '' },
    membership: {
      accountId,
      userId,
      identityId: `i-${userId}`,
      role,
      status: 'active',
      tokensValidAfter: 0,
      adminUnitIds: role === 'admin' ? ['root'] : [],
      capabilities: { ...NO_CAPABILITIES, manageUsers },
      modules: [],
    },
  };
}
const manager = caller('account_manager', 'boss');
const otherManager = caller('account_manager', 'boss-2');
const admin = caller('admin', 'adm', true);
const adminWithout = caller('admin', 'adm-2', false);
const user = caller('user', 'plain');
const stranger = caller('account_manager', 'elsewhere', false, 'acc-2');

function setup() {
  const clock = new TestClock();
  const imports = new MemoryImports(clock.now);
  const sent: ImportMessage[] = [];
  const queue: ImportQueue = { enqueue: async (m) => void sent.push(m) };
  let n = 0;
  const ids = { next: () => `01IMPORT${String(++n).padStart(6, '0')}` };
  const deps = { imports: imports.store, queue, readCsv: readMemberCsv, clock, ids };
  return { imports, sent, clock, deps };
}
const file = (text: string) => new Uint8Array(Buffer.from(text));
const good = () => file('username,email,firstName\r\nann,ann@x.test,Ann\r\nbob,bob@x.test,Bob\r\n');
const input = (bytes: Uint8Array = good(), over: { dryRun?: boolean; createGroups?: boolean } = {}) => ({
  file: bytes,
  dryRun: false,
  createGroups: false,
  ...over,
});

describe('starting an import', () => {
  it('counts the records, records the import queued and hands it to the worker', async () => {
    const { deps, sent, imports } = setup();
    const { import: imp, created } = await startImport(deps, manager, input());
    expect(created).toBe(true);
    expect(imp).toMatchObject({ status: 'queued', total: 2, processed: 0, accountId: 'acc-1', dryRun: false });
    expect(imp.startedBy).toEqual({ userId: 'boss' });
    expect(sent).toEqual([{ accountId: 'acc-1', importId: imp.id }]);
    expect(imports.files.get(imp.id)).toEqual(good());
  });

  it('answers the same file with the same options within a day with the first import, and queues it again', async () => {
    const { deps, sent, clock } = setup();
    const first = await startImport(deps, manager, input());
    clock.advance(3600);
    const again = await startImport(deps, manager, input());
    expect(again).toEqual({ import: first.import, created: false });
    // a message lost between the record and the queue is made good by the retry
    expect(sent).toHaveLength(2);
    // other options are another import (positive control), as is the same file a day later
    expect((await startImport(deps, manager, input(good(), { dryRun: true }))).created).toBe(true);
    clock.advance(86_400);
    expect((await startImport(deps, manager, input())).created).toBe(true);
  });

  it("keeps each uploader's same-file claim apart: another member's upload of the same bytes is their own import", async () => {
    const { deps } = setup();
    const mine = await startImport(deps, manager, input());
    const theirs = await startImport(deps, admin, input());
    expect(theirs.created).toBe(true);
    expect(theirs.import.id).not.toBe(mine.import.id);
    expect(theirs.import.startedBy).toEqual({ userId: 'adm' });
    expect(await getImport(deps, admin, theirs.import.id)).toMatchObject({ id: theirs.import.id });
    // positive control: each uploader's re-upload answers their own import
    expect(await startImport(deps, admin, input())).toEqual({ import: theirs.import, created: false });
    expect(await startImport(deps, manager, input())).toEqual({ import: mine.import, created: false });
  });

  it('lets a cancelled or failed import go of its file: the same upload again is a new import', async () => {
    const { deps, imports, sent } = setup();
    const first = (await startImport(deps, manager, input())).import;
    await cancelImport(deps, manager, first.id);
    const second = await startImport(deps, manager, input());
    expect(second.created).toBe(true);
    expect(second.import.id).not.toBe(first.id);
    expect(sent.at(-1)).toEqual({ accountId: 'acc-1', importId: second.import.id });
    imports.imports.set(`acc-1/${second.import.id}`, { ...second.import, status: 'failed' });
    const third = await startImport(deps, manager, input());
    expect(third.created).toBe(true);
    expect(third.import.id).not.toBe(second.import.id);
    // positive control: a completed import still holds its file for the day
    imports.imports.set(`acc-1/${third.import.id}`, { ...third.import, status: 'completed' });
    expect(await startImport(deps, manager, input())).toMatchObject({
      import: { id: third.import.id },
      created: false,
    });
  });

  it('does not queue again an import already cancelled or running', async () => {
    const { deps, sent, imports } = setup();
    const { import: imp } = await startImport(deps, manager, input());
    imports.imports.set(`acc-1/${imp.id}`, { ...imp, status: 'running' });
    await startImport(deps, manager, input());
    expect(sent).toHaveLength(1);
  });

  it('refuses a file the reader refuses, writing and queueing nothing', async () => {
    const { deps, sent, imports } = setup();
    const cases: [string | Uint8Array, string][] = [
      ['username,email,nickname\r\nann,ann@x.test,A\r\n', 'unknown_column'],
      ['email\r\nann@x.test\r\n', 'missing_column'],
      ['', 'empty_file'],
      ['username,email\r\nann,ann@x.test\r\nbob,bob@x.test,extra\r\n', 'malformed_csv'],
      [new Uint8Array([...Buffer.from('username,email\r\n'), 0xc3, 0x28, 0x0a]), 'invalid_encoding'],
      // what a gateway that decoded the body as text leaves of bytes that were not UTF-8
      ['username,email\r\nb\uFFFD,b@x.test\r\n', 'invalid_encoding'],
    ];
    for (const [body, code] of cases) {
      const bytes = typeof body === 'string' ? file(body) : body;
      await expect(startImport(deps, manager, input(bytes)), code).rejects.toMatchObject({ code, status: 400 });
    }
    expect(imports.imports.size).toBe(0);
    expect(imports.files.size).toBe(0);
    expect(sent).toEqual([]);
  });

  it('is for account managers and admins with manageUsers; anyone else is 403', async () => {
    const { deps } = setup();
    expect((await startImport(deps, admin, input())).import.startedBy).toEqual({ userId: 'adm' });
    for (const who of [adminWithout, user])
      await expect(startImport(deps, who, input(good()))).rejects.toMatchObject({ status: 403 });
  });
});

describe('reading imports', () => {
  it("shows account managers every import of the account, anyone else only their own (others' are 404)", async () => {
    const { deps } = setup();
    const mine = (await startImport(deps, manager, input())).import;
    const admins = (await startImport(deps, admin, input(file('username,email\r\nzed,zed@x.test\r\n')))).import;

    expect(await getImport(deps, otherManager, admins.id)).toEqual(admins);
    expect(await getImport(deps, admin, admins.id)).toEqual(admins);
    await expect(getImport(deps, admin, mine.id)).rejects.toMatchObject({ status: 404 });
    await expect(getImport(deps, user, mine.id)).rejects.toMatchObject({ status: 404 });
    await expect(getImport(deps, stranger, mine.id)).rejects.toMatchObject({ status: 404 });

    const ids = async (who: MemberCaller) => (await listImports(deps, who, { limit: 10 })).items.map((i) => i.id);
    expect(await ids(manager)).toEqual([admins.id, mine.id]);
    expect(await ids(admin)).toEqual([admins.id]);
    expect(await ids(user)).toEqual([]);
    expect(await ids(stranger)).toEqual([]);
  });

  it('treats an import past its 30 days as gone (404, not listed), before the TTL deletion comes round', async () => {
    const { deps, clock } = setup();
    const imp = (await startImport(deps, manager, input())).import;
    clock.advance(30 * 86_400 - 1);
    // positive control: within its 30 days it reads and lists
    expect(await getImport(deps, manager, imp.id)).toMatchObject({ id: imp.id });
    clock.advance(1);
    await expect(getImport(deps, manager, imp.id)).rejects.toMatchObject({ status: 404 });
    expect((await listImports(deps, manager, { limit: 10 })).items).toEqual([]);
    await expect(cancelImport(deps, manager, imp.id)).rejects.toMatchObject({ status: 404 });
  });

  it("pages an import's rows by line, all or of one status, for whoever may see the import", async () => {
    const { deps, imports } = setup();
    const imp = (await startImport(deps, manager, input())).import;
    imports.rowResults.set(imp.id, [
      { line: 3, status: 'failed', errors: [{ column: 'email', code: 'invalid_email', message: 'bad' }] },
      { line: 2, status: 'created', userId: 'u1' },
      { line: 4, status: 'skipped', errors: [{ column: 'username', code: 'username_taken', message: 'taken' }] },
    ]);
    const lines = async (status?: 'failed') => {
      const first = await listImportRows(deps, manager, imp.id, { status }, { limit: 2 });
      return first;
    };
    const all = await lines();
    expect(all.items.map((r) => r.line)).toEqual([2, 3]);
    expect(all.nextCursor).not.toBeNull();
    const next = await listImportRows(deps, manager, imp.id, {}, { limit: 2, cursor: all.nextCursor! });
    expect(next).toEqual({ items: [expect.objectContaining({ line: 4 })], nextCursor: null });
    expect((await lines('failed')).items).toEqual([expect.objectContaining({ line: 3, status: 'failed' })]);
    await expect(listImportRows(deps, admin, imp.id, {}, { limit: 2 })).rejects.toMatchObject({ status: 404 });
  });
});

describe('cancelling an import', () => {
  it('cancels a queued one at once with its event; a second cancel is 409 import_finished', async () => {
    const { deps, imports, clock } = setup();
    const imp = (await startImport(deps, manager, input())).import;
    clock.advance(10);
    const done = await cancelImport(deps, manager, imp.id);
    expect(done).toMatchObject({ status: 'cancelled', cancelRequested: true, finishedAt: clock.now().toISOString() });
    expect(imports.events.map((e) => [e.type, e.details.importId])).toEqual([['import.cancelled', imp.id]]);
    await expect(cancelImport(deps, manager, imp.id)).rejects.toMatchObject({ status: 409, code: 'import_finished' });
  });

  it('finishes at once a running import that made no progress for over an hour (its worker stalled)', async () => {
    const { deps, imports, clock } = setup();
    const imp = (await startImport(deps, manager, input())).import;
    const at = clock.now().toISOString();
    imports.imports.set(`acc-1/${imp.id}`, { ...imp, status: 'running', startedAt: at, processed: 1, progressAt: at });
    // positive control: within the hour a cancel is only asked (the worker ends it)
    clock.advance(3600);
    expect(await cancelImport(deps, manager, imp.id)).toMatchObject({ status: 'running', cancelRequested: true });
    // past the hour without a checkpoint: the cancel (asked again, or asked already) ends it now
    clock.advance(1);
    const done = await cancelImport(deps, manager, imp.id);
    expect(done).toMatchObject({ status: 'cancelled', cancelRequested: true, finishedAt: clock.now().toISOString() });
    expect(await getImport(deps, manager, imp.id)).toMatchObject({ status: 'cancelled', processed: 1 });
    expect(imports.events.map((e) => e.type)).toEqual(['import.cancel_requested', 'import.cancelled']);
    expect(imports.events[1].details).toMatchObject({ importId: imp.id, processed: 1, stalled: true });
    await expect(cancelImport(deps, manager, imp.id)).rejects.toMatchObject({ status: 409, code: 'import_finished' });
  });

  it('does not finish a stalled-looking import whose worker checkpointed meanwhile: it reads again', async () => {
    const { deps, imports, clock } = setup();
    const imp = (await startImport(deps, manager, input())).import;
    const key = `acc-1/${imp.id}`;
    const at = clock.now().toISOString();
    imports.imports.set(key, { ...imp, status: 'running', startedAt: at, processed: 1, progressAt: at });
    clock.advance(7200);
    const cancel = imports.store.cancel;
    let raced = false;
    imports.store.cancel = async (next, expected, event) => {
      if (!raced) {
        raced = true;
        imports.imports.set(key, { ...imports.imports.get(key)!, processed: 2, progressAt: clock.now().toISOString() });
      }
      return cancel(next, expected, event);
    };
    expect(await cancelImport(deps, manager, imp.id)).toMatchObject({ status: 'running', cancelRequested: true });
    expect(imports.imports.get(key)).toMatchObject({ status: 'running', processed: 2, cancelRequested: true });
  });

  it('asks a running one to stop (the worker ends it); asking again changes nothing', async () => {
    const { deps, imports } = setup();
    const imp = (await startImport(deps, manager, input())).import;
    imports.imports.set(`acc-1/${imp.id}`, { ...imp, status: 'running', processed: 1 });
    const asked = await cancelImport(deps, manager, imp.id);
    expect(asked).toMatchObject({ status: 'running', cancelRequested: true, finishedAt: null });
    expect(imports.events.map((e) => e.type)).toEqual(['import.cancel_requested']);
    expect(await cancelImport(deps, manager, imp.id)).toMatchObject({ status: 'running', cancelRequested: true });
    expect(imports.events).toHaveLength(1);
  });

  it('reads again when the worker moved the import between the read and the write', async () => {
    const { deps, imports } = setup();
    const imp = (await startImport(deps, manager, input())).import;
    const cancel = imports.store.cancel;
    let raced = false;
    // the worker starts it just before the first cancel lands
    imports.store.cancel = async (next, expected, event) => {
      if (!raced) {
        raced = true;
        imports.imports.set(`acc-1/${imp.id}`, { ...imp, status: 'running' });
      }
      return cancel(next, expected, event);
    };
    expect(await cancelImport(deps, manager, imp.id)).toMatchObject({ status: 'running', cancelRequested: true });
  });

  it('is for whoever may see the import: the starter and account managers; others 404; finished ones 409', async () => {
    const { deps, imports } = setup();
    const imp = (await startImport(deps, admin, input())).import;
    await expect(cancelImport(deps, user, imp.id)).rejects.toMatchObject({ status: 404 });
    const other = (await startImport(deps, manager, input(file('username,email\r\nq,q@x.test\r\n')))).import;
    imports.imports.set(`acc-1/${other.id}`, { ...other, status: 'completed' });
    await expect(cancelImport(deps, manager, other.id)).rejects.toMatchObject({ code: 'import_finished' });
    expect((await cancelImport(deps, admin, imp.id)).status).toBe('cancelled');
  });
});
