/**
 * In-memory ImportStore and ImportFiles: the same outcomes as import-store.ts (the same-file claim held 24 hours
 * and taken over once expired, imports newest first by id, a cancel conditional on the status as read and no cancel
 * asked yet), and the uploaded bytes kept as they came. `rowResults` stands in for the worker's row items.
 */
import type { AuditEvent } from '#domain/audit.ts';
import { epochSeconds } from '#domain/clock.ts';
import {
  IMPORT_DEDUPE_SECONDS,
  importPurgeAt,
  releasesItsFile,
  type ImportRowResult,
  type MemberImport,
} from '#domain/member-import.ts';
import { ImportChangedError, type ImportFileClaim, type ImportFiles, type ImportStore } from '#ports/imports.ts';
import { pageOf } from './paging.ts';

export class MemoryImports {
  imports = new Map<string, MemberImport>();
  /** `<accountId>/<userId>/<sha>/<dryRun>/<createGroups>` → the claim */
  claims = new Map<string, { importId: string; expiresAt: number }>();
  files = new Map<string, Uint8Array>();
  /** importId → its row results (what the worker would write) */
  rowResults = new Map<string, ImportRowResult[]>();
  events: AuditEvent[] = [];

  /** `now` decides which imports are past their retention (the TTL): gone to get and list. */
  constructor(private readonly now: () => Date = () => new Date()) {}
  private retained = (i: MemberImport) => Date.parse(importPurgeAt(i.createdAt)) > this.now().getTime();
  private key = (accountId: string, importId: string) => `${accountId}/${importId}`;
  private claimKey = (accountId: string, f: ImportFileClaim) =>
    `${accountId}/${f.userId}/${f.sha256}/${f.dryRun}/${f.createGroups}`;
  private claimed(accountId: string, f: ImportFileClaim, now: Date) {
    const claim = this.claims.get(this.claimKey(accountId, f));
    if (!claim || claim.expiresAt <= epochSeconds(now)) return null;
    const found = this.imports.get(this.key(accountId, claim.importId));
    return found ? { ...found } : null;
  }

  readonly store: ImportStore = {
    create: async ({ import: draft, file, now }) => {
      const record: MemberImport = { ...draft, chunks: Math.max(1, Math.ceil(file.length / (300 * 1024))) };
      const file_ = {
        userId: record.startedBy.userId,
        sha256: record.fileSha256,
        dryRun: record.dryRun,
        createGroups: record.createGroups,
      };
      const existing = this.claimed(record.accountId, file_, now);
      // a claim naming a cancelled or failed import is taken over
      if (existing && !releasesItsFile(existing)) return { created: false, import: existing };
      this.files.set(record.id, new Uint8Array(file));
      this.claims.set(this.claimKey(record.accountId, file_), {
        importId: record.id,
        expiresAt: epochSeconds(new Date(record.createdAt)) + IMPORT_DEDUPE_SECONDS,
      });
      this.imports.set(this.key(record.accountId, record.id), { ...record });
      return { created: true, import: { ...record } };
    },
    findByFile: async (accountId, file, now) => this.claimed(accountId, file, now),
    get: async (accountId, importId) => {
      const found = this.imports.get(this.key(accountId, importId));
      return found && this.retained(found) ? { ...found } : null;
    },
    list: async (accountId, filter, page) =>
      pageOf(
        [...this.imports.values()].filter(
          (i) =>
            i.accountId === accountId &&
            (!filter.startedBy || i.startedBy.userId === filter.startedBy) &&
            this.retained(i),
        ),
        page,
        `imports/${accountId}/${filter.startedBy ?? ''}`,
        (i) => i.id,
        true,
      ),
    rows: async (importId, filter, page) =>
      pageOf(
        (this.rowResults.get(importId) ?? []).filter((r) => !filter.status || r.status === filter.status),
        page,
        `rows/${importId}/${filter.status ?? ''}`,
        (r) => String(r.line).padStart(7, '0'),
      ),
    cancel: async (next, expected, event) => {
      const key = this.key(next.accountId, next.id);
      const stored = this.imports.get(key);
      const stalled = next.status === 'cancelled' && expected.status === 'running';
      if (
        !stored ||
        stored.status !== expected.status ||
        (stalled ? stored.processed !== expected.processed : stored.cancelRequested)
      )
        throw new ImportChangedError();
      this.imports.set(key, {
        ...stored,
        cancelRequested: true,
        version: stored.version + 1,
        ...(next.status === 'cancelled' ? { status: 'cancelled', finishedAt: next.finishedAt } : {}),
      });
      this.events.push(event);
    },
  };

  readonly reader: ImportFiles = {
    open: (imp) => {
      const bytes = this.files.get(imp.id) ?? new Uint8Array();
      return (async function* () {
        for (let at = 0; at < bytes.length; at += 64 * 1024) yield bytes.subarray(at, at + 64 * 1024);
      })();
    },
  };
}
