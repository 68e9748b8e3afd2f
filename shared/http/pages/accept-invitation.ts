import { type Html, html } from '#domain/html.ts';
import type { InvitationLinkDescription } from '#use-cases/link-descriptions.ts';
import { linkGonePage, type GoneState } from './link-gone.ts';
import {
  csrfField,
  dropTokenFromAddressBar,
  errorSummary,
  type FieldError,
  formField,
  layout,
  notice,
  passwordPolicyList,
  passwordPolicyScript,
  primaryButton,
  primaryLink,
  type PageView,
} from './layout.ts';

type ValidLink = Extract<InvitationLinkDescription, { state: 'valid' }>;

/** The names typed so far, kept when the form comes back with errors (never the password). */
export interface AcceptValues {
  firstName?: string;
  lastName?: string;
}

const errorOf = (errors: readonly FieldError[], field: string) => errors.find((e) => e.field === field)?.message;

/**
 * The form behind an invitation or setup link: who invites the person to which account, then either a password to
 * choose (policy shown before typing, checked as they type) with optional names, or their current password. The
 * token rides in a hidden field and leaves the address bar once the page has loaded.
 */
export function acceptInvitationForm(
  input: PageView & { csrf: string; token: string; link: ValidLink; errors?: FieldError[]; values?: AcceptValues },
): Html {
  const { t, nonce, link, errors = [], values = {} } = input;
  const account = link.accountName;
  const choose = link.password === 'choose';
  const passwordField = choose
    ? formField({
        name: 'password',
        label: t.t('accept.password'),
        type: 'password',
        autocomplete: 'new-password',
        required: true,
        hint: t.t('page.password.policy'),
        error: errorOf(errors, 'password'),
        after: passwordPolicyList(t, 'password'),
      })
    : formField({
        name: 'password',
        label: t.t('accept.currentPassword'),
        type: 'password',
        autocomplete: 'current-password',
        required: true,
        error: errorOf(errors, 'password'),
      });
  return layout({
    ...input,
    title: t.t('accept.title', { account }),
    main: html`${errorSummary(t, errors)}
${link.firstName ? html`<p>${t.t('accept.greeting', { firstName: link.firstName })}</p>` : ''}
<p>${link.inviterName ? t.t('accept.invitedBy', { inviter: link.inviterName, account }) : t.t('accept.invitedByManager', { account })}</p>
<p>${choose ? t.t('accept.choosePassword', { email: link.email }) : t.t('accept.confirmPassword', { email: link.email, account })}</p>
<form method="post" action="/accept-invitation" novalidate>
${csrfField(input.csrf)}
<input type="hidden" name="token" value="${input.token}">
${
  link.asksName
    ? html`${formField({ name: 'firstName', label: t.t('accept.firstName'), autocomplete: 'given-name', value: values.firstName, error: errorOf(errors, 'firstName'), maxlength: 100 })}
${formField({ name: 'lastName', label: t.t('accept.lastName'), autocomplete: 'family-name', value: values.lastName, error: errorOf(errors, 'lastName'), maxlength: 100 })}`
    : ''
}
${passwordField}
${primaryButton(t.t('accept.submit', { account }))}
</form>`,
    script: html`${dropTokenFromAddressBar(nonce)}${choose ? passwordPolicyScript(nonce) : ''}`,
  });
}

/** After joining: "You're in", and the way to sign in. */
export function acceptInvitationDone(input: PageView & { accountName: string }): Html {
  const { t } = input;
  return layout({
    ...input,
    title: t.t('accept.done.title'),
    main: html`${notice(html`<p>${t.t('accept.done.body', { account: input.accountName })}</p>`)}
${primaryLink('/sign-in', t.t('accept.signIn'))}`,
  });
}

/** A used, expired, revoked or unknown invitation link: what happened, and "ask your account manager". */
export function acceptInvitationGone(input: PageView & { state: GoneState }): Html {
  const next = input.state === 'used' ? html`<p><a href="/sign-in">${input.t.t('accept.signIn')}</a></p>` : undefined;
  return linkGonePage({ ...input, area: 'accept', next });
}
