/** GET …/users/export: the query (a cursor from the previous page's `Link`). */
import * as v from 'valibot';
import { PageQuery } from './common.ts';

/**
 * Each schema is built inside `schema()`, so that a bundle drops the ones it does not use: esbuild honours a
 * side-effect-free mark only within the file that declares it (not valibot's, across modules), hence one per file.
 */
const schema = /* @__NO_SIDE_EFFECTS__ */ <T>(build: () => T): T => build();

export const ExportUsersQuery = schema(() => v.strictObject({ cursor: PageQuery.cursor }));
