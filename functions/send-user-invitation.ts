import { cognitoSignInAdmin } from '#adapters/cognito/sign-in-admin.ts';
import { identityStore } from '#adapters/dynamodb/identity-store.ts';
import { withSettings } from '#adapters/runtime.ts';
import { invitationAdapters } from './wiring/invitations.ts';
import { api } from '#http/api.ts';
import { route } from '#http/operations/send-user-invitation.ts';
import { asMember } from '#http/authenticate.ts';
import { json } from '#http/responses.ts';
import { sendUserInvitation } from '#use-cases/user-invitation.ts';

const deps = withSettings({ ...invitationAdapters, identities: identityStore, signIns: cognitoSignInAdmin });

export const handler = api(route, { identity: identityStore }, async ({ caller, params }) => {
  const invitation = await sendUserInvitation(deps, asMember(caller), params.userId);
  return json(202, { invitationId: invitation.id, expiresAt: invitation.expiresAt, delivery: invitation.delivery });
});
