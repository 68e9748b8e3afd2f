import type { SCIM_ENTERPRISE_USER } from './schemas.ts';

/** The canonical form of SCIM PATCH operations (RFC 7644 §3.5.2), what `parsePatch` returns. */
export type PatchOpName = 'add' | 'replace' | 'remove';
/** A canonical path: attribute names cased as the schema has them; extension attributes carry `schema`. */
export interface PatchPath {
  schema?: typeof SCIM_ENTERPRISE_USER;
  attribute: string;
  subAttribute?: string;
  where?: { attribute: string; value: string | boolean };
}
export interface PatchOperation {
  op: PatchOpName;
  path: PatchPath | null;
  value?: unknown;
}
/** SCIM JSON: core attributes at the top level, extension attributes under the extension's URN. */
export type ScimDocument = Record<string, unknown>;
