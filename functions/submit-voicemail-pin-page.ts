import { accountReads } from '#adapters/dynamodb/account-store.ts';
import { serviceStore } from '#adapters/dynamodb/service-store.ts';
import { userReads } from '#adapters/dynamodb/user-store.ts';
import { translators } from '#adapters/i18n/translators.ts';
import { ulidIds, withSettings } from '#adapters/runtime.ts';
import { systemClock } from '#adapters/system-clock.ts';
import { NotFoundError, WeakPinError } from '#domain/errors.ts';
import { linkStateOfError } from '#domain/link-state.ts';
import { PIN_PATTERN } from '#domain/voicemail-pin.ts';
import { linkPageView } from '#http/link-pages.ts';
import { route } from '#http/operations/submit-voicemail-pin-page.ts';
import { page } from '#http/page.ts';
import type { FieldError } from '#http/pages/layout.ts';
import { goneStatus } from '#http/pages/link-gone.ts';
import { voicemailPinDone, voicemailPinForm, voicemailPinGone } from '#http/pages/voicemail-pin.ts';
import { describeVoicemailPinLink } from '#use-cases/link-descriptions.ts';
import { setVoicemailPin } from '#use-cases/voicemail-pin.ts';

const deps = { services: serviceStore, users: userReads, accounts: accountReads, clock: systemClock, ids: ulidIds };
const wiring = withSettings({ translators });

export const handler = page(route, wiring, async ({ form, nonce, csrf, acceptLanguages }) => {
  const link = await describeVoicemailPinLink(deps, form.token);
  const view = { ...linkPageView(wiring, link, acceptLanguages), nonce };
  if (link.state !== 'valid')
    return { status: goneStatus(link.state), body: voicemailPinGone({ ...view, state: link.state }) };
  const { t } = view;
  const again = (errors: FieldError[]) => ({
    status: 400,
    body: voicemailPinForm({ ...view, csrf, token: form.token, link, errors }),
  });
  // the JSON route's format (its schema's pattern), then the page's own check that both fields agree
  if (!PIN_PATTERN.test(form.pin)) return again([{ field: 'pin', message: t.t('pin.error.format') }]);
  if (form.repeat !== form.pin) return again([{ field: 'repeat', message: t.t('pin.error.mismatch') }]);
  try {
    // the same use case as POST /v1/voicemail-pin
    await setVoicemailPin(deps, { token: form.token, pin: form.pin });
  } catch (error) {
    const gone = error instanceof NotFoundError ? 'unknown' : linkStateOfError(error);
    if (gone) return { status: goneStatus(gone), body: voicemailPinGone({ ...view, state: gone }) };
    if (error instanceof WeakPinError) return again([{ field: 'pin', message: t.t('pin.error.weak') }]);
    throw error;
  }
  return { body: voicemailPinDone(view) };
});
