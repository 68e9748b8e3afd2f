import * as z from 'zod/mini';
import { MAX_UNIT_DEPTH } from '#domain/org-unit.ts';
import { Id, Timestamp } from './common.ts';

const UnitName = z.string().check(z.trim(), z.minLength(1), z.maxLength(100));

const unitFields = {
  id: Id,
  accountId: Id,
  name: z.string(),
  parentId: z.nullable(Id),
  /** The ids from the root down to the unit itself: "/<rootId>/<childId>/". */
  path: z.string(),
  depth: z.number(),
  childCount: z.number(),
  memberCount: z.number(),
  version: z.number(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
};
export const OrgUnit = z.object(unitFields);

/** The tree's node schema, nested as deep as a tree can be (the root plus MAX_UNIT_DEPTH levels): no $ref cycles in the OpenAPI document. */
function nodeSchema(): z.ZodMiniType {
  let node: z.ZodMiniType = z.object({ ...unitFields, children: z.array(z.never()) });
  for (let level = 0; level < MAX_UNIT_DEPTH; level++) node = z.object({ ...unitFields, children: z.array(node) });
  return node;
}
/** The whole tree in one response (≤ 1,000 units, one Query): the root with its descendants; never paged. */
export const UnitTree = z.object({ items: z.array(nodeSchema()), nextCursor: z.null() });

export const CreateUnitBody = z.strictObject({ name: UnitName, parentId: Id });
export type CreateUnitInput = z.infer<typeof CreateUnitBody>;

/** `name` renames; `parentId` moves the unit and its subtree. */
export const UpdateUnitBody = z.strictObject({ name: z.optional(UnitName), parentId: z.optional(Id) });
export type UpdateUnitInput = z.infer<typeof UpdateUnitBody>;

export { toUnitDto, toUnitNodeDto } from '../organization-dto.ts';
