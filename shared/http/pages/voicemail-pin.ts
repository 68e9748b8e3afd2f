import { type Html, html } from '#domain/html.ts';
import type { VoicemailPinLinkDescription } from '#use-cases/link-descriptions.ts';
import { linkGonePage, type GoneState } from './link-gone.ts';
import {
  csrfField,
  dropTokenFromAddressBar,
  errorSummary,
  type FieldError,
  formField,
  layout,
  notice,
  primaryButton,
  type PageView,
} from './layout.ts';

type ValidLink = Extract<VoicemailPinLinkDescription, { state: 'valid' }>;

const errorOf = (errors: readonly FieldError[], field: string) => errors.find((e) => e.field === field)?.message;

/** The form behind a voice service's PIN link: the rules first, then the PIN twice (digits, numeric keypad). */
export function voicemailPinForm(
  input: PageView & { csrf: string; token: string; link: ValidLink; errors?: FieldError[] },
): Html {
  const { t, nonce, link, errors = [] } = input;
  const pin = (name: string, label: string) =>
    formField({
      name,
      label,
      type: 'password',
      autocomplete: 'off',
      inputmode: 'numeric',
      pattern: '[0-9]{4,8}',
      maxlength: 8,
      required: true,
      hint: name === 'pin' ? t.t('pin.rules') : undefined,
      error: errorOf(errors, name),
    });
  return layout({
    ...input,
    title: t.t('pin.title'),
    main: html`${errorSummary(t, errors)}
<p>${t.t('pin.intro', { firstName: link.firstName, account: link.accountName })}</p>
<form method="post" action="/voicemail-pin" novalidate>
${csrfField(input.csrf)}
<input type="hidden" name="token" value="${input.token}">
${pin('pin', t.t('pin.pin'))}
${pin('repeat', t.t('pin.repeat'))}
${primaryButton(t.t('pin.submit'))}
</form>`,
    script: dropTokenFromAddressBar(nonce),
  });
}

export function voicemailPinDone(input: PageView): Html {
  const { t } = input;
  return layout({
    ...input,
    title: t.t('pin.done.title'),
    main: notice(html`<p>${t.t('pin.done.body')}</p>`),
  });
}

export function voicemailPinGone(input: PageView & { state: GoneState }): Html {
  return linkGonePage({ ...input, area: 'pin' });
}
