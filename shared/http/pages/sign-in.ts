import { type Html, html } from '#domain/html.ts';
import type { Translator } from '#domain/i18n.ts';
import {
  csrfField,
  errorSummary,
  type FieldError,
  formField,
  layout,
  notice,
  passwordPolicyList,
  passwordPolicyScript,
  primaryButton,
  type FormView,
} from './layout.ts';
import { type CodeError, codeField, codeFieldError } from './mfa-enrolment.ts';
import { enrolmentSteps } from './mfa-enrolment-steps.ts';

type View = FormView;

/**
 * The steps of a sign-in, each one form posting to /sign-in with its `step`. Between steps the page carries the
 * sign-in's session (sealed) in a hidden field, never in the address.
 */
export type SignInStep =
  | {
      step: 'password';
      email?: string;
      error?: 'email' | 'password' | 'credentials' | 'rateLimited' | 'expired';
      /** What the visitor just did: signed out, or turned two-step sign-in on (and must sign in again). */
      done?: 'signedOut' | 'mfaOn';
    }
  | { step: 'mfa'; session: string; error?: CodeError }
  | { step: 'mfa-setup'; setup: string; secret: string; otpauthUri: string; error?: CodeError }
  | { step: 'new-password'; session: string; error?: 'rules' | 'rateLimited' | 'expired' };

const restartLink = (t: Translator) => html`<p><a href="/sign-in">${t.t('signin.restart')}</a></p>`;

const hidden = (name: string, value: string) => html`<input type="hidden" name="${name}" value="${value}">`;

function passwordStep(t: Translator, csrf: string, s: Extract<SignInStep, { step: 'password' }>) {
  const errors: FieldError[] =
    s.error === 'email'
      ? [{ field: 'email', message: t.t('signin.error.email') }]
      : s.error === 'password'
        ? [{ field: 'password', message: t.t('signin.error.password') }]
        : s.error
          ? [
              {
                message: t.t(
                  s.error === 'credentials'
                    ? 'signin.error.credentials'
                    : s.error === 'rateLimited'
                      ? 'signin.error.rateLimited'
                      : 'signin.error.expired',
                ),
              },
            ]
          : [];
  const fieldError = (field: string) => errors.find((e) => e.field === field)?.message;
  return {
    title: t.t('signin.title'),
    main: html`${errorSummary(t, errors)}${
      s.done ? notice(html`<p>${t.t(s.done === 'signedOut' ? 'signin.signedOut' : 'signin.mfaOn')}</p>`) : ''
    }
<form method="post" action="/sign-in" novalidate>
${csrfField(csrf)}${hidden('step', 'password')}
${formField({ name: 'email', label: t.t('signin.email'), type: 'email', autocomplete: 'username', required: true, value: s.email, error: fieldError('email') })}
${formField({ name: 'password', label: t.t('signin.password'), type: 'password', autocomplete: 'current-password', required: true, error: fieldError('password') })}
${primaryButton(t.t('signin.submit'))}
</form>
<p><a href="/forgot-password">${t.t('signin.forgot')}</a></p>`,
  };
}

function mfaStep(t: Translator, csrf: string, s: Extract<SignInStep, { step: 'mfa' }>) {
  const errors = codeFieldError(t, s.error, 'mfa.error.codeNotAccepted');
  return {
    title: t.t('signin.mfa.title'),
    main: html`${errorSummary(t, errors)}
<p>${t.t('signin.mfa.intro')}</p>
<form method="post" action="/sign-in" novalidate>
${csrfField(csrf)}${hidden('step', 'mfa')}${hidden('session', s.session)}
${codeField(t, t.t('mfa.code'), errors.find((e) => e.field)?.message)}
${primaryButton(t.t('signin.mfa.submit'))}
</form>
${restartLink(t)}`,
  };
}

function setupStep(t: Translator, csrf: string, s: Extract<SignInStep, { step: 'mfa-setup' }>) {
  const errors = codeFieldError(t, s.error);
  return {
    title: t.t('mfa.enrol.title'),
    main: html`${errorSummary(t, errors)}
<p>${t.t('mfa.enrol.required')}</p>
${enrolmentSteps(t, s)}
<form method="post" action="/sign-in" novalidate>
${csrfField(csrf)}${hidden('step', 'mfa-setup')}${hidden('setup', s.setup)}
${codeField(t, t.t('mfa.code'), errors.find((e) => e.field)?.message)}
${primaryButton(t.t('mfa.enrol.submit'))}
</form>
${restartLink(t)}`,
  };
}

function newPasswordStep(t: Translator, csrf: string, s: Extract<SignInStep, { step: 'new-password' }>) {
  const errors: FieldError[] =
    s.error === 'rules'
      ? [{ field: 'newPassword', message: t.t('signin.newPassword.error') }]
      : s.error
        ? [{ message: t.t(s.error === 'rateLimited' ? 'signin.error.rateLimited' : 'signin.error.expired') }]
        : [];
  return {
    title: t.t('signin.newPassword.title'),
    main: html`${errorSummary(t, errors)}
<p>${t.t('signin.newPassword.intro')}</p>
<form method="post" action="/sign-in" novalidate>
${csrfField(csrf)}${hidden('step', 'new-password')}${hidden('session', s.session)}
${formField({
  name: 'newPassword',
  label: t.t('signin.newPassword'),
  type: 'password',
  autocomplete: 'new-password',
  required: true,
  hint: t.t('page.password.policy'),
  error: errors.find((e) => e.field)?.message,
  after: passwordPolicyList(t, 'newPassword'),
})}
${primaryButton(t.t('signin.newPassword.submit'))}
</form>
${restartLink(t)}`,
  };
}

/** The sign-in page at one of its steps. */
export function signInPage({ t, brand, nonce, csrf, ...s }: View & SignInStep): Html {
  const { title, main } =
    s.step === 'password'
      ? passwordStep(t, csrf, s)
      : s.step === 'mfa'
        ? mfaStep(t, csrf, s)
        : s.step === 'mfa-setup'
          ? setupStep(t, csrf, s)
          : newPasswordStep(t, csrf, s);
  // the password rules are checked as the person types (a few lines under the nonce; without script, on post)
  const script = s.step === 'new-password' ? passwordPolicyScript(nonce) : undefined;
  return layout({ t, brand, nonce, title, main, script });
}

/**
 * The sign-in page at its first step, as `signInPage` renders it: the page that only shows the form (GET /sign-in)
 * bundles none of the later steps (the authenticator enrolment's QR code among them).
 */
export function signInPasswordPage({
  t,
  brand,
  nonce,
  csrf,
  ...s
}: View & Extract<SignInStep, { step: 'password' }>): Html {
  const { title, main } = passwordStep(t, csrf, s);
  return layout({ t, brand, nonce, title, main, script: undefined });
}
