/**
 * What the pages behind mailed links share: the language and brand a link's page is shown in (the member's language,
 * the account's, then the browser's; the account's brand over the deployment's), and the field errors a use case's
 * refusal of the form stands for.
 */
import { defaultDeploymentBrand, effectiveBrand } from '#domain/brand.ts';
import { pickLanguage } from '#domain/i18n.ts';
import type { LinkAudience } from '#use-cases/link-descriptions.ts';
import type { PageWiring } from './page.ts';

export function linkPageView(wiring: PageWiring, audience: LinkAudience, acceptLanguages: readonly string[]) {
  return {
    t: wiring.translators(pickLanguage(audience.memberLanguage, audience.accountLanguage, ...acceptLanguages)),
    brand: effectiveBrand(wiring.settings.brand ?? defaultDeploymentBrand, audience.accountBrand),
  };
}
