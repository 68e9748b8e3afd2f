/** Settings layers: the account item (account level, mfaRequired included) and one item per unit that has overrides. */
import { NotFoundError, PreconditionFailedError } from '#domain/errors.ts';
import type { SettingsStore, StoredUnitSettings } from '#ports/units.ts';
import { batchGet } from './batch-get.ts';
import { accountKey, fromAccountItem } from './entities/account.ts';
import { auditEventItem } from './entities/audit-event.ts';
import { orgUnitKey } from './entities/org-unit.ts';
import { fromUnitSettingsItem, unitSettingsItem, unitSettingsKey } from './entities/settings.ts';
import { mfaOverridesStep } from './member-placement.ts';
import { check, put, transact } from './transact.ts';
import { sameMoveState, unitAtVersion } from './unit-steps.ts';

export const settingsStore: SettingsStore = {
  async readLayers(accountId, unitIds) {
    const ofAccount = accountKey(accountId);
    const items = await batchGet([ofAccount, ...unitIds.map((id) => unitSettingsKey(accountId, id))], {
      consistent: true,
    });
    let account = null;
    const units = new Map<string, StoredUnitSettings>();
    for (const item of items) {
      if (item.SK === ofAccount.SK) account = fromAccountItem(item);
      else units.set(String(item.unitId), fromUnitSettingsItem(item));
    }
    return { account, units };
  },

  async saveUnitSettings(accountId, unitId, settings, expectedVersion, event, mfaOverrideDelta = 0, scoped) {
    const fresh = expectedVersion === 0;
    await transact([
      ...(scoped ? [sameMoveState(accountId, scoped.moveId)] : []),
      {
        item: put(
          unitSettingsItem(accountId, unitId, settings),
          fresh ? 'attribute_not_exists(PK)' : '#v = :v',
          fresh ? undefined : { ':v': expectedVersion },
          fresh ? undefined : { '#v': 'version' },
        ),
        onConditionFailed: () => new PreconditionFailedError(),
      },
      // the unit must still exist: a delete in between would otherwise leave these settings behind (scoped: and be
      // as the admin's scope was checked on; gone or changed, the request reads again)
      scoped
        ? unitAtVersion(accountId, unitId, scoped.unitVersion)
        : {
            item: check(orgUnitKey(accountId, unitId), 'attribute_exists(PK)'),
            onConditionFailed: () => new NotFoundError('No such unit in this account'),
          },
      { item: put(auditEventItem(event)) },
      ...mfaOverridesStep(accountId, mfaOverrideDelta),
    ]);
  },
};
