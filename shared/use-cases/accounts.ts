import type { Account, AccountPatch } from '#domain/account.ts';
import { assertAccountManager, assertMayRequireMfa } from '#domain/authorization.ts';
import { actorOf, type MemberCaller, type OperatorCaller } from '#domain/caller.ts';
import { assertIfMatch, NotFoundError } from '#domain/errors.ts';
import { newRootUnit } from '#domain/org-unit.ts';
import { modules } from '#domain/settings.ts';
import { NO_CAPABILITIES, usernameFromEmail, type User } from '#domain/user.ts';
import type { Deps, AccountReads, AccountEdits } from './deps.ts';
import { auditEvent } from '#domain/audit.ts';
import { mailedAfterCommit } from '#domain/invitation-rules.ts';
import { newSetupLink, sendSetupMail } from './setup-link.ts';
import { retryWithoutIfMatch } from './retries.ts';

/** A new account (an operator creates it) and the account manager who sets it up. */
export interface NewAccountInput {
  name: string;
  contactEmail?: string | null;
  contactPhone?: string | null;
  owner: { email: string; firstName: string; lastName: string; username?: string };
}

export async function createAccount(
  deps: Pick<Deps, 'accounts' | 'mailer' | 'translators' | 'clock' | 'ids' | 'settings'> & {
    invitations: Pick<Deps['invitations'], 'setDelivery'>;
  },
  caller: OperatorCaller,
  input: NewAccountInput,
): Promise<{ account: Account; owner: User }> {
  const now = deps.clock.now().toISOString();
  const accountId = deps.ids.next();
  // the owner sits in the root from the start
  const rootUnit = { ...newRootUnit(accountId, deps.ids.next(), input.name, now), memberCount: 1 };
  const account: Account = {
    id: accountId,
    name: input.name,
    contactEmail: input.contactEmail ?? null,
    contactPhone: input.contactPhone ?? null,
    mfaRequired: false,
    rootUnitId: rootUnit.id,
    settings: {},
    createdAt: now,
    updatedAt: now,
    version: 1,
  };
  const owner: User = {
    id: deps.ids.next(),
    accountId: account.id,
    type: 'person',
    username: input.owner.username ?? usernameFromEmail(input.owner.email),
    email: input.owner.email,
    firstName: input.owner.firstName,
    lastName: input.owner.lastName,
    backupEmail: null,
    role: 'account_manager',
    status: 'invited',
    countryCode: null,
    language: null,
    unitId: rootUnit.id,
    unitPath: rootUnit.path,
    adminUnitIds: [],
    capabilities: { ...NO_CAPABILITIES },
    modules: [...modules],
    settings: {},
    identityId: null,
    friendlyName: null,
    notes: null,
    emailAliases: [],
    createdAt: now,
    updatedAt: now,
    version: 1,
  };
  const actor = actorOf(caller);
  const { invitation, token } = mailedAfterCommit(newSetupLink(deps, owner, actor, new Date(now)));
  const event = auditEvent(deps.ids, {
    accountId: account.id,
    type: 'account.created',
    at: now,
    actor,
    target: { userId: owner.id },
    details: { name: account.name, ownerEmail: owner.email, rootUnitId: rootUnit.id },
  });
  await deps.accounts.createWithOwner({ account, owner, invitation, event, rootUnit });
  await sendSetupMail(deps, account, owner, invitation, token);
  return { account, owner };
}

/** The caller's account: the one the authorization read already fetched (consistently), else from the store. */
export async function getAccount(deps: { accounts: AccountReads }, caller: MemberCaller): Promise<Account> {
  const account = caller.account ?? (await deps.accounts.get(caller.membership.accountId));
  if (!account) throw new NotFoundError();
  return account;
}

export async function updateAccount(
  deps: Pick<Deps, 'clock' | 'ids'> & { accounts: AccountEdits },
  caller: MemberCaller,
  patch: AccountPatch,
  ifMatch?: number,
): Promise<Account> {
  assertAccountManager(caller);
  return changeAccount(deps, caller, ifMatch, async (current) => {
    const now = deps.clock.now().toISOString();
    const changed = Object.keys(patch).filter(
      (k) => patch[k as keyof AccountPatch] !== current[k as keyof AccountPatch],
    );
    const next: Account = { ...current, ...patch, updatedAt: now, version: current.version + 1 };
    assertMayRequireMfa(caller, current.mfaRequired, next.mfaRequired);
    const event = auditEvent(deps.ids, {
      accountId: current.id,
      type: 'account.updated',
      at: now,
      actor: actorOf(caller),
      target: {},
      details: { changed },
    });
    await deps.accounts.update(next, current.version, event);
    return next;
  });
}

/**
 * A read-modify-write of the account: the account the authorization read brought first (no extra read), checked
 * against If-Match; without If-Match a write that lost a race runs again on the account read afresh.
 */
export async function changeAccount<T>(
  deps: { accounts: AccountReads },
  caller: MemberCaller,
  ifMatch: number | undefined,
  change: (current: Account) => Promise<T>,
): Promise<T> {
  let fresh = false;
  return retryWithoutIfMatch(ifMatch, async () => {
    const current = fresh ? await deps.accounts.get(caller.membership.accountId) : await getAccount(deps, caller);
    fresh = true;
    if (!current) throw new NotFoundError();
    assertIfMatch(ifMatch, current.version);
    return change(current);
  });
}
