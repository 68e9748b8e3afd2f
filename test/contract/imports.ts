/** ImportStore and ImportFiles: the upload's record and claim, reading, listing, cancelling, the file read back. */
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { fileDigest, type MemberImport, newImport } from '#domain/member-import.ts';
import { T0, allPages, at, auditEvent, uid } from './fixtures.ts';
import { freshPorts, type MakePorts } from './ports.ts';

const draft = (accountId: string, file: Uint8Array, over: Partial<MemberImport> = {}): MemberImport => ({
  ...newImport({
    id: uid('imp'),
    accountId,
    dryRun: false,
    createGroups: false,
    total: 2,
    createdAt: T0.toISOString(),
    startedBy: { userId: 'u-starter' },
    fileSha256: fileDigest(file),
    fileBytes: file.length,
    chunks: 0,
  }),
  ...over,
});
const options = (i: MemberImport) => ({
  userId: i.startedBy.userId,
  sha256: i.fileSha256,
  dryRun: i.dryRun,
  createGroups: i.createGroups,
});

async function collect(stream: AsyncIterable<Uint8Array>): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const part of stream) parts.push(Buffer.from(part));
  return Buffer.concat(parts);
}

export function defineImportContract(make: MakePorts) {
  describe('ImportStore', () => {
    const p = freshPorts(make);

    it('records an upload once per file and options for 24 hours: a second one gets the first import back', async () => {
      const accountId = uid('acc');
      const file = Buffer.from('username,email\r\nann,ann@example.com\r\n');
      const first = draft(accountId, file);
      const made = await p.imports.create({ import: first, file, now: T0 });
      expect(made.created).toBe(true);
      expect(made.import.chunks).toBeGreaterThanOrEqual(1);
      expect(await p.imports.get(accountId, first.id)).toEqual(made.import);
      expect(await p.imports.findByFile(accountId, options(first), at(60))).toEqual(made.import);

      const second = draft(accountId, file);
      expect(await p.imports.create({ import: second, file, now: at(60) })).toEqual({
        created: false,
        import: made.import,
      });
      expect(await p.imports.get(accountId, second.id)).toBeNull();
      // other options, another account: other claims (positive controls)
      const dry = draft(accountId, file, { dryRun: true });
      expect((await p.imports.create({ import: dry, file, now: at(60) })).created).toBe(true);
      expect(await p.imports.findByFile(uid('acc'), options(first), at(60))).toBeNull();
      // a day later the claim has expired: the same file is a new import
      const later = draft(accountId, file, { createdAt: at(86_401).toISOString() });
      expect(await p.imports.findByFile(accountId, options(first), at(86_401))).toBeNull();
      expect((await p.imports.create({ import: later, file, now: at(86_401) })).created).toBe(true);
      expect(await p.imports.findByFile(accountId, options(first), at(86_402))).toMatchObject({ id: later.id });
    });

    it("holds each uploader's claim apart, and lets a claim naming a cancelled import be taken over", async () => {
      const accountId = uid('acc');
      const file = randomBytes(32);
      const a = (await p.imports.create({ import: draft(accountId, file), file, now: T0 })).import;
      const other = draft(accountId, file, { startedBy: { userId: 'u-other' } });
      const b = await p.imports.create({ import: other, file, now: at(1) });
      expect(b).toMatchObject({ created: true, import: { id: other.id } });
      expect(await p.imports.findByFile(accountId, options(other), at(2))).toMatchObject({ id: other.id });
      // positive control: the same uploader again gets theirs
      expect(await p.imports.create({ import: draft(accountId, file), file, now: at(2) })).toEqual({
        created: false,
        import: a,
      });
      await p.imports.cancel(
        { ...a, status: 'cancelled', cancelRequested: true, finishedAt: at(3).toISOString() },
        a,
        auditEvent(accountId),
      );
      const again = draft(accountId, file);
      expect(await p.imports.create({ import: again, file, now: at(4) })).toMatchObject({
        created: true,
        import: { id: again.id },
      });
      expect(await p.imports.findByFile(accountId, options(again), at(5))).toMatchObject({ id: again.id });
    });

    it('treats an import past its retention (TTL) as gone, before the TTL deletion comes round', async () => {
      const accountId = uid('acc');
      const file = randomBytes(16);
      const old = draft(accountId, file, { createdAt: at(-31 * 86_400).toISOString() });
      await p.imports.create({ import: old, file, now: at(-31 * 86_400) });
      const fresh = draft(accountId, randomBytes(16), { createdAt: at(-29 * 86_400).toISOString() });
      await p.imports.create({ import: fresh, file: randomBytes(16), now: at(-29 * 86_400) });
      expect(await p.imports.get(accountId, old.id)).toBeNull();
      // positive control: one still within its 30 days reads and lists
      expect(await p.imports.get(accountId, fresh.id)).toMatchObject({ id: fresh.id });
      expect((await p.imports.list(accountId, {}, { limit: 10 })).items.map((i) => i.id)).toEqual([fresh.id]);
    });

    it('reads a stored file back byte for byte, however many chunks it takes', async () => {
      const accountId = uid('acc');
      // random bytes do not compress: three chunks of gzip
      const file = randomBytes(700 * 1024);
      const made = await p.imports.create({ import: draft(accountId, file), file, now: T0 });
      expect(Buffer.compare(await collect(p.importFiles.open(made.import)), file)).toBe(0);
    });

    it("lists an account's imports newest first, page by page, or only those one member started", async () => {
      const accountId = uid('acc');
      const made: MemberImport[] = [];
      for (const starter of ['u-a', 'u-b', 'u-a', 'u-a']) {
        const file = randomBytes(16);
        const i = draft(accountId, file, { startedBy: { userId: starter } });
        made.push((await p.imports.create({ import: i, file, now: T0 })).import);
      }
      const ids = (items: MemberImport[]) => items.map((i) => i.id);
      const all = await allPages((cursor) => p.imports.list(accountId, {}, { limit: 3, cursor }));
      expect(ids(all.items)).toEqual(ids(made).reverse());
      expect(all.pages).toBe(2);
      const mine = await allPages((cursor) => p.imports.list(accountId, { startedBy: 'u-a' }, { limit: 2, cursor }));
      expect(ids(mine.items)).toEqual([made[3].id, made[2].id, made[0].id]);
      expect((await p.imports.list(uid('acc'), {}, { limit: 10 })).items).toEqual([]);
      expect(await p.imports.rows(made[0].id, {}, { limit: 10 })).toEqual({ items: [], nextCursor: null });
    });

    it('cancels on condition of the status as read and no cancel asked yet', async () => {
      const accountId = uid('acc');
      const file = randomBytes(16);
      const queued = (await p.imports.create({ import: draft(accountId, file), file, now: T0 })).import;
      const cancelled = {
        ...queued,
        status: 'cancelled' as const,
        cancelRequested: true,
        finishedAt: at(5).toISOString(),
      };
      // a stale read (it was running, it is queued) changes nothing
      await expect(
        p.imports.cancel(cancelled, { ...queued, status: 'running' }, auditEvent(accountId)),
      ).rejects.toMatchObject({ name: 'ImportChangedError' });
      expect(await p.imports.get(accountId, queued.id)).toEqual(queued);
      await p.imports.cancel(cancelled, queued, auditEvent(accountId));
      expect(await p.imports.get(accountId, queued.id)).toMatchObject({
        status: 'cancelled',
        cancelRequested: true,
        finishedAt: cancelled.finishedAt,
        version: queued.version + 1,
      });
      // asked twice: the second finds a cancel already asked
      await expect(p.imports.cancel(cancelled, queued, auditEvent(accountId))).rejects.toMatchObject({
        name: 'ImportChangedError',
      });
    });
  });
}
