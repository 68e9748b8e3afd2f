import * as v from 'valibot';
import { accountReads } from '#adapters/dynamodb/account-store.ts';
import { translators } from '#adapters/i18n/translators.ts';
import { withSettings } from '#adapters/runtime.ts';
import {
  AcceptanceInProgressError,
  ConflictError,
  InvalidCredentialsError,
  NotFoundError,
  WeakPasswordError,
} from '#domain/errors.ts';
import { linkStateOfError } from '#domain/link-state.ts';
import { NAME_MAX_LENGTH } from '#domain/text.ts';
import { linkPageView, weakPasswordMessage } from '#http/link-pages.ts';
import { route } from '#http/operations/submit-accept-invitation-page.ts';
import { page } from '#http/page.ts';
import { acceptInvitationDone, acceptInvitationForm, acceptInvitationGone } from '#http/pages/accept-invitation.ts';
import type { FieldError } from '#http/pages/layout.ts';
import { goneStatus } from '#http/pages/link-gone.ts';
import { Name } from '#http/schemas/common.ts';
import { acceptInvitation } from '#use-cases/auth.ts';
import { acceptanceDeps } from './wiring/acceptance.ts';
import { describeInvitationLink } from '#use-cases/link-descriptions.ts';

const deps = { ...acceptanceDeps, accounts: accountReads };
const wiring = withSettings({ translators });

export const handler = page(route, wiring, async ({ form, nonce, csrf, acceptLanguages }) => {
  const link = await describeInvitationLink(deps, form.token);
  const view = { ...linkPageView(wiring, link, acceptLanguages), nonce };
  if (link.state !== 'valid')
    return { status: goneStatus(link.state), body: acceptInvitationGone({ ...view, state: link.state }) };
  const { t } = view;
  const values = { firstName: form.firstName, lastName: form.lastName };
  const again = (status: number, errors: FieldError[]) => ({
    status,
    body: acceptInvitationForm({ ...view, csrf, token: form.token, link, errors, values }),
  });

  // the names as the JSON route takes them; empty means not given
  const names: { firstName?: string; lastName?: string } = {};
  const nameErrors: FieldError[] = [];
  for (const field of link.asksName ? (['firstName', 'lastName'] as const) : []) {
    if (!form[field].trim()) continue;
    const name = v.safeParse(Name, form[field]);
    if (name.success) names[field] = name.output;
    else nameErrors.push({ field, message: t.t('accept.error.name', { max: NAME_MAX_LENGTH }) });
  }
  if (nameErrors.length) return again(400, nameErrors);

  try {
    // the same use case as POST /v1/invitations/accept: its checks, lease and answers hold here too
    await acceptInvitation(deps, { token: form.token, password: form.password, ...names });
  } catch (error) {
    const gone = error instanceof NotFoundError ? 'unknown' : linkStateOfError(error);
    if (gone) return { status: goneStatus(gone), body: acceptInvitationGone({ ...view, state: gone }) };
    // a current password is checked against the policy first too: for the person it is simply not theirs
    const wrong =
      error instanceof InvalidCredentialsError || (error instanceof WeakPasswordError && link.password === 'confirm');
    if (wrong) return again(400, [{ field: 'password', message: t.t('accept.error.wrongPassword') }]);
    if (error instanceof WeakPasswordError)
      return again(400, [{ field: 'password', message: weakPasswordMessage(t, 'accept', form.password) }]);
    if (error instanceof AcceptanceInProgressError) return again(409, [{ message: t.t('accept.error.busy') }]);
    if (error instanceof ConflictError) return again(409, [{ message: t.t('accept.error.refused') }]);
    throw error;
  }
  return { body: acceptInvitationDone({ ...view, accountName: link.accountName }) };
});
