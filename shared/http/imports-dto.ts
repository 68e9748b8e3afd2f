/** Imports as the API shows them: the record without its storage details (file digest, chunks, version). */
import type { ImportRowResult, MemberImport } from '#domain/member-import.ts';

export const toImportDto = (i: MemberImport) => ({
  id: i.id,
  status: i.status,
  dryRun: i.dryRun,
  createGroups: i.createGroups,
  total: i.total,
  processed: i.processed,
  created: i.created,
  updated: i.updated,
  skipped: i.skipped,
  failed: i.failed,
  cancelRequested: i.cancelRequested,
  startedBy: { userId: i.startedBy.userId },
  createdAt: i.createdAt,
  startedAt: i.startedAt,
  finishedAt: i.finishedAt,
});

export const toImportRowDto = (r: ImportRowResult) => ({
  line: r.line,
  status: r.status,
  ...(r.userId ? { userId: r.userId } : {}),
  ...(r.errors?.length ? { errors: r.errors } : {}),
  ...(r.warnings?.length ? { warnings: r.warnings } : {}),
});
