import { type Html, html } from '#domain/html.ts';
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

/** The form behind a reset link: a new password, with the policy shown before typing and checked as they type. */
export function resetPasswordForm(
  input: PageView & { csrf: string; token: string; email: string; errors?: FieldError[] },
): Html {
  const { t, nonce, errors = [] } = input;
  return layout({
    ...input,
    title: t.t('reset.title'),
    main: html`${errorSummary(t, errors)}
<p>${t.t('reset.intro', { email: input.email })}</p>
<form method="post" action="/reset-password" novalidate>
${csrfField(input.csrf)}
<input type="hidden" name="token" value="${input.token}">
${formField({
  name: 'password',
  label: t.t('reset.password'),
  type: 'password',
  autocomplete: 'new-password',
  required: true,
  hint: t.t('page.password.policy'),
  error: errors.find((e) => e.field === 'password')?.message,
  after: passwordPolicyList(t, 'password'),
})}
${primaryButton(t.t('reset.submit'))}
</form>`,
    script: html`${dropTokenFromAddressBar(nonce)}${passwordPolicyScript(nonce)}`,
  });
}

/** After the reset: every session was signed out; the way to sign in again. */
export function resetPasswordDone(input: PageView): Html {
  const { t } = input;
  return layout({
    ...input,
    title: t.t('reset.done.title'),
    main: html`${notice(html`<p>${t.t('reset.done.body')}</p>`)}
${primaryLink('/sign-in', t.t('reset.signIn'))}`,
  });
}

/** A used, expired or unknown reset link: what happened, and the way to a new one. */
export function resetPasswordGone(input: PageView & { state: GoneState }): Html {
  return linkGonePage({
    ...input,
    area: 'reset',
    next: html`<p><a href="/forgot-password">${input.t.t('reset.newLink')}</a></p>`,
  });
}
