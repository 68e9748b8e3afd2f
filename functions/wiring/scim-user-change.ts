// PUT and PATCH /Users: the creates' wiring plus Cognito, for a status change of a member with a sign-in. The
// setup mail goes out when a member without a sign-in gets a new email.
import { cognitoSignInAdmin } from '#adapters/cognito/sign-in-admin.ts';
import { identityStore } from '#adapters/dynamodb/identity-store.ts';
import { withSettings } from '#adapters/runtime.ts';
import { scimUserCreateParts } from './scim-user-create.ts';

export const scimUserChange = /* @__PURE__ */ (() =>
  withSettings({ ...scimUserCreateParts, identities: identityStore, signIns: cognitoSignInAdmin }))();
