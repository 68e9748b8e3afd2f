/** What the `/Groups` handlers share: the filterable attributes, whether members are wanted, the document. */
import { toScimGroup } from '#domain/scim/group-resource.ts';
import type { ScimDocument } from '#domain/scim/patch.ts';
import { SCIM_GROUP } from '#domain/scim/schemas.ts';
import type { ScimGroupView } from '#use-cases/scim-groups.ts';

export { projectionOf } from './scim/projection.ts';

/** `eq` filters `/Groups` answers with a key of their own (joined by `and`). */
export const GROUP_FILTERS = ['displayName', 'externalId', 'id', 'members.value'] as const;

const GROUP_URN_PREFIX = `${SCIM_GROUP.toLowerCase()}:`;

const bare = (name: string): string => {
  const lower = name.toLowerCase();
  const urn = GROUP_URN_PREFIX;
  return lower.startsWith(urn) ? lower.slice(urn.length) : lower;
};

/**
 * Whether a projection keeps `members` (RFC 7644 §3.4.2.5): not when `excludedAttributes` names it whole, nor when
 * `attributes` names neither it nor one of its sub-attributes; then no member is read at all.
 */
export function wantsMembers(q: { attributes?: string[]; excludedAttributes?: string[] }): boolean {
  if (q.attributes?.length) return q.attributes.some((a) => bare(a) === 'members' || bare(a).startsWith('members.'));
  return !q.excludedAttributes?.some((a) => bare(a) === 'members');
}

export const groupDocument = (view: ScimGroupView, baseUrl: string): ScimDocument =>
  toScimGroup(view.group, view.members, baseUrl);
