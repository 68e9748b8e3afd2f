/** What the `/Groups` handlers share: the filterable attributes, whether members are wanted, the document. */
import { toScimGroup } from '#domain/scim/group-resource.ts';
import type { ScimDocument } from '#domain/scim/patch.ts';
import { SCIM_GROUP } from '#domain/scim/schemas.ts';
import type { ScimGroupView } from '#use-cases/scim-groups.ts';
import { type ListQuery, parseListQuery } from './scim/list-query.ts';

/** `eq` filters `/Groups` answers with a key of their own (joined by `and`). */
export const GROUP_FILTERS = ['displayName', 'externalId', 'id', 'members.value'] as const;

const bare = (name: string): string => {
  const lower = name.toLowerCase();
  const urn = `${SCIM_GROUP.toLowerCase()}:`;
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

/** A read by id takes only the projection from its query string (any other parameter is a list's, and ignored). */
export function projectionOf(
  query: Record<string, string | undefined>,
): Pick<ListQuery, 'attributes' | 'excludedAttributes'> {
  const kept = Object.entries(query).filter(([k]) => ['attributes', 'excludedattributes'].includes(k.toLowerCase()));
  const { attributes, excludedAttributes } = parseListQuery(Object.fromEntries(kept), []);
  return { attributes, excludedAttributes };
}
