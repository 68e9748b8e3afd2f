/** The import worker (runImport) against the in-memory store, with an injected clock; and its pure parts. */
import { describe, expect, it } from 'vitest';
import type { Account } from '#domain/account.ts';
import { defaultDeploymentBrand } from '#domain/brand.ts';
import { translators } from '../fakes/translators.ts';
import {
  mergeCounters,
  ownItems,
  packTransaction,
  sharedOf,
  type ImportRecord,
  type RowDecision,
} from '#domain/import-plan.ts';
import { DAILY_INVITATION_LIMIT } from '#domain/invitation-rules.ts';
import type { ImportColumn, ImportCsvRecord } from '#domain/member-csv.ts';
import { validateImportRow } from '#domain/member-import-rows.ts';
import { newImport, type MemberImport } from '#domain/member-import.ts';
import type { OrgUnit } from '#domain/org-unit.ts';
import type { User } from '#domain/user.ts';
import { NO_CAPABILITIES } from '#domain/user.ts';
import { runImport, type ImportRunDeps } from '#use-cases/import-run.ts';
import { type EmfDocument, flushMetrics, setMetricsSink } from '#observability/metrics.ts';
import { commitItems } from '#adapters/dynamodb/import-run-store.ts';
import { MemoryImportRun } from '../fakes/memory-import-run.ts';
import { FakeMailer, TestClock } from '../fakes/memory.ts';

const A = 'acct1';
/** A row of the file as the worker gets it: read, then validated. */
const checkImportRow = (row: ImportCsvRecord): ImportRecord => {
  const verdict = validateImportRow(row.record);
  return { index: row.index, line: row.line, input: verdict.input, problems: verdict.problems };
};
const unit = (id: string, name: string, parentId: string | null, path: string, depth: number): OrgUnit => ({
  id,
  accountId: A,
  name,
  parentId,
  path,
  depth,
  childCount: 0,
  memberCount: 0,
  version: 1,
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
});
const member = (id: string, role: User['role'], extra: Partial<User> = {}): User => ({
  id,
  accountId: A,
  type: 'person',
  username: id,
  email: `${id}@example.com`,
  firstName: 'F',
  lastName: 'L',
  backupEmail: null,
  status: 'active',
  countryCode: null,
  language: null,
  unitId: 'root',
  unitPath: '/root/',
  role,
  adminUnitIds: [],
  capabilities: { ...NO_CAPABILITIES },
  modules: ['fax', 'messaging', 'voice', 'contacts', 'reports'],
  settings: {},
  identityId: 'idn',
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
  version: 1,
  ...extra,
});

const HEADER: ImportColumn[] = [
  'username',
  'email',
  'firstName',
  'lastName',
  'type',
  'role',
  'unit',
  'groups',
  'services',
  'extension',
  'sendInvitation',
];
type Cells = Partial<Record<ImportColumn, string>>;
const person = (n: number, extra: Cells = {}): Cells => ({
  username: `user${n}`,
  email: `user${n}@example.com`,
  firstName: 'Ada',
  lastName: 'Lovelace',
  sendInvitation: 'false',
  ...extra,
});

function setup(rows: Cells[], options: { dryRun?: boolean; createGroups?: boolean; starter?: User } = {}) {
  const store = new MemoryImportRun();
  const clock = new TestClock();
  const mailer = new FakeMailer();
  const starter = options.starter ?? member('boss', 'account_manager');
  store.account = {
    id: A,
    name: 'Acme',
    contactEmail: null,
    contactPhone: null,
    mfaRequired: false,
    rootUnitId: 'root',
    settings: {},
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    version: 1,
  } satisfies Account;
  store.units = [
    unit('root', 'Acme', null, '/root/', 0),
    unit('sales', 'Sales', 'root', '/root/sales/', 1),
    unit('emea', 'EMEA', 'sales', '/root/sales/emea/', 2),
  ];
  store.groups = [
    {
      id: 'g1',
      accountId: A,
      name: 'Support',
      description: null,
      memberCount: 0,
      sharedItemCount: 0,
      createdAt: '',
      updatedAt: '',
      version: 1,
    },
  ];
  store.users.push(starter, member('taken', 'user'));
  store.usernames.add('taken');
  store.emails.add('taken@example.com');
  store.extensions.add('555');
  const imp: MemberImport = newImport({
    id: 'imp1',
    accountId: A,
    dryRun: options.dryRun ?? false,
    createGroups: options.createGroups ?? false,
    total: rows.length,
    createdAt: clock.now().toISOString(),
    startedBy: { userId: starter.id },
    fileSha256: 'x',
    fileBytes: 1,
    chunks: 1,
  });
  store.put(imp);
  const enqueued: unknown[] = [];
  let n = 0;
  let crashAt = Number.POSITIVE_INFINITY;
  const deps: ImportRunDeps = {
    store,
    async *records() {
      let line = 2;
      for (const [index, cells] of rows.entries()) {
        if (index >= crashAt) throw new Error('worker killed');
        yield checkImportRow({ index, line, record: Object.fromEntries(HEADER.map((c) => [c, cells[c] ?? ''])) });
        line += 1;
      }
    },
    queue: { enqueue: async (m) => void enqueued.push(m) },
    mailer,
    clock,
    ids: { next: () => `id${String(++n).padStart(6, '0')}` },
    translators,
    settings: { appUrl: 'https://app.test', invitationTtlSeconds: 3600, brand: defaultDeploymentBrand },
    mailsPerSecond: 10,
  };
  const budget = { ms: 900_000, remainingMs: () => budget.ms };
  const run = () => runImport(deps, { accountId: A, importId: 'imp1' }, budget);
  return { store, clock, mailer, deps, run, budget, enqueued, crashAfterRecord: (i: number) => (crashAt = i) };
}

const codes = (store: MemoryImportRun) =>
  store.rowsOf('imp1').map((r) => [r.line, r.status, ...(r.errors ?? []).map((e) => `${e.column}:${e.code}`)]);

describe('runImport', () => {
  it('creates every type, reports every bad row by line and code, and counts add up', async () => {
    const { store, run } = setup([
      person(1, { unit: '/Sales/EMEA', groups: 'support', services: 'fax', extension: '201' }),
      { username: 'api1', type: 'system', firstName: 'Api', lastName: 'Bot' },
      { username: 'bridge1', type: 'conference_bridge', firstName: 'B', lastName: 'R', extension: '300' },
      { username: 'queue1', type: 'call_queue', firstName: 'Q', lastName: 'U', unit: '/sales' },
      { username: 'aa1', type: 'auto_attendant', firstName: 'A', lastName: 'A' },
      person(2, { email: 'not-an-email' }),
      person(3, { username: 'user1' }),
      person(4, { username: 'taken' }),
      person(5, { unit: '/Nowhere' }),
      person(6, { groups: 'Unknown' }),
      person(7, { role: 'boss' }),
      person(8, { extension: '12345678' }),
      person(9, { extension: '555' }),
      person(10, { email: 'taken@example.com' }),
    ]);
    await run();
    const imp = store.importOf('imp1');
    expect(imp).toMatchObject({ status: 'completed', processed: 14, created: 5, skipped: 2, failed: 7 });
    expect(imp.created + imp.skipped + imp.failed).toBe(imp.total);
    expect(codes(store)).toEqual([
      [2, 'created'],
      [3, 'created'],
      [4, 'created'],
      [5, 'created'],
      [6, 'created'],
      [7, 'failed', 'email:invalid_email'],
      [8, 'failed', 'username:duplicate_in_file'],
      [9, 'skipped', 'username:username_exists'],
      [10, 'failed', 'unit:unknown_unit'],
      [11, 'failed', 'groups:unknown_group'],
      [12, 'failed', 'role:invalid_role'],
      [13, 'failed', 'extension:invalid_extension'],
      [14, 'failed', 'extension:extension_taken'],
      [15, 'skipped', 'email:email_exists'],
    ]);
    expect(store.rowsOf('imp1')[6].errors?.[0].message).toContain('line 2');
    const ada = store.users.find((u) => u.username === 'user1')!;
    expect(ada).toMatchObject({ unitId: 'emea', unitPath: '/root/sales/emea/', status: 'invited', type: 'person' });
    expect(store.rowsOf('imp1')[0].userId).toBe(ada.id);
    expect(store.users.find((u) => u.username === 'api1')).toMatchObject({ type: 'system', status: 'active' });
    expect(store.units.find((u) => u.id === 'emea')?.memberCount).toBe(1);
    expect(store.units.find((u) => u.id === 'root')?.memberCount).toBe(3);
    expect(store.groups[0].memberCount).toBe(1);
    expect(store.services).toMatchObject([{ userId: ada.id, type: 'fax' }]);
    expect(store.devices.map((d) => d.extension).sort()).toEqual(['201', '300']);
    const types = store.events.map((e) => e.type);
    expect(types[0]).toBe('import.started');
    expect(types.at(-1)).toBe('import.completed');
    expect(store.events.at(-1)?.details).toMatchObject({ created: 5, skipped: 2, failed: 7, total: 14 });
    for (const t of ['user.created', 'device.created', 'group.member_added', 'service.created'])
      expect(store.events.filter((e) => e.type === t).every((e) => e.details.importId === 'imp1')).toBe(true);
    expect(store.events.filter((e) => e.type === 'user.created')).toHaveLength(5);
  });

  it('dry run: the same decisions, no member written; then the same file for real', async () => {
    const rows = [person(1), person(1), person(2, { username: 'taken' }), person(3, { unit: '/x' })];
    const dry = setup(rows, { dryRun: true });
    await dry.run();
    expect(dry.store.users.map((u) => u.id)).toEqual(['boss', 'taken']);
    expect(dry.store.events.map((e) => e.type)).toEqual(['import.started', 'import.completed']);
    const real = setup(rows);
    await real.run();
    expect(codes(dry.store)).toEqual(codes(real.store));
    expect(dry.store.importOf('imp1')).toMatchObject({ created: 1, skipped: 1, failed: 2, status: 'completed' });
  });

  it('counts the rows a real import created and failed into its metrics; a dry run counts none', async () => {
    const documents: EmfDocument[] = [];
    setMetricsSink((document) => documents.push(document));
    try {
      // what the tests before this one counted (nothing flushed them) goes first
      flushMetrics();
      documents.length = 0;
      const rows = [person(1), person(1), person(2, { username: 'taken' }), person(3, { unit: '/x' })];
      await setup(rows, { dryRun: true }).run();
      flushMetrics();
      expect(documents).toEqual([]);
      await setup(rows).run();
      flushMetrics();
    } finally {
      setMetricsSink(undefined);
    }
    expect(documents).toHaveLength(1);
    expect(documents[0]).toMatchObject({ importRowsSucceeded: 1, importRowsFailed: 2 });
  });

  it('createGroups: an unknown group is created once, in the first transaction that names it, counted exactly', async () => {
    const rows = Array.from({ length: 40 }, (_, i) => person(i, { groups: 'Night Shift;support', services: 'sms' }));
    const { store, run } = setup(rows, { createGroups: true });
    await run();
    expect(store.calls.commit).toBeGreaterThan(1);
    const night = store.groups.filter((g) => g.name === 'Night Shift');
    expect(night).toHaveLength(1);
    expect(night[0].memberCount).toBe(40);
    expect(store.groups.find((g) => g.id === 'g1')?.memberCount).toBe(40);
    expect(store.events.filter((e) => e.type === 'group.created')).toHaveLength(1);
    expect(store.importOf('imp1').created).toBe(40);
  });

  it('plain rows cost at most 0.1 store round trips per row (one read of claims, one transaction per batch)', async () => {
    const rows = Array.from({ length: 1000 }, (_, i) => ({
      username: `sys${i}`,
      type: 'system',
      firstName: 'S',
      lastName: 'Y',
    }));
    const { store, run } = setup(rows);
    await run();
    expect(store.importOf('imp1')).toMatchObject({ status: 'completed', created: 1000 });
    expect((store.calls.claims + store.calls.commit) / 1000).toBeLessThanOrEqual(0.1);
  });

  it('packs transactions across batches: 1,000 persons, 8 items each, in about 12 a transaction', async () => {
    const { store, run } = setup(Array.from({ length: 1000 }, (_, i) => person(i)));
    await run();
    expect(store.importOf('imp1')).toMatchObject({ status: 'completed', created: 1000 });
    expect(store.calls.claims).toBe(Math.ceil(1000 / 49));
    expect(store.calls.commit).toBe(Math.ceil(1000 / 12));
    // 0.105: the check that no member answers to the username as a SCIM userName is one item more per person
    expect((store.calls.claims + store.calls.commit) / 1000).toBeLessThanOrEqual(0.11);
  });

  it('resumes after a crash from the checkpoint: every line once, no duplicate member, duplicates across it found', async () => {
    const rows = Array.from({ length: 300 }, (_, i) => person(i, { username: `pp${i}`, email: `pp${i}@x.org` }));
    rows[250] = person(250, { username: 'pp3', email: 'pp250@x.org' }); // duplicates line 5, before the checkpoint
    const t = setup(rows);
    t.crashAfterRecord(180);
    await expect(t.run()).rejects.toThrow('worker killed');
    const halfway = t.store.importOf('imp1');
    expect(halfway.status).toBe('running');
    expect(halfway.processed).toBeGreaterThan(0);
    expect(halfway.processed).toBeLessThan(300);
    t.crashAfterRecord(Number.POSITIVE_INFINITY);
    await t.run();
    const imp = t.store.importOf('imp1');
    expect(imp).toMatchObject({ status: 'completed', processed: 300, created: 299, failed: 1 });
    const rows2 = t.store.rowsOf('imp1');
    expect(rows2.map((r) => r.line)).toEqual(Array.from({ length: 300 }, (_, i) => i + 2));
    const names = t.store.users.map((u) => u.username);
    expect(new Set(names).size).toBe(names.length);
    expect(rows2[250].errors?.[0]).toMatchObject({ code: 'duplicate_in_file', column: 'username' });
    expect(t.store.events.filter((e) => e.type === 'import.started')).toHaveLength(1);
  });

  it('a second delivery while the first runs stops at the checkpoint condition, writing nothing twice', async () => {
    const rows = Array.from({ length: 120 }, (_, i) => person(i));
    const t = setup(rows);
    let once = true;
    t.store.beforeCommit = () => {
      if (!once) return;
      once = false;
      t.store.imports.get('imp1')!.processed = 999; // another worker moved on
    };
    await t.run();
    expect(t.store.importOf('imp1').status).toBe('running');
    expect(t.store.users).toHaveLength(2);
  });

  it('cancel: the run stops after the rows in flight and ends cancelled with its counts', async () => {
    const rows = Array.from({ length: 200 }, (_, i) => person(i));
    const t = setup(rows);
    t.store.beforeCommit = () => {
      if (t.store.calls.commit === 2) t.store.imports.get('imp1')!.cancelRequested = true;
    };
    await t.run();
    const imp = t.store.importOf('imp1');
    expect(imp.status).toBe('cancelled');
    expect(imp.processed).toBeGreaterThan(0);
    expect(imp.processed).toBeLessThan(200);
    expect(imp.created).toBe(imp.processed);
    expect(t.store.events.at(-1)).toMatchObject({ type: 'import.cancelled', details: { processed: imp.processed } });
  });

  it('a row whose username was taken meanwhile is skipped and the rest of its transaction written', async () => {
    const t = setup([person(1), person(2), person(3)]);
    t.store.beforeCommit = () => t.store.usernames.add('user2');
    await t.run();
    expect(codes(t.store)).toEqual([
      [2, 'created'],
      [3, 'skipped', 'username:username_exists'],
      [4, 'created'],
    ]);
  });

  it('mails: paced, counted against the daily quota; past it the member is created with a warning', async () => {
    const rows = Array.from({ length: 5 }, (_, i) => person(i, { sendInvitation: '' }));
    const t = setup(rows);
    t.store.mailsToday = DAILY_INVITATION_LIMIT - 3;
    await t.run();
    expect(t.mailer.sent).toHaveLength(3);
    expect(t.mailer.sent[0].text).toContain('https://app.test/accept-invitation?token=');
    expect(t.clock.slept.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(200);
    const warned = t.store.rowsOf('imp1').filter((r) => r.warnings?.length);
    expect(warned.map((r) => r.line)).toEqual([5, 6]);
    expect(warned[0]).toMatchObject({ status: 'created', warnings: [{ code: 'mail_quota_reached' }] });
    expect(t.store.mailsToday).toBe(DAILY_INVITATION_LIMIT);
    expect(t.store.deliveries.map((d) => d.delivery)).toEqual(['sent', 'sent', 'sent']);
    expect(t.store.calls.recordDeliveries).toBe(1);
  });

  it('hands itself back to the queue when its time runs low, and the next delivery completes it', async () => {
    const rows = Array.from({ length: 150 }, (_, i) => person(i));
    const t = setup(rows);
    t.store.beforeCommit = () => {
      t.budget.ms = 30_000;
    };
    await t.run();
    expect(t.enqueued).toEqual([{ accountId: A, importId: 'imp1' }]);
    expect(t.store.importOf('imp1').status).toBe('running');
    t.store.beforeCommit = undefined;
    t.budget.ms = 900_000;
    await t.run();
    expect(t.store.importOf('imp1')).toMatchObject({ status: 'completed', created: 150 });
  });

  it("an admin's rows outside their scope fail out_of_scope; inside it they are created (positive control)", async () => {
    const admin = member('adm', 'admin', {
      adminUnitIds: ['sales'],
      capabilities: { ...NO_CAPABILITIES, manageUsers: true },
    });
    const t = setup(
      [
        person(1, { unit: '/Sales/EMEA' }),
        person(2, { unit: '/' }),
        person(3, { unit: '/Sales', role: 'account_manager' }),
      ],
      {
        starter: admin,
      },
    );
    await t.run();
    expect(codes(t.store)).toEqual([
      [2, 'created'],
      [3, 'failed', 'unit:out_of_scope'],
      [4, 'failed', 'role:role_not_allowed'],
    ]);
    expect(t.store.rowsOf('imp1')[2].errors?.[0].message).toContain('account_manager');
  });

  it('an admin may import admins inside their scope (as createUser allows); outside it the row is out_of_scope', async () => {
    const admin = member('adm', 'admin', {
      adminUnitIds: ['sales'],
      capabilities: { ...NO_CAPABILITIES, manageUsers: true },
    });
    const t = setup([person(1, { unit: '/', role: 'admin' }), person(2, { unit: '/Sales/EMEA', role: 'admin' })], {
      starter: admin,
    });
    await t.run();
    expect(codes(t.store)).toEqual([
      [2, 'failed', 'unit:out_of_scope'],
      [3, 'created'],
    ]);
    expect(t.store.users.find((u) => u.username === 'user2')).toMatchObject({ role: 'admin', adminUnitIds: ['emea'] });
  });

  it("a unit's own narrower allowedModules holds for the rows placed in it; a sibling allowing all takes them", async () => {
    const t = setup([
      person(1, { unit: '/Sales', services: 'fax' }),
      person(2, { unit: '/Sales/EMEA', services: 'fax' }),
      person(3, { unit: '/Sales', services: 'voice' }),
      person(4, { unit: '/Ops', services: 'fax' }),
    ]);
    t.store.units.push(unit('ops', 'Ops', 'root', '/root/ops/', 1));
    t.store.unitSettings.set('sales', { allowedModules: ['voice'] });
    await t.run();
    expect(codes(t.store)).toEqual([
      [2, 'failed', 'services:module_not_granted'],
      [3, 'failed', 'services:module_not_granted'],
      [4, 'created'],
      [5, 'created'],
    ]);
    expect(t.store.calls.directory).toBe(1);
  });

  it('records when each checkpoint moved the import on (progressAt: what tells a stalled import)', async () => {
    const t = setup(Array.from({ length: 120 }, (_, i) => person(i)));
    const seen: string[] = [];
    t.store.beforeCommit = (batch) => {
      seen.push(batch.at);
      t.clock.advance(60);
    };
    await t.run();
    expect(seen.length).toBeGreaterThan(1);
    expect(new Set(seen).size).toBe(seen.length);
    expect(t.store.importOf('imp1')).toMatchObject({ status: 'completed', progressAt: seen.at(-1) });
  });

  it('a unit path two sibling units share (names may repeat) fails ambiguous_unit, never a guess; others go', async () => {
    const t = setup([person(1, { unit: '/Twin' }), person(2, { unit: '/twin/' }), person(3, { unit: '/Sales' })]);
    t.store.units.push(
      unit('twin1', 'Twin', 'root', '/root/twin1/', 1),
      unit('twin2', 'twin', 'root', '/root/twin2/', 1),
    );
    await t.run();
    expect(codes(t.store)).toEqual([
      [2, 'failed', 'unit:ambiguous_unit'],
      [3, 'failed', 'unit:ambiguous_unit'],
      [4, 'created'],
    ]);
    expect(t.store.rowsOf('imp1')[0].errors?.[0].message).toContain('2 units');
  });

  it('fails the import when the member who started it can no longer add members', async () => {
    const t = setup([person(1)], { starter: member('boss', 'user') });
    await t.run();
    expect(t.store.importOf('imp1').status).toBe('failed');
    expect(t.store.events.at(-1)).toMatchObject({
      type: 'import.failed',
      details: { reason: 'starter_may_not_add_members' },
    });
  });
});

describe('batch packing and counters', () => {
  const created = (line: number, unitId: string, extra: { groups?: string[]; mail?: boolean } = {}): RowDecision => ({
    line,
    index: line - 2,
    status: 'created',
    member: {
      input: checkImportRow({
        index: 0,
        line,
        record: { username: `usr${line}`, email: `u${line}@x.org`, firstName: 'a', lastName: 'b' },
      }).input!,
      unit: unit(unitId, unitId, null, `/${unitId}/`, 0),
      grants: { unitId, role: 'user', adminUnitIds: [], capabilities: { ...NO_CAPABILITIES }, modules: [] },
      groupIds: extra.groups ?? [],
      newGroups: [],
      mail: extra.mail ?? true,
    },
  });

  it('packs rows greedily within 100 items, shared counters counted once', () => {
    const rows = Array.from({ length: 30 }, (_, i) => created(i + 2, i % 2 ? 'a' : 'b', { groups: ['g'] }));
    const taken = packTransaction(rows, false);
    const shared = new Set(taken.flatMap((r) => [...sharedOf(r, false).keys()]));
    const items = 1 + taken.reduce((n, r) => n + ownItems(r, false), 0) + shared.size;
    expect(items).toBeLessThanOrEqual(100);
    expect(items + ownItems(rows[taken.length], false)).toBeGreaterThan(100);
    expect(taken).toHaveLength(9); // 10 items each, + unit a, unit b, tree, group g, quota, import
  });

  it('a dry run packs 99 rows per transaction', () => {
    const rows = Array.from({ length: 150 }, (_, i) => created(i + 2, 'a'));
    expect(packTransaction(rows, true)).toHaveLength(99);
  });

  it('merges the counters: one entry per unit and group with the sum, the mails counted', () => {
    const merged = mergeCounters([
      created(2, 'a', { groups: ['g'] }),
      created(3, 'a', { groups: ['g', 'h'], mail: false }),
      created(4, 'b'),
      { line: 5, index: 3, status: 'failed', errors: [] },
    ]);
    expect(merged.units).toEqual([
      { unitId: 'a', unitPath: '/a/', count: 2 },
      { unitId: 'b', unitPath: '/b/', count: 1 },
    ]);
    expect(merged.groups).toEqual([
      { groupId: 'g', count: 2 },
      { groupId: 'h', count: 1 },
    ]);
    expect(merged.mails).toBe(2);
  });
});

describe('the DynamoDB transaction of a batch', () => {
  process.env.TABLE_NAME ??= 'test-table';

  it('touches each item once and holds at most 100 items, counters merged, the checkpoint first', async () => {
    const rows = Array.from({ length: 60 }, (_, i) =>
      person(i, {
        unit: i % 2 ? '/Sales' : '/Sales/EMEA',
        groups: 'Support;New One',
        services: i % 3 ? 'fax' : 'fax;voice',
        extension: String(1000 + i),
        sendInvitation: '',
      }),
    );
    const t = setup(rows, { createGroups: true });
    const sizes: number[] = [];
    t.store.beforeCommit = (batch) => {
      const { items, owners } = commitItems(batch);
      sizes.push(items.length);
      const keys = items.map((item) => {
        const op = item.Put ?? item.Update ?? item.ConditionCheck ?? item.Delete;
        const key = (item.Put ? { PK: item.Put.Item?.PK, SK: item.Put.Item?.SK } : (op as { Key: object }).Key) as {
          PK: string;
          SK: string;
        };
        return `${key.PK}|${key.SK}`;
      });
      expect(new Set(keys).size).toBe(keys.length);
      expect(owners[0].kind).toBe('import');
    };
    await t.run();
    expect(t.store.importOf('imp1')).toMatchObject({ status: 'completed', created: 60 });
    expect(Math.max(...sizes)).toBeLessThanOrEqual(100);
    expect(Math.min(...sizes.slice(0, -1))).toBeGreaterThan(80);
  });
});
