/**
 * Settings at the account and unit levels. The account level lives on the account item (mfaRequired is the very
 * attribute the authenticator enforces); a unit's overrides in an item of their own. A unit's effective settings
 * cost two reads: the unit (for its path) with the tree state, then the account and every unit on the path.
 */
import type { Account } from '#domain/account.ts';
import { actorOf, type MemberCaller } from '#domain/caller.ts';
import { assertIfMatch, NotFoundError } from '#domain/errors.ts';
import {
  assertAccountManager,
  assertMayBrowse,
  isAccountManager,
  assertMayRequireMfa,
  assertMaySetSettings,
} from '#domain/authorization.ts';
import { pathIds } from '#domain/org-unit.ts';
import type { AccessStore } from '#ports/access.ts';
import type { UnitStore } from '#ports/units.ts';
import type { OrganizationDeps, AccountReads, AccountEdits } from './deps.ts';
import { reachableUnit } from './units.ts';
import {
  accountSettings,
  applySettingsPatch,
  assertWithinLevelsAbove,
  mfaOverrideDelta,
  resolveSettings,
  type EffectiveSettings,
  type SettingOverrides,
  type SettingsPatch,
  type SettingValues,
} from '#domain/settings.ts';
import { changeAccount, getAccount } from './accounts.ts';
import { retryWithoutIfMatch, withStableTree } from './retries.ts';
import { auditEvent } from '#domain/audit.ts';

export interface AccountSettingsView {
  settings: SettingValues;
  effectiveSettings: EffectiveSettings;
  version: number;
}
export interface UnitSettingsView {
  settings: SettingOverrides;
  effectiveSettings: EffectiveSettings;
  version: number;
}

const accountView = (account: Account): AccountSettingsView => {
  const settings = accountSettings(account.settings, account.mfaRequired);
  return { settings, effectiveSettings: resolveSettings({ account: settings }), version: account.version };
};

export async function getAccountSettings(
  deps: { accounts: AccountReads },
  caller: MemberCaller,
): Promise<AccountSettingsView> {
  assertMayBrowse(caller);
  return accountView(await getAccount(deps, caller));
}

/** `null` resets an account-level setting to the default; mfaRequired is written to the account's own flag. */
export async function updateAccountSettings(
  deps: Pick<OrganizationDeps, 'clock' | 'ids'> & { accounts: AccountEdits },
  caller: MemberCaller,
  patch: SettingsPatch,
  ifMatch?: number,
): Promise<AccountSettingsView> {
  assertAccountManager(caller);
  return changeAccount(deps, caller, ifMatch, async (current) => {
    const { mfaRequired, ...rest } = patch;
    const { next, changed } = applySettingsPatch(current.settings, rest);
    const mfa = mfaRequired === undefined ? current.mfaRequired : mfaRequired === true;
    assertMayRequireMfa(caller, current.mfaRequired, mfa);
    if (mfa !== current.mfaRequired) changed.push('mfaRequired');
    const now = deps.clock.now().toISOString();
    const account: Account = {
      ...current,
      settings: next,
      mfaRequired: mfa,
      updatedAt: now,
      version: current.version + 1,
    };
    const event = auditEvent(deps.ids, {
      accountId: current.id,
      type: 'settings.updated',
      at: now,
      actor: actorOf(caller),
      target: {},
      details: { level: 'account', changed },
    });
    await deps.accounts.update(account, current.version, event);
    return accountView(account);
  });
}

/** The unit (a pending move applied) and every settings layer from the account down to it: two round trips. */
async function unitLayers(
  deps: Pick<OrganizationDeps, 'settingsStore' | 'access'> & { units: Pick<UnitStore, 'getWithTree'> },
  caller: MemberCaller,
  unitId: string,
) {
  const accountId = caller.membership.accountId;
  const { unit, tree } = await reachableUnit(deps, caller, unitId);
  const unitPath = unit.path;
  const path = pathIds(unitPath);
  const { account, units } = await deps.settingsStore.readLayers(accountId, path);
  if (!account) throw new NotFoundError();
  const own = units.get(unitId) ?? { overrides: {}, version: 0 };
  const layers = path.map((id) => ({ unitId: id, overrides: units.get(id)?.overrides ?? {} }));
  return { account, own, layers, unitPath, tree, unit };
}

const unitView = (
  account: Account,
  layers: { unitId: string; overrides: SettingOverrides }[],
  own: { overrides: SettingOverrides; version: number },
): UnitSettingsView => ({
  settings: own.overrides,
  effectiveSettings: resolveSettings({
    account: accountSettings(account.settings, account.mfaRequired),
    units: layers,
  }),
  version: own.version,
});

export async function getUnitSettings(
  deps: Pick<OrganizationDeps, 'settingsStore'> & { units: Pick<UnitStore, 'getWithTree'> } & { access: AccessStore },
  caller: MemberCaller,
  unitId: string,
): Promise<UnitSettingsView> {
  const { account, own, layers } = await unitLayers(deps, caller, unitId);
  return unitView(account, layers, own);
}

/**
 * A unit's overrides: a value overrides, `null` removes the override (the inherited value shows again).
 * mfaRequired set on a unit is enforced for the members of its subtree on every request (authenticate.ts).
 */
export async function updateUnitSettings(
  deps: Pick<OrganizationDeps, 'settingsStore' | 'clock' | 'ids'> & { units: Pick<UnitStore, 'getWithTree'> } & {
    access: AccessStore;
  },
  caller: MemberCaller,
  unitId: string,
  patch: SettingsPatch,
  ifMatch?: number,
): Promise<UnitSettingsView> {
  // an admin's write holds only on the unit's place their scope was checked on: a concurrent move (which may take the
  // unit out of their scope) sends it round again, scope and rules checked afresh
  return withStableTree(() =>
    retryWithoutIfMatch(ifMatch, async () => {
      const { account, own, layers, unitPath, tree, unit } = await unitLayers(deps, caller, unitId);
      assertMaySetSettings(caller, patch);
      assertIfMatch(ifMatch, own.version);
      const above = resolveSettings({
        account: accountSettings(account.settings, account.mfaRequired),
        units: layers.filter((l) => l.unitId !== unitId),
      });
      assertWithinLevelsAbove(patch, above);
      const { next, changed } = applySettingsPatch(own.overrides, patch);
      assertMayRequireMfa(caller, own.overrides.mfaRequired, next.mfaRequired);
      const saved = { overrides: next, version: own.version + 1 };
      const now = deps.clock.now().toISOString();
      const event = auditEvent(deps.ids, {
        accountId: account.id,
        type: 'settings.updated',
        at: now,
        actor: actorOf(caller),
        target: {},
        unitPath,
        details: { level: 'unit', unitId, changed },
      });
      await deps.settingsStore.saveUnitSettings(
        account.id,
        unitId,
        saved,
        own.version,
        event,
        mfaOverrideDelta(own.overrides, next),
        isAccountManager(caller) ? undefined : { unitVersion: unit.version, moveId: tree.move?.moveId ?? null },
      );
      return unitView(
        account,
        layers.map((l) => (l.unitId === unitId ? { unitId, overrides: next } : l)),
        saved,
      );
    }),
  );
}
