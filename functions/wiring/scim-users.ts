// The adapters the SCIM /Users read handlers (GET and lists) hand their use cases: member reads, the claims'
// lookups, the scope read. No Cognito or SES client: the writes have their own wirings (scim-user-create.ts,
// scim-user-change.ts), so each bundle keeps only the clients its handler calls.
import { accessStore } from '#adapters/dynamodb/access-store.ts';
import { scimUserStore } from '#adapters/dynamodb/scim-user-store.ts';
import { userEdits } from '#adapters/dynamodb/user-store.ts';

/** GET /Users and /Users/{id}: member reads, the claims' lookups, the scope read. */
export const scimUserReads = { access: accessStore, users: userEdits, scimUsers: scimUserStore };
