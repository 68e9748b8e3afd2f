import { cognitoPasswordAdmin } from '#adapters/cognito/password-admin.ts';
import { cognitoSignInAdmin } from '#adapters/cognito/sign-in-admin.ts';
import { accountReads } from '#adapters/dynamodb/account-store.ts';
import { identityStore } from '#adapters/dynamodb/identity-store.ts';
import { resetStore } from '#adapters/dynamodb/reset-store.ts';
import { userReads } from '#adapters/dynamodb/user-store.ts';
import { translators } from '#adapters/i18n/translators.ts';
import { ulidIds, withSettings } from '#adapters/runtime.ts';
import { systemClock } from '#adapters/system-clock.ts';
import { NotFoundError, WeakPasswordError } from '#domain/errors.ts';
import { linkStateOfError } from '#domain/link-state.ts';
import { linkPageView, weakPasswordMessage } from '#http/link-pages.ts';
import { route } from '#http/operations/submit-reset-password-page.ts';
import { page } from '#http/page.ts';
import { goneStatus } from '#http/pages/link-gone.ts';
import { resetPasswordDone, resetPasswordForm, resetPasswordGone } from '#http/pages/reset-password.ts';
import { resetPassword } from '#use-cases/credentials.ts';
import { describeResetLink } from '#use-cases/link-descriptions.ts';

const deps = {
  resets: resetStore,
  identities: identityStore,
  users: userReads,
  accounts: accountReads,
  signIns: cognitoSignInAdmin,
  idp: cognitoPasswordAdmin,
  clock: systemClock,
  ids: ulidIds,
};
const wiring = withSettings({ translators });

export const handler = page(route, wiring, async ({ form, nonce, csrf, acceptLanguages }) => {
  const link = await describeResetLink(deps, form.token);
  const view = { ...linkPageView(wiring, link, acceptLanguages), nonce };
  if (link.state !== 'valid')
    return { status: goneStatus(link.state), body: resetPasswordGone({ ...view, state: link.state }) };
  try {
    // the same use case as POST /v1/auth/reset-password: the claim, the revocation and the answers hold here too
    await resetPassword(deps, { token: form.token, password: form.password });
  } catch (error) {
    const gone = error instanceof NotFoundError ? 'unknown' : linkStateOfError(error);
    if (gone) return { status: goneStatus(gone), body: resetPasswordGone({ ...view, state: gone }) };
    if (!(error instanceof WeakPasswordError)) throw error;
    const errors = [{ field: 'password', message: weakPasswordMessage(view.t, 'reset', form.password) }];
    return { status: 400, body: resetPasswordForm({ ...view, csrf, token: form.token, email: link.email, errors }) };
  }
  return { body: resetPasswordDone(view) };
});
