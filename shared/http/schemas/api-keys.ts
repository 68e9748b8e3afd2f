/** API keys of system users: the create body and what responses show (never the secret, but once at creation). */
import * as v from 'valibot';
import { Id, Timestamp, tenantText } from './common.ts';

/**
 * Each schema is built inside `schema()`, so that a bundle drops the ones it does not use: esbuild honours a
 * side-effect-free mark only within the file that declares it (not valibot's, across modules), hence one per file.
 */
const schema = /* @__NO_SIDE_EFFECTS__ */ <T>(build: () => T): T => build();

export const CreateApiKeyBody = schema(() =>
  v.strictObject({
    name: tenantText(1, 100),
    /** When the key stops working; absent or null: never. */
    expiresAt: v.optional(v.nullable(Timestamp)),
  }),
);

const apiKeyEntries = {
  id: Id,
  name: v.string(),
  /** The start of the key, to tell keys apart. */
  prefix: v.string(),
  createdAt: Timestamp,
  expiresAt: v.nullable(Timestamp),
};

/** A key as listed: no secret; `lastUsedAt` at most a minute stale. */
export const ApiKey = schema(() => v.object({ ...apiKeyEntries, lastUsedAt: v.nullable(Timestamp) }));
/** The answer to a create: the whole key, shown this once. */
export const CreatedApiKey = schema(() => v.object({ ...apiKeyEntries, key: v.string() }));
export const ApiKeyList = schema(() => v.object({ items: v.array(ApiKey), nextCursor: v.null() }));
