import { translators } from '#adapters/i18n/translators.ts';
import { withSettings } from '#adapters/runtime.ts';
import { route } from '#http/operations/show-forgot-password-page.ts';
import { page } from '#http/page.ts';
import { forgotPasswordForm } from '#http/pages/forgot-password.ts';

export const handler = page(route, withSettings({ translators }), async ({ visitor, nonce, csrf }) => ({
  body: forgotPasswordForm({ ...visitor, nonce, csrf }),
}));
