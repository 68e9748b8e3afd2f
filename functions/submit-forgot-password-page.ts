import * as v from 'valibot';
import { translators } from '#adapters/i18n/translators.ts';
import { withSettings } from '#adapters/runtime.ts';
import { route } from '#http/operations/submit-forgot-password-page.ts';
import { page } from '#http/page.ts';
import { forgotPasswordForm, forgotPasswordSent } from '#http/pages/forgot-password.ts';
import { Email } from '#http/schemas/common.ts';
import { withTimingFloor } from '#http/timing.ts';
import { logger } from '#observability/logger.ts';
import { forgotPassword } from '#use-cases/credentials.ts';
import { forgotPasswordDeps, RESPONSE_FLOOR_MS } from './wiring/forgot-password.ts';

const deps = forgotPasswordDeps;

export const handler = page(
  route,
  withSettings({ translators }),
  async ({ form, visitor, nonce, csrf, acceptLanguages }) => {
    const email = v.safeParse(Email, form.email);
    if (!email.success)
      return { status: 400, body: forgotPasswordForm({ ...visitor, nonce, csrf, email: form.email, error: true }) };
    // the same use case as POST /v1/auth/forgot-password: its per-address limit and decoys hold here too; the mail
    // comes in the language of the browser that asked
    await withTimingFloor(RESPONSE_FLOOR_MS, () =>
      forgotPassword(deps, { email: email.output, languages: acceptLanguages }),
    ).catch((error: Error) => {
      logger.error('forgot-password failed', { error: error.name });
    });
    return { body: forgotPasswordSent({ ...visitor, nonce, email: email.output }) };
  },
);
