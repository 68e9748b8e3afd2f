import * as z from 'zod/mini';
import { Id, PageQuery, Timestamp } from './common.ts';

/** Member `delegateUserId` administers member `userId` (and only them). */
export const Delegation = z.object({ userId: Id, delegateUserId: Id, createdAt: Timestamp });
export const ListDelegatesQuery = z.strictObject({ ...PageQuery });
