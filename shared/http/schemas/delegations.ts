import * as v from 'valibot';
import { Id, PageQuery, Timestamp } from './common.ts';

/**
 * Each schema is built inside `schema()`, so that a bundle drops the ones it does not use: esbuild honours a
 * side-effect-free mark only within the file that declares it (not valibot's, across modules), hence one per file.
 */
const schema = /* @__NO_SIDE_EFFECTS__ */ <T>(build: () => T): T => build();

/** Member `delegateUserId` administers member `userId` (and only them). */
export const Delegation = schema(() => v.object({ userId: Id, delegateUserId: Id, createdAt: Timestamp }));
export const ListDelegatesQuery = schema(() => v.strictObject({ ...PageQuery }));
