import * as v from 'valibot';
import { NAME_MAX_LENGTH } from '#domain/text.ts';
import { MAX_UNIT_DEPTH } from '#domain/org-unit.ts';
import { Id, Timestamp, tenantText } from './common.ts';

/**
 * Each schema is built inside `schema()`, so that a bundle drops the ones it does not use: esbuild honours a
 * side-effect-free mark only within the file that declares it (not valibot's, across modules), hence one per file.
 */
const schema = /* @__NO_SIDE_EFFECTS__ */ <T>(build: () => T): T => build();

const UnitName = schema(() => tenantText(1, NAME_MAX_LENGTH));

const unitFields = schema(() => ({
  id: Id,
  accountId: Id,
  name: v.string(),
  parentId: v.nullable(Id),
  /** The ids from the root down to the unit itself: "/<rootId>/<childId>/". */
  path: v.string(),
  depth: v.number(),
  childCount: v.number(),
  memberCount: v.number(),
  version: v.number(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
}));
export const OrgUnit = schema(() => v.object(unitFields));

/** The tree's node schema, nested as deep as a tree can be (the root plus MAX_UNIT_DEPTH levels): no $ref cycles in the OpenAPI document. */
/* @__NO_SIDE_EFFECTS__ */ function nodeSchema(): v.GenericSchema {
  let node: v.GenericSchema = v.object({ ...unitFields, children: v.array(v.never()) });
  for (let level = 0; level < MAX_UNIT_DEPTH; level++) node = v.object({ ...unitFields, children: v.array(node) });
  return node;
}
/** The whole tree in one response (≤ 1,000 units, one Query): the root with its descendants; never paged. */
export const UnitTree = schema(() => v.object({ items: v.array(nodeSchema()), nextCursor: v.null() }));

export const CreateUnitBody = schema(() => v.strictObject({ name: UnitName, parentId: Id }));
export type CreateUnitInput = v.InferOutput<typeof CreateUnitBody>;

/** `name` renames; `parentId` moves the unit and its subtree. */
export const UpdateUnitBody = schema(() => v.strictObject({ name: v.optional(UnitName), parentId: v.optional(Id) }));
export type UpdateUnitInput = v.InferOutput<typeof UpdateUnitBody>;

export { toUnitDto, toUnitNodeDto } from '../organization-dto.ts';
