// What the pages that only read (the sign-in form, the account page) need: the page wiring and the identity store
// their session check reads. Apart from wiring/pages.ts so that their bundles hold no sign-in adapters (Cognito's
// client secret, the refresh grants): a GET page signs nobody in.
import { identityStore } from '#adapters/dynamodb/identity-store.ts';
import { translators } from '#adapters/i18n/translators.ts';
import { withSettings } from '#adapters/runtime.ts';
import { systemClock } from '#adapters/system-clock.ts';

export const pageWiring = withSettings({ translators });

/** The session check (`pageSession`) and the account page's reads. */
export const pageReadDeps = { identities: identityStore, clock: systemClock };
