/** A member's place in the organisation tree: the steps that keep units' member counts and paths honest. */
import { UnitMoveInProgressError } from '#domain/errors.ts';
import { mfaOverridesKey } from './entities/account.ts';
import { orgTreeKey, orgUnitKey } from './entities/org-unit.ts';
import { check, type Step, update } from './transact.ts';
import { updateStep } from './unit-steps.ts';

/**
 * A member enters a unit: its count goes up, only while the unit still has the path the member's copy was taken
 * from (a move in between, or a delete, fails it: TreeChangedError, the use case reads again), and only while no
 * move is being applied to the tree (its member rewrites must not miss a member written meanwhile).
 */
export function enterUnitSteps(accountId: string, unitId: string, unitPath: string): Step[] {
  return [
    updateStep(
      orgUnitKey(accountId, unitId),
      'ADD #mc :one',
      '#path = :path',
      { '#mc': 'memberCount', '#path': 'path' },
      { ':one': 1, ':path': unitPath },
    ),
    {
      item: check(orgTreeKey(accountId), 'attribute_not_exists(#move)', undefined, { '#move': 'move' }),
      onConditionFailed: () =>
        new UnitMoveInProgressError('A move in this organisation tree is being applied; try again in a few seconds'),
    },
  ];
}

/** A member leaves a unit (moved elsewhere, or closed). */
export const leaveUnitStep = (accountId: string, unitId: string): Step =>
  updateStep(
    orgUnitKey(accountId, unitId),
    'ADD #mc :minus',
    'attribute_exists(PK)',
    { '#mc': 'memberCount' },
    { ':minus': -1 },
  );

/** Moves the account's count of MFA overrides below it (mfaOverridesKey) in the same transaction as the override. */
export const mfaOverridesStep = (accountId: string, delta: number): Step[] =>
  delta === 0
    ? []
    : [
        {
          item: update(mfaOverridesKey(accountId), 'ADD #c :d', undefined, { ':d': delta }, { '#c': 'count' }),
        },
      ];
