/**
 * Bulk import over HTTP, the request side: the upload (202, Location, the import), reading, listing and the rows'
 * page, the same file again (200, the same import), Idempotency-Key, every kind of refused file (400/413/415, nothing
 * written), who sees which import, and cancelling a queued one. The local queue holds these accounts' deliveries, so
 * nothing here depends on the worker.
 */
import type { MemberImport } from '#domain/member-import.ts';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, holdImportQueue, importQueueState, resumeImportQueue } from '../../support/http.ts';
import { expectStatus, newAdmin, newMember, newOrg, type Manager } from '../../builders/api.ts';

/** The API's import as the routes answer it. */
type ImportBody = MemberImport;

let acme: Manager;
let other: Manager;
let admin: Awaited<ReturnType<typeof newAdmin>>;
let plain: Awaited<ReturnType<typeof newMember>>;

const imports = (m: { accountId: string } = acme) => `/v1/accounts/${m.accountId}/imports`;
/** A valid file of `n` people (fresh names each time: a new file). */
const csvOf = (n: number, header = 'username,email,firstName,lastName') => {
  const tag = randomBytes(3).toString('hex');
  const rows = Array.from({ length: n }, (_, i) => `p${tag}${i},p${tag}${i}@example.com,Pat,Person${i}`);
  return `${header}\r\n${rows.join('\r\n')}\r\n`;
};
const upload = (
  body: string | Uint8Array,
  options: { token?: string; query?: string; type?: string; key?: string } = {},
) =>
  call('POST', `${imports()}${options.query ?? ''}`, {
    token: options.token ?? acme.token,
    rawBody: body,
    headers: {
      'content-type': options.type ?? 'text/csv',
      ...(options.key ? { 'idempotency-key': options.key } : {}),
    },
  });
const listIds = async (token = acme.token, m: { accountId: string } = acme) => {
  const r = await call('GET', `${imports(m)}?limit=100`, { token });
  expectStatus(r, 200);
  return (r.body as { items: ImportBody[] }).items.map((i) => i.id);
};

beforeAll(async () => {
  [acme, other] = await Promise.all([newOrg('Import Co'), newOrg('Other Import Co')]);
  await Promise.all([holdImportQueue(acme.accountId), holdImportQueue(other.accountId)]);
  [admin, plain] = await Promise.all([newAdmin(acme, acme.rootId), newMember(acme)]);
});
afterAll(async () => {
  await Promise.all([resumeImportQueue(acme.accountId), resumeImportQueue(other.accountId)]);
});

describe('an upload', () => {
  it('is 202 with Location and the queued import; read, listed newest first, rows paged; the same file again is 200 with it', async () => {
    const file = csvOf(3);
    const first = await upload(file, { query: '?dryRun=true' });
    expectStatus(first, 202);
    const imp = first.body as ImportBody;
    expect(imp).toMatchObject({ status: 'queued', dryRun: true, createGroups: false, total: 3, processed: 0 });
    expect(imp).toMatchObject({ created: 0, updated: 0, skipped: 0, failed: 0, startedAt: null, finishedAt: null });
    expect(imp.startedBy.userId).toBe(acme.ownerId);
    expect(first.headers.location).toBe(`${imports()}/${imp.id}`);

    const read = await call('GET', `${imports()}/${imp.id}`, { token: acme.token });
    expectStatus(read, 200);
    expect(read.body).toEqual(imp);

    const again = await upload(file, { query: '?dryRun=true' });
    expectStatus(again, 200);
    expect((again.body as ImportBody).id).toBe(imp.id);
    expect(again.headers.location).toBe(`${imports()}/${imp.id}`);
    // positive control: the same bytes with other options are another import
    const wet = await upload(file);
    expectStatus(wet, 202);
    expect((wet.body as ImportBody).id).not.toBe(imp.id);

    const ids = await listIds();
    expect(ids.slice(0, 2)).toEqual([(wet.body as ImportBody).id, imp.id]);
    const onePage = await call('GET', `${imports()}?limit=1`, { token: acme.token });
    expect(onePage.body).toMatchObject({
      items: [{ id: (wet.body as ImportBody).id }],
      nextCursor: expect.any(String),
    });

    const rows = await call('GET', `${imports()}/${imp.id}/rows?status=failed&limit=10`, { token: acme.token });
    expectStatus(rows, 200);
    expect(rows.body).toEqual({ items: [], nextCursor: null });
    const badStatus = await call('GET', `${imports()}/${imp.id}/rows?status=lost`, { token: acme.token });
    expectStatus(badStatus, 400);
    // the messages wait in the held queue, one per upload
    expect((await importQueueState()).waiting).toBeGreaterThanOrEqual(2);
  });

  it('honours Idempotency-Key: the same key and file replay the first answer; another file under it is 422', async () => {
    const file = csvOf(2);
    const key = `import-${randomBytes(4).toString('hex')}`;
    const first = await upload(file, { key });
    expectStatus(first, 202);
    const replay = await upload(file, { key });
    expectStatus(replay, 202);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect((replay.body as ImportBody).id).toBe((first.body as ImportBody).id);
    expectStatus(await upload(csvOf(2), { key }), 422);
  });

  it('refuses a file that cannot be imported, naming the reason, and writes nothing', async () => {
    const before = await listIds();
    const refused = async (body: string | Uint8Array, status: number, code: string, type?: string) => {
      const r = await upload(body, { type });
      expectStatus(r, status, code);
      expect(r.headers['content-type']).toContain('application/problem+json');
      expect((r.body as { code: string }).code).toBe(code);
      return r.body as { detail?: string; errors?: { path: string; message: string }[] };
    };
    const unknown = await refused('username,email,nickname\r\nann,ann@example.com,Annie\r\n', 400, 'unknown_column');
    expect(JSON.stringify(unknown.errors)).toContain('nickname');
    const missing = await refused('email,firstName\r\nann@example.com,Ann\r\n', 400, 'missing_column');
    expect(JSON.stringify(missing.errors)).toContain('username');
    await refused(
      new Uint8Array([...Buffer.from('username,email\r\nb'), 0xff, 0xfe, ...Buffer.from(',x@example.com\r\n')]),
      400,
      'invalid_encoding',
    );
    await refused('', 400, 'empty_file');
    const ragged = await refused(
      'username,email\r\nann,ann@example.com\r\nbob,bob@example.com,extra\r\n',
      400,
      'malformed_csv',
    );
    expect(JSON.stringify(ragged)).toMatch(/line 3/);
    const large = await refused(`username,email\r\n${'x'.repeat(5 * 1024 * 1024)}\r\n`, 413, 'payload_too_large');
    expect(large.detail).toMatch(/5 MB/);
    await refused(csvOf(1), 415, 'unsupported_media_type', 'application/json');
    expect(await listIds()).toEqual(before);
    // positive control: the same session still uploads a good file
    expectStatus(await upload(csvOf(1)), 202);
  });
});

describe('who sees an import', () => {
  it("is the account's managers (all of it) and the member who started it; another tenant or another admin gets 404", async () => {
    const mine = (await upload(csvOf(1))).body as ImportBody;
    const r = await upload(csvOf(1), { token: admin.token });
    expectStatus(r, 202);
    const admins = r.body as ImportBody;
    expect(admins.startedBy.userId).toBe(admin.id);

    // the admin: their own import (positive control), never the manager's
    expectStatus(await call('GET', `${imports()}/${admins.id}`, { token: admin.token }), 200);
    expectStatus(await call('GET', `${imports()}/${mine.id}`, { token: admin.token }), 404);
    expectStatus(await call('GET', `${imports()}/${mine.id}/rows`, { token: admin.token }), 404);
    expectStatus(await call('POST', `${imports()}/${mine.id}/cancel`, { token: admin.token }), 404);
    expect(await listIds(admin.token)).toEqual([admins.id]);
    // the manager sees both
    expectStatus(await call('GET', `${imports()}/${admins.id}`, { token: acme.token }), 200);
    expect(await listIds()).toEqual(expect.arrayContaining([mine.id, admins.id]));

    // another tenant: 404 on this account, and its own account lists none of these
    expectStatus(await call('GET', `${imports()}/${mine.id}`, { token: other.token }), 404);
    expectStatus(await call('GET', `${imports(other)}/${mine.id}`, { token: other.token }), 404);
    expect(await listIds(other.token, other)).toEqual([]);
    // a plain member may not import (403) and sees nothing of others'
    expectStatus(await upload(csvOf(1), { token: plain.token }), 403);
    expectStatus(await call('GET', `${imports()}/${mine.id}`, { token: plain.token }), 404);
  });
});

describe('the same file from two members', () => {
  it("is an import of each, each readable by its starter; each one's re-upload is 200 with their own", async () => {
    const file = csvOf(2);
    const a = await upload(file);
    expectStatus(a, 202);
    const b = await upload(file, { token: admin.token });
    expectStatus(b, 202);
    const [mine, admins] = [a.body as ImportBody, b.body as ImportBody];
    expect(admins.id).not.toBe(mine.id);
    expect(admins.startedBy.userId).toBe(admin.id);
    expectStatus(await call('GET', `${imports()}/${admins.id}`, { token: admin.token }), 200);
    expectStatus(await call('GET', `${imports()}/${mine.id}`, { token: acme.token }), 200);
    // positive control: the same uploader again gets their own import back
    const again = await upload(file);
    expectStatus(again, 200);
    expect((again.body as ImportBody).id).toBe(mine.id);
    const adminAgain = await upload(file, { token: admin.token });
    expectStatus(adminAgain, 200);
    expect((adminAgain.body as ImportBody).id).toBe(admins.id);
  });
});

describe('cancelling', () => {
  it('a queued import cancels it at once; a second cancel is 409', async () => {
    const imp = (await upload(csvOf(2))).body as ImportBody;
    const r = await call('POST', `${imports()}/${imp.id}/cancel`, { token: acme.token });
    expectStatus(r, 202);
    expect(r.body).toMatchObject({
      id: imp.id,
      status: 'cancelled',
      cancelRequested: true,
      finishedAt: expect.any(String),
    });
    const read = await call('GET', `${imports()}/${imp.id}`, { token: acme.token });
    expect(read.body).toMatchObject({ status: 'cancelled' });
    const twice = await call('POST', `${imports()}/${imp.id}/cancel`, { token: acme.token });
    expectStatus(twice, 409);
    expect((twice.body as { code: string }).code).toBe('import_finished');
  });

  it('lets the file go: the same upload after a cancel is a new import (202)', async () => {
    const file = csvOf(2);
    const first = (await upload(file)).body as ImportBody;
    expectStatus(await call('POST', `${imports()}/${first.id}/cancel`, { token: acme.token }), 202);
    const again = await upload(file);
    expectStatus(again, 202);
    expect((again.body as ImportBody).id).not.toBe(first.id);
    // positive control: that new import holds the file again
    const third = await upload(file);
    expectStatus(third, 200);
    expect((third.body as ImportBody).id).toBe((again.body as ImportBody).id);
  });
});
