/** SCIM /Users responses: the member as a SCIM User document, projected as the request's `attributes` ask. */
import { toScimUser } from '#domain/scim/user-resource.ts';
import type { User } from '#domain/user.ts';
import type { ScimDocument } from './scim/api.ts';
import { parseListQuery, project, type ListQuery } from './scim/list-query.ts';

/** `attributes` / `excludedAttributes` of any SCIM request (RFC 7644 §3.9): the rest of the query is not read. */
export function projectionOf(
  query: Record<string, string | undefined>,
): Pick<ListQuery, 'attributes' | 'excludedAttributes'> {
  const wanted = Object.fromEntries(
    Object.entries(query).filter(([k]) => ['attributes', 'excludedattributes'].includes(k.toLowerCase())),
  );
  const { attributes, excludedAttributes } = parseListQuery(wanted, []);
  return { ...(attributes ? { attributes } : {}), ...(excludedAttributes ? { excludedAttributes } : {}) };
}

export const scimUserDocument = (
  user: User,
  baseUrl: string,
  projection: Pick<ListQuery, 'attributes' | 'excludedAttributes'>,
): ScimDocument => project(toScimUser(user, baseUrl), projection);
