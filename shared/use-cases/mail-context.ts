import type { Account } from '#domain/account.ts';
import { effectiveBrand } from '#domain/brand.ts';
import { pickLanguage } from '#domain/i18n.ts';
import type { MailContext } from '#domain/mail-layout.ts';
import type { User } from '#domain/user.ts';
import type { Deps } from './deps.ts';

export type MailContextDeps = Pick<Deps, 'translators' | 'settings'>;

/**
 * How a mail to `member` of `account` is written: in the member's language, else the account's, else English; under
 * the account's brand over the deployment's; dates in the member's time zone, else the account's. With no account
 * (a person in several accounts asking for a reset), the deployment's brand.
 */
export function mailContext(
  deps: MailContextDeps,
  account: Pick<Account, 'settings' | 'branding'> | null,
  member: Pick<User, 'language' | 'settings'> | null,
  ...fallbackLanguages: (string | null | undefined)[]
): MailContext {
  return {
    t: deps.translators(pickLanguage(member?.language, account?.settings.language, ...fallbackLanguages)),
    brand: effectiveBrand(deps.settings.brand, account?.branding),
    timeZone: member?.settings?.timezone ?? account?.settings.timezone ?? null,
  };
}
