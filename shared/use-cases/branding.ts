/**
 * An account's own brand (a reseller's name, logo, colour and support address on its members' mails and pages): the
 * operator sets and removes it; the operator and the account's managers read it with the brand in effect.
 */
import type { Account } from '#domain/account.ts';
import { assertAccountManager } from '#domain/authorization.ts';
import { type AccountBrand, type Brand, checkAccountBrand, effectiveBrand } from '#domain/brand.ts';
import { actorOf, type IdentityCaller, type MemberCaller, type OperatorCaller } from '#domain/caller.ts';
import { auditEvent } from '#domain/audit.ts';
import { assertIfMatch, NotFoundError, ValidationError } from '#domain/errors.ts';
import type { Deps, AccountReads, AccountEdits } from './deps.ts';
import { retryWithoutIfMatch } from './retries.ts';

export interface AccountBranding {
  /** The fields the account set (none: `{}`). */
  account: AccountBrand;
  /** What its mails and pages show: its fields, the deployment's for the rest. */
  effective: Brand;
  /** The account's version (the ETag If-Match refers to). */
  version: number;
}

const brandFields = ['displayName', 'logoUrl', 'primaryColor', 'supportEmail'] as const;

const brandingOf = (deps: Pick<Deps, 'settings'>, account: Account): AccountBranding => ({
  account: account.branding ?? {},
  effective: effectiveBrand(deps.settings.brand, account.branding),
  version: account.version,
});

/** The operator, or an account manager of the path's account (the authorization read brought the account along). */
export async function getAccountBranding(
  deps: Pick<Deps, 'settings'> & { accounts: AccountReads },
  caller: OperatorCaller | MemberCaller | IdentityCaller,
  accountId: string,
): Promise<AccountBranding> {
  if (caller.kind === 'identity') throw new NotFoundError();
  if (caller.kind === 'member') assertAccountManager(caller);
  const account =
    (caller.kind === 'member' ? caller.account : undefined) ?? (await deps.accounts.get(accountId)) ?? undefined;
  if (!account) throw new NotFoundError();
  return brandingOf(deps, account);
}

/** Replaces the account's brand (fields left out fall back to the deployment's). Bad values: 400, nothing written. */
export async function putAccountBranding(
  deps: Pick<Deps, 'settings' | 'clock' | 'ids'> & { accounts: AccountEdits },
  caller: OperatorCaller,
  accountId: string,
  brand: AccountBrand,
  ifMatch?: number,
): Promise<AccountBranding> {
  const problems = checkAccountBrand(brand);
  if (problems.length) throw new ValidationError(problems);
  const given = Object.fromEntries(brandFields.flatMap((f) => (brand[f] === undefined ? [] : [[f, brand[f]]])));
  return changeBranding(deps, caller, accountId, ifMatch, Object.keys(given).length ? given : undefined);
}

/** Back to the deployment's brand. */
export async function deleteAccountBranding(
  deps: Pick<Deps, 'settings' | 'clock' | 'ids'> & { accounts: AccountEdits },
  caller: OperatorCaller,
  accountId: string,
  ifMatch?: number,
): Promise<AccountBranding> {
  return changeBranding(deps, caller, accountId, ifMatch, undefined);
}

/**
 * Writes the account with its new brand (none: the attribute goes) and an `account.branding_updated` event naming the
 * fields that changed; a change that changes nothing writes nothing. Without If-Match, a lost race is tried again.
 */
function changeBranding(
  deps: Pick<Deps, 'settings' | 'clock' | 'ids'> & { accounts: AccountEdits },
  caller: OperatorCaller,
  accountId: string,
  ifMatch: number | undefined,
  next: AccountBrand | undefined,
): Promise<AccountBranding> {
  return retryWithoutIfMatch(ifMatch, async () => {
    const current = await deps.accounts.get(accountId);
    if (!current) throw new NotFoundError();
    assertIfMatch(ifMatch, current.version);
    const changed = brandFields.filter((f) => current.branding?.[f] !== next?.[f]);
    if (changed.length === 0) return brandingOf(deps, current);
    const now = deps.clock.now().toISOString();
    const { branding: _, ...rest } = current;
    const updated: Account = {
      ...rest,
      ...(next ? { branding: next } : {}),
      updatedAt: now,
      version: current.version + 1,
    };
    const event = auditEvent(deps.ids, {
      accountId,
      type: 'account.branding_updated',
      at: now,
      actor: actorOf(caller),
      target: {},
      details: { changed, removed: next === undefined },
    });
    await deps.accounts.update(updated, current.version, event);
    return brandingOf(deps, updated);
  });
}
