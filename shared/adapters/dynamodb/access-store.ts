import { reconciled, type OrgUnit } from '#domain/org-unit.ts';
import type { AccessStore } from '#ports/access.ts';
import type { StoredUnitSettings } from '#ports/units.ts';
import { QueryCommand } from './document.ts';
import { batchGet } from './batch-get.ts';
import { ddb } from './client.ts';
import { delegationKey, delegationsHeldBy } from './entities/delegation.ts';
import { queryInput } from './query.ts';
import { fromOrgTreeItem, fromOrgUnitItem, isOrgUnit, orgTreeKey, orgUnitKey } from './entities/org-unit.ts';
import { fromUnitSettingsItem, isUnitSettings, unitSettingsKey } from './entities/settings.ts';

/**
 * The authorization read of the organisation model, after the membership check: the tree item (a pending move), the units whose
 * paths decide the scope question, the delegation, and the settings layers a member's effective settings need —
 * one consistent BatchGetItem (100 keys per call: an admin with more than ~90 scope units costs parallel calls).
 */
export const accessStore: AccessStore = {
  async read(accountId, { unitIds, delegation, settingsOf = [] }) {
    const treeKey = orgTreeKey(accountId);
    const ofDelegation = delegation
      ? delegationKey(accountId, delegation.userId, delegation.delegateUserId)
      : undefined;
    const items = await batchGet(
      [
        treeKey,
        ...unitIds.filter(Boolean).map((id) => orgUnitKey(accountId, id)),
        ...(ofDelegation ? [ofDelegation] : []),
        ...settingsOf.map((id) => unitSettingsKey(accountId, id)),
      ],
      { consistent: true },
    );
    const tree = fromOrgTreeItem(items.find((i) => i.PK === treeKey.PK && i.SK === treeKey.SK));
    const units = new Map<string, OrgUnit>();
    const unitSettings = new Map<string, StoredUnitSettings>();
    let delegate = false;
    for (const item of items) {
      const sk = String(item.SK);
      if (item.PK === treeKey.PK && isOrgUnit(item)) {
        const unit = reconciled(fromOrgUnitItem(item), tree.move);
        units.set(unit.id, unit);
      } else if (ofDelegation && item.PK === ofDelegation.PK && sk === ofDelegation.SK) delegate = true;
      else if (isUnitSettings(item)) unitSettings.set(String(item.unitId), fromUnitSettingsItem(item));
    }
    return { tree, units, delegate, unitSettings };
  },

  async delegationsHeldBy(accountId, delegateUserId, limit) {
    const { Items = [] } = await ddb.send(
      new QueryCommand(
        queryInput(delegationsHeldBy, [accountId], {
          prefix: delegationsHeldBy.prefix(delegateUserId),
          limit,
          projection: ['userId'],
        }),
      ),
    );
    return Items.map((item) => String(item.userId));
  },
};
