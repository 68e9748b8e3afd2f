/**
 * What the pages behind mailed links share: the language and brand a link's page is shown in (the member's language,
 * the account's, then the browser's; the account's brand over the deployment's), and the field errors a use case's
 * refusal of the form stands for.
 */
import { defaultDeploymentBrand, effectiveBrand } from '#domain/brand.ts';
import { pickLanguage, type Translator } from '#domain/i18n.ts';
import { passwordPolicy } from '#domain/password-policy.ts';
import type { LinkAudience } from '#use-cases/link-descriptions.ts';
import type { PageWiring } from './page.ts';
import { brokenPasswordRules } from './pages/layout.ts';

export function linkPageView(wiring: PageWiring, audience: LinkAudience, acceptLanguages: readonly string[]) {
  return {
    t: wiring.translators(pickLanguage(audience.memberLanguage, audience.accountLanguage, ...acceptLanguages)),
    brand: effectiveBrand(wiring.settings.brand ?? defaultDeploymentBrand, audience.accountBrand),
  };
}

/**
 * What a refused new password still needs, named by the policy's own rules (as the list beside the field says them),
 * so a browser without script learns the same; the general sentence when no listed rule is broken.
 */
export function weakPasswordMessage(t: Translator, area: 'accept' | 'reset', password: string): string {
  const missing = brokenPasswordRules(password).map((id) =>
    t.t(`page.password.${id}`, { min: passwordPolicy.minLength }),
  );
  return missing.length
    ? t.t(`${area}.error.passwordNeeds`, { missing: missing.join('; ') })
    : t.t(`${area}.error.weakPassword`);
}
