import { type Html, html } from '#domain/html.ts';
import type { Translator } from '#domain/i18n.ts';
import {
  csrfField,
  errorSummary,
  type FieldError,
  formField,
  layout,
  notice,
  primaryButton,
  type FormView,
} from './layout.ts';
import { type CodeError, codeField, codeFieldError } from './mfa-enrolment.ts';
import type { enrolmentSteps } from './mfa-enrolment-steps.ts';

/** What the account page shows of the person (`myAccount`; held at enrolment: their email only). */
export interface AccountView extends FormView {
  email: string;
  mfaEnabled: boolean;
  /** Memberships as /v1/me lists them; absent while an account's policy holds the person at MFA enrolment. */
  memberships?: readonly { accountName: string; role: string; status: string }[];
  /** Accounts whose policy keeps MFA on (no "turn off" then). */
  mfaRequiredBy: readonly string[];
  /** Held at enrolment: an account requires MFA and the person has none. */
  mfaSetupRequired?: boolean;
  /** Starting enrolment needs the password (the sign-in was more than 5 minutes ago). */
  needsPassword: boolean;
  /** An enrolment under way: the QR code, the secret, and the sealed field that carries the secret. */
  enrolment?: { setup: string; secret: string; otpauthUri: string };
  done?: 'mfaOff';
  error?: CodeError | 'password';
}

const hidden = (name: string, value: string) => html`<input type="hidden" name="${name}" value="${value}">`;

function memberships(t: Translator, list: NonNullable<AccountView['memberships']>): Html {
  if (!list.length) return html`<p>${t.t('account.accounts.none')}</p>`;
  return html`<table class="memberships">
<caption class="visually-hidden">${t.t('account.accounts.title')}</caption>
<thead><tr><th scope="col">${t.t('account.accounts.account')}</th><th scope="col">${t.t('account.accounts.role')}</th><th scope="col">${t.t('account.accounts.status')}</th></tr></thead>
<tbody>${list.map(
    (m) =>
      html`<tr><td>${m.accountName}</td><td>${t.t(`account.role.${m.role}`)}</td><td>${t.t(`account.status.${m.status}`)}</td></tr>`,
  )}</tbody>
</table>`;
}

function mfaSection(v: AccountView, errors: FieldError[], steps?: typeof enrolmentSteps): Html {
  const { t, csrf } = v;
  const fieldError = (field: string) => errors.find((e) => e.field === field)?.message;
  const form = (action: string, content: Html) =>
    html`<form method="post" action="/account" novalidate>${csrfField(csrf)}${hidden('action', action)}
${content}</form>`;
  if (v.enrolment) {
    if (!steps) throw new Error('An enrolment under way is rendered by accountPage');
    return html`<h3>${t.t('mfa.enrol.title')}</h3>
${steps(t, v.enrolment)}
${form(
  'mfa-verify',
  html`${hidden('setup', v.enrolment.setup)}
${codeField(t, t.t('mfa.code'), fieldError('code'))}
${primaryButton(t.t('mfa.enrol.submit'))}`,
)}`;
  }
  if (v.mfaEnabled) {
    if (v.mfaRequiredBy.length)
      return html`<p>${t.t('account.mfa.on')}</p>
<p>${t.t('account.mfa.required', { accounts: v.mfaRequiredBy.join(', ') })}</p>`;
    return html`<p>${t.t('account.mfa.on')}</p>
${form(
  'mfa-disable',
  html`${codeField(t, t.t('account.mfa.stopCode'), fieldError('code'))}
<button class="button secondary" type="submit">${t.t('account.mfa.stop')}</button>`,
)}`;
  }
  return html`<p>${t.t(v.mfaSetupRequired ? 'mfa.enrol.requiredAccount' : 'account.mfa.off')}</p>
${form(
  'mfa-start',
  html`${
    v.needsPassword
      ? formField({
          name: 'password',
          label: t.t('account.mfa.password'),
          hint: t.t('account.mfa.passwordHint'),
          type: 'password',
          autocomplete: 'current-password',
          required: true,
          error: fieldError('password'),
        })
      : ''
  }
${primaryButton(t.t('account.mfa.start'))}`,
)}`;
}

/**
 * The signed-in person's page with no enrolment under way (GET /account): it bundles no enrolment steps, so none of
 * the QR code. With an enrolment: `accountPage` (./account-enrolment.ts).
 */
export const accountPageAtRest = (v: Omit<AccountView, 'enrolment'>): Html => renderAccountPage(v);

/** The page, with the enrolment steps given where an enrolment may be under way (./account-enrolment.ts). */
export function renderAccountPage(v: AccountView, steps?: typeof enrolmentSteps): Html {
  const { t, brand, nonce, csrf } = v;
  const errors: FieldError[] =
    v.error === 'password'
      ? [{ field: 'password', message: t.t('account.error.password') }]
      : codeFieldError(t, v.error, v.enrolment ? 'mfa.error.codeWrong' : 'mfa.error.codeNotAccepted');
  return layout({
    t,
    brand,
    nonce,
    title: t.t('account.title'),
    main: html`${errorSummary(t, errors)}${v.done === 'mfaOff' ? notice(html`<p>${t.t('account.mfa.offDone')}</p>`) : ''}
<p>${t.t('account.signedInAs', { email: v.email })}</p>
${
  v.memberships
    ? html`<section aria-labelledby="accounts-title"><h2 id="accounts-title">${t.t('account.accounts.title')}</h2>
${memberships(t, v.memberships)}</section>`
    : ''
}
<section aria-labelledby="mfa-title"><h2 id="mfa-title">${t.t('account.mfa.title')}</h2>
${mfaSection(v, errors, steps)}</section>
<form method="post" action="/sign-out">${csrfField(csrf)}
<button class="button secondary" type="submit">${t.t('account.signOut')}</button></form>`,
  });
}
