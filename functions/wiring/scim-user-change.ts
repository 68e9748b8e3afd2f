// PUT and PATCH /Users: the creates' wiring plus Cognito, for a status change of a member with a sign-in. The
// setup mail goes out when a member without a sign-in gets a new email.
import { cognitoSignInAdmin } from '#adapters/cognito/sign-in-admin.ts';
import { identityStore } from '#adapters/dynamodb/identity-store.ts';
import { scimUserCreate } from './scim-user-create.ts';

export const scimUserChange = { ...scimUserCreate, identities: identityStore, signIns: cognitoSignInAdmin };
