import { accountReads } from '#adapters/dynamodb/account-store.ts';
import { serviceStore } from '#adapters/dynamodb/service-store.ts';
import { userReads } from '#adapters/dynamodb/user-store.ts';
import { translators } from '#adapters/i18n/translators.ts';
import { withSettings } from '#adapters/runtime.ts';
import { systemClock } from '#adapters/system-clock.ts';
import { linkPageView } from '#http/link-pages.ts';
import { route } from '#http/operations/show-voicemail-pin-page.ts';
import { page } from '#http/page.ts';
import { goneStatus } from '#http/pages/link-gone.ts';
import { voicemailPinForm, voicemailPinGone } from '#http/pages/voicemail-pin.ts';
import { describeVoicemailPinLink } from '#use-cases/link-descriptions.ts';

const deps = { services: serviceStore, users: userReads, accounts: accountReads, clock: systemClock };
const wiring = withSettings({ translators });

export const handler = page(route, wiring, async ({ query, nonce, csrf, acceptLanguages }) => {
  const link = await describeVoicemailPinLink(deps, query.token);
  const view = { ...linkPageView(wiring, link, acceptLanguages), nonce };
  if (link.state !== 'valid')
    return { status: goneStatus(link.state), body: voicemailPinGone({ ...view, state: link.state }) };
  return { body: voicemailPinForm({ ...view, csrf, token: query.token, link }) };
});
