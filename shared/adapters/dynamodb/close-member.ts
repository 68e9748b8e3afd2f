import type { User } from '#domain/user.ts';
import type { Step } from './transact.ts';
import { endDelegationsSteps } from './delegation-store.ts';
import { leaveUnitStep } from './member-placement.ts';

/**
 * THE hook for "everything attached to a member closes with them, in the same operation". Closing a member runs
 * one transaction (lifecycle-store.ts); each contributor below adds the steps that close what it owns (services,
 * group memberships, numbers: each new kind of membership adds one line), reading what it needs first. A TransactWriteItems
 * holds 100 items and closing itself takes up to 10, so a contributor that may own more must close in batches
 * of its own before the member is closed, and only hand its last few steps to this transaction.
 */
export type CloseMemberContributor = (member: User, at: string) => Promise<Step[]>;

const contributors: CloseMemberContributor[] = [
  // the member leaves their unit (its member count, which deleting a unit checks)
  async (member) => (member.unitId ? [leaveUnitStep(member.accountId, member.unitId)] : []),
  // their delegations, both ways
  (member) => endDelegationsSteps(member.accountId, member.id),
  // later: closeServicesOf, leaveGroupsOf, releaseNumbersOf
];

export async function closeMemberSteps(member: User, at: string): Promise<Step[]> {
  return (await Promise.all(contributors.map((contribute) => contribute(member, at)))).flat();
}
