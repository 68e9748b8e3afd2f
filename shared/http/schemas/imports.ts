import * as v from 'valibot';
import { Id, PageQuery, QueryFlag, Timestamp } from './common.ts';

/**
 * Each schema is built inside `schema()`, so that a bundle drops the ones it does not use: esbuild honours a
 * side-effect-free mark only within the file that declares it (not valibot's, across modules), hence one per file.
 */
const schema = /* @__NO_SIDE_EFFECTS__ */ <T>(build: () => T): T => build();

export const StartImportQuery = schema(() =>
  v.strictObject({ dryRun: v.optional(QueryFlag), createGroups: v.optional(QueryFlag) }),
);
export const ListImportsQuery = schema(() => v.strictObject({ ...PageQuery }));
export const ListImportRowsQuery = schema(() =>
  v.strictObject({ ...PageQuery, status: v.optional(v.picklist(['created', 'skipped', 'failed'])) }),
);

export const MemberImport = schema(() =>
  v.object({
    id: Id,
    status: v.picklist(['queued', 'running', 'completed', 'failed', 'cancelled']),
    dryRun: v.boolean(),
    createGroups: v.boolean(),
    total: v.number(),
    processed: v.number(),
    created: v.number(),
    /** Always 0: an import never changes an existing member (an existing username or email: `skipped`). */
    updated: v.number(),
    skipped: v.number(),
    failed: v.number(),
    /** The worker was asked to stop after the rows in flight. */
    cancelRequested: v.boolean(),
    startedBy: v.object({ userId: Id }),
    createdAt: Timestamp,
    startedAt: v.nullable(Timestamp),
    finishedAt: v.nullable(Timestamp),
  }),
);

const RowProblem = schema(() => v.object({ column: v.nullable(v.string()), code: v.string(), message: v.string() }));
export const ImportRow = schema(() =>
  v.object({
    line: v.number(),
    status: v.picklist(['created', 'skipped', 'failed']),
    userId: v.optional(Id),
    errors: v.optional(v.array(RowProblem)),
    warnings: v.optional(v.array(RowProblem)),
  }),
);
