import * as v from 'valibot';
import { Id, PageQuery, Timestamp } from './common.ts';

/** Member `delegateUserId` administers member `userId` (and only them). */
export const Delegation = v.object({ userId: Id, delegateUserId: Id, createdAt: Timestamp });
export const ListDelegatesQuery = v.strictObject({ ...PageQuery });
