// The account page as both of its handlers render it: what the person is (myAccount; held at MFA enrolment by an
// account's policy: their email only, as /v1/me answers them nothing else), and the form state of the moment.
import type { Html } from '#domain/html.ts';
import { epochSeconds } from '#domain/clock.ts';
import type { PageRequest } from '#http/page.ts';
import type { RouteDef } from '#http/route-types.ts';
import type { AccountView } from '#http/pages/account.ts';
import type { PageSession } from '#http/pages/session.ts';
import { RECENT_SIGN_IN_SECONDS } from '#use-cases/mfa.ts';
import { myAccount } from '#use-cases/my-account.ts';
import { pageReadDeps } from './page-reads.ts';

type SignedIn = Exclude<PageSession, { state: 'signed-out' }>;

export async function accountView(
  req: Pick<PageRequest<RouteDef>, 'visitor' | 'nonce' | 'csrf'>,
  session: SignedIn,
  state: Pick<AccountView, 'enrolment' | 'done' | 'error'> & { needsPassword?: boolean },
  /** accountPage, or accountPageAtRest where no enrolment can be under way (its bundle then holds no QR code). */
  render: (view: AccountView) => Html,
): Promise<Html> {
  const { caller } = session;
  const recent =
    caller.signedInAt !== undefined &&
    epochSeconds(pageReadDeps.clock.now()) - caller.signedInAt <= RECENT_SIGN_IN_SECONDS;
  const base = {
    ...req.visitor,
    nonce: req.nonce,
    csrf: req.csrf,
    email: caller.identity.email,
    mfaEnabled: caller.identity.mfaEnabled,
    needsPassword: state.needsPassword ?? !recent,
    ...state,
  };
  if (session.state === 'mfa-setup-required') return render({ ...base, mfaSetupRequired: true, mfaRequiredBy: [] });
  const me = await myAccount(pageReadDeps, caller);
  return render({ ...base, memberships: me.memberships, mfaRequiredBy: me.mfaRequiredBy });
}
