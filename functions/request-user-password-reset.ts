import { accessStore } from '#adapters/dynamodb/access-store.ts';
import { accountReads } from '#adapters/dynamodb/account-store.ts';
import { cognitoSignInAdmin } from '#adapters/cognito/sign-in-admin.ts';
import { identityStore } from '#adapters/dynamodb/identity-store.ts';
import { resetStore } from '#adapters/dynamodb/reset-store.ts';
import { userReads } from '#adapters/dynamodb/user-store.ts';
import { ulidIds, withSettings } from '#adapters/runtime.ts';
import { sesMailer } from '#adapters/ses/mailer.ts';
import { translators } from '#adapters/i18n/translators.ts';
import { systemClock } from '#adapters/system-clock.ts';
import { api } from '#http/api.ts';
import { route } from '#http/operations/request-user-password-reset.ts';
import { asMember } from '#http/authenticate.ts';
import { json } from '#http/responses.ts';
import { requestUserPasswordReset } from '#use-cases/credentials.ts';

const deps = withSettings({
  access: accessStore,
  accounts: accountReads,
  users: userReads,
  identities: identityStore,
  resets: resetStore,
  signIns: cognitoSignInAdmin,
  mailer: sesMailer,
  translators,
  clock: systemClock,
  ids: ulidIds,
});

export const handler = api(route, { identity: identityStore }, async ({ caller, params }) => {
  const { delivery } = await requestUserPasswordReset(deps, asMember(caller), params.userId);
  return json(202, { status: 'accepted', delivery });
});
