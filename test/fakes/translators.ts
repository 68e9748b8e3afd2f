/**
 * Translators for unit tests: the real compiled catalogues (shared/i18n/compiled), read from the source tree, so a
 * test sees the words a deployed function would write. Pure and fast: each language is read once per test file.
 */
import { translators } from '#adapters/i18n/translators.ts';
import { type AccountBrand, type DeploymentBrand, defaultDeploymentBrand, effectiveBrand } from '#domain/brand.ts';
import type { Language } from '#domain/i18n.ts';
import type { MailContext } from '#domain/mail-layout.ts';

export { translators };

/** How a mail is written: English under the default brand in UTC unless told otherwise. */
export const mailContextFor = (
  language: Language = 'en',
  brand: { deployment?: Partial<DeploymentBrand>; account?: AccountBrand } = {},
  timeZone: string | null = null,
): MailContext => ({
  t: translators(language),
  brand: effectiveBrand({ ...defaultDeploymentBrand, ...brand.deployment }, brand.account),
  timeZone,
});
