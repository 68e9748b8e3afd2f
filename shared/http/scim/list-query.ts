import { ScimError, scimBadRequest } from '#domain/scim/errors.ts';
import type { ScimDocument } from '#domain/scim/patch.ts';
import { SCIM_LIST_RESPONSE } from '#domain/scim/schemas.ts';
import { type FilterTerm, parseFilter } from './filter.ts';
import { attributeNames as names, queryParam as param, type Projection } from './projection.ts';

export { project } from './projection.ts';

/** The query of a SCIM list (RFC 7644 §3.4.2): filter, 1-based paging, projection. */
export interface ListQuery {
  filter: FilterTerm[];
  /** 1-based; below 1 means 1. */
  startIndex: number;
  /** 0..100, default 100; 0 answers the total only. */
  count: number;
  attributes?: Projection['attributes'];
  excludedAttributes?: Projection['excludedAttributes'];
}

export const MAX_COUNT = 100;

function integer(name: string, raw: string | undefined): number | undefined {
  if (raw === undefined || raw.trim() === '') return undefined;
  if (!/^\s*[-+]?\d+\s*$/.test(raw)) throw scimBadRequest('invalidValue', `"${name}" must be an integer`);
  return Math.min(Math.max(Number(raw), Number.MIN_SAFE_INTEGER), Number.MAX_SAFE_INTEGER);
}

/**
 * Reads `filter`, `startIndex`, `count`, `attributes`, `excludedAttributes`. startIndex < 1 → 1; count > 100 → 100,
 * < 0 → 0, default 100; anything but an integer → 400 invalidValue; `sortBy`/`sortOrder` → 501. With both
 * `attributes` and `excludedAttributes`, `attributes` wins (excludedAttributes is then left out).
 */
export function parseListQuery(query: Record<string, string | undefined>, allowed: readonly string[]): ListQuery {
  if (param(query, 'sortBy') !== undefined || param(query, 'sortOrder') !== undefined) {
    throw new ScimError(501, undefined, 'Sorting is not supported');
  }
  const filterText = param(query, 'filter');
  const filter = filterText === undefined || filterText.trim() === '' ? [] : parseFilter(filterText, allowed);
  const startIndex = Math.max(integer('startIndex', param(query, 'startIndex')) ?? 1, 1);
  const count = Math.min(Math.max(integer('count', param(query, 'count')) ?? MAX_COUNT, 0), MAX_COUNT);
  const result: ListQuery = { filter, startIndex, count };
  const attributes = names(param(query, 'attributes'));
  const excludedAttributes = names(param(query, 'excludedAttributes'));
  if (attributes) result.attributes = attributes;
  else if (excludedAttributes) result.excludedAttributes = excludedAttributes;
  return result;
}

/** A ListResponse (RFC 7644 §3.4.2); `Resources` is always present, `[]` when nothing matched (Entra expects it). */
export function listResponse(resources: ScimDocument[], totalResults: number, startIndex: number): ScimDocument {
  return {
    schemas: [SCIM_LIST_RESPONSE],
    totalResults,
    startIndex,
    itemsPerPage: resources.length,
    Resources: resources,
  };
}
