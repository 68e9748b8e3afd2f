import type { Html } from '#domain/html.ts';
import type { Translator } from '#domain/i18n.ts';
import { type FieldError, formField } from './layout.ts';

/** A one-time code field: digits only, the autofill hint for authenticator codes. */
export const codeField = (t: Translator, label: string, error?: string): Html =>
  formField({
    name: 'code',
    label,
    hint: t.t('mfa.codeHint'),
    type: 'text',
    inputmode: 'numeric',
    autocomplete: 'one-time-code',
    pattern: '[0-9]{6}',
    maxlength: 6,
    required: true,
    error,
  });

/** A six-digit code as people type it (spaces and dashes dropped), or undefined when it is not one. */
export function typedCode(value: string | undefined): string | undefined {
  const digits = (value ?? '').replace(/[\s-]/g, '');
  return /^[0-9]{6}$/.test(digits) ? digits : undefined;
}

/** Why a code was refused, as the code field says it. */
export type CodeError = 'code' | 'codeWrong' | 'rateLimited' | 'expired';

/** The code field's own error (a rate limit or an expired step is the form's, in the summary only). */
export function codeFieldError(
  t: Translator,
  error: CodeError | undefined,
  wrong = 'mfa.error.codeWrong',
): FieldError[] {
  if (!error) return [];
  if (error === 'code') return [{ field: 'code', message: t.t('mfa.error.code') }];
  if (error === 'codeWrong') return [{ field: 'code', message: t.t(wrong) }];
  return [{ message: t.t(error === 'rateLimited' ? 'signin.error.rateLimited' : 'signin.error.expired') }];
}
