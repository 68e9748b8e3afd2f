import { accessStore } from '#adapters/dynamodb/access-store.ts';
import { cognitoSignInAdmin } from '#adapters/cognito/sign-in-admin.ts';
import { accountStore } from '#adapters/dynamodb/account-store.ts';
import { identityStore } from '#adapters/dynamodb/identity-store.ts';
import { invitationStore } from '#adapters/dynamodb/invitation-store.ts';
import { userStore } from '#adapters/dynamodb/user-store.ts';
import { settings, ulidIds } from '#adapters/runtime.ts';
import { sesMailer } from '#adapters/ses/mailer.ts';
import { systemClock } from '#adapters/system-clock.ts';
import { api } from '#http/api.ts';
import { route } from '#http/operations/send-user-invitation.ts';
import { asMember } from '#http/authenticate.ts';
import { json } from '#http/responses.ts';
import { sendUserInvitation } from '#use-cases/user-invitation.ts';

const deps = {
  access: accessStore,
  accounts: accountStore,
  users: userStore,
  invitations: invitationStore,
  identities: identityStore,
  signIns: cognitoSignInAdmin,
  mailer: sesMailer,
  clock: systemClock,
  ids: ulidIds,
  get settings() {
    return settings();
  },
};

export const handler = api(route, { identity: identityStore }, async ({ caller, params }) => {
  const invitation = await sendUserInvitation(deps, asMember(caller), params.userId);
  return json(202, { invitationId: invitation.id, expiresAt: invitation.expiresAt, delivery: invitation.delivery });
});
