/** Settings layers: the account item (account level, mfaRequired included) and one item per unit that has overrides. */
import { NotFoundError, PreconditionFailedError } from '#domain/errors.ts';
import type { SettingsStore, StoredUnitSettings } from '#ports/units.ts';
import { batchGet } from './batch-get.ts';
import { auditEventItem, fromAccountItem } from './items.ts';
import { keys } from './keys.ts';
import { fromUnitSettingsItem, unitSettingsItem } from './org-items.ts';
import { mfaOverridesStep } from './member-placement.ts';
import { check, put, transact } from './transact.ts';

export const settingsStore: SettingsStore = {
  async readLayers(accountId, unitIds) {
    const accountKey = keys.account(accountId);
    const items = await batchGet([accountKey, ...unitIds.map((id) => keys.unitSettings(accountId, id))], {
      consistent: true,
    });
    let account = null;
    const units = new Map<string, StoredUnitSettings>();
    for (const item of items) {
      if (item.SK === accountKey.SK) account = fromAccountItem(item);
      else units.set(String(item.unitId), fromUnitSettingsItem(item));
    }
    return { account, units };
  },

  async saveUnitSettings(accountId, unitId, settings, expectedVersion, event, mfaOverrideDelta = 0) {
    const fresh = expectedVersion === 0;
    await transact([
      {
        item: put(
          unitSettingsItem(accountId, unitId, settings),
          fresh ? 'attribute_not_exists(PK)' : '#v = :v',
          fresh ? undefined : { ':v': expectedVersion },
          fresh ? undefined : { '#v': 'version' },
        ),
        onConditionFailed: () => new PreconditionFailedError(),
      },
      // the unit must still exist: a delete in between would otherwise leave these settings behind
      {
        item: check(keys.orgUnit(accountId, unitId), 'attribute_exists(PK)'),
        onConditionFailed: () => new NotFoundError('No such unit in this account'),
      },
      { item: put(auditEventItem(event)) },
      ...mfaOverridesStep(accountId, mfaOverrideDelta),
    ]);
  },
};
