/** What deciding who may do what needs beyond the membership: units, the tree state, a delegation, settings. */
import type { OrgUnit, TreeState } from '#domain/org-unit.ts';
import type { StoredUnitSettings } from './units.ts';

export interface AccessRead {
  tree: TreeState;
  /** The units asked for that exist, a pending move applied. */
  units: Map<string, OrgUnit>;
  /** Whether the delegation asked about exists. */
  delegate: boolean;
  /** The settings overrides of the units asked for (`settingsOf`); absent ones have none. */
  unitSettings: Map<string, StoredUnitSettings>;
}

export interface AccessStore {
  /** ONE consistent BatchGetItem: the tree item, these units, one delegation, these units' settings. */
  read(
    accountId: string,
    request: { unitIds: string[]; delegation?: { userId: string; delegateUserId: string }; settingsOf?: string[] },
  ): Promise<AccessRead>;
  /**
   * The members `delegateUserId` is a delegate of (whom they administer): one consistent Query, at most `limit` ids.
   * Managing a member hands these over, so whoever manages them must be able to manage these members too.
   */
  delegationsHeldBy(accountId: string, delegateUserId: string, limit: number): Promise<string[]>;
}
