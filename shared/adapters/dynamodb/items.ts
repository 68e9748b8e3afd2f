/** Item builders for tests and seed scripts; runtime code imports them from the entity modules (entities/*.ts). */
export type { Item } from './entity.ts';
export { accountItem, fromAccountItem } from './entities/account.ts';
export { auditEventItem, fromAuditEventItem } from './entities/audit-event.ts';
export { fromInvitationItem, invitationItem, linkTokenItem } from './entities/invitation.ts';
export { fromUserItem, userItem } from './entities/user.ts';
