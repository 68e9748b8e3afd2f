import type { IdentityCaller } from '#domain/caller.ts';
import { activeOnly } from './audit.ts';
import { getMe } from './auth.ts';
import type { Deps } from './deps.ts';

/**
 * The hosted account page: what `/v1/me` answers (the person, their MFA state, their memberships), and the names of
 * the accounts that require MFA of them, as MFA removal decides it (`disableMfa` refuses while any does): the page
 * offers "turn off" only when none does, and says which ones when it cannot.
 */
export async function myAccount(deps: Pick<Deps, 'identities'>, caller: IdentityCaller) {
  const me = await getMe(deps, caller);
  const requiring = new Set(await deps.identities.accountsRequiringMfa(activeOnly(caller.memberships)));
  return {
    ...me,
    mfaRequiredBy: me.memberships.filter((m) => requiring.has(m.accountId)).map((m) => m.accountName),
  };
}
