import { type Html, html } from '#domain/html.ts';
import { csrfField, errorSummary, formField, layout, notice, primaryButton, type FormView } from './layout.ts';

type ForgotView = FormView;

/** The form: one email field. `error`: the address was not an address. */
export function forgotPasswordForm({
  t,
  brand,
  nonce,
  csrf,
  email,
  error,
}: ForgotView & { email?: string; error?: boolean }): Html {
  const message = error ? t.t('forgot.error.email') : undefined;
  return layout({
    t,
    brand,
    nonce,
    title: t.t('forgot.title'),
    main: html`${errorSummary(t, message ? [{ field: 'email', message }] : [])}
<p>${t.t('forgot.intro')}</p>
<form method="post" action="/forgot-password" novalidate>
${csrfField(csrf)}
${formField({ name: 'email', label: t.t('forgot.email'), type: 'email', autocomplete: 'email', required: true, value: email, error: message })}
${primaryButton(t.t('forgot.submit'))}
</form>
<p><a href="/sign-in">${t.t('forgot.signIn')}</a></p>`,
  });
}

/** The one answer for every well-formed address, known or not. */
export function forgotPasswordSent({ t, brand, nonce, email }: Omit<ForgotView, 'csrf'> & { email: string }): Html {
  return layout({
    t,
    brand,
    nonce,
    title: t.t('forgot.sent.title'),
    main: html`${notice(html`<p>${t.t('forgot.sent.body', { email })}</p>`)}
<p>${t.t('forgot.sent.again')}</p>
<p><a href="/sign-in">${t.t('forgot.signIn')}</a></p>`,
  });
}
