/**
 * Who must use MFA. The nearest rule wins: the member's own mfaRequired, else the nearest unit on their unit's path
 * that sets it, else the account's flag. The authenticator holds an identity without MFA at enrollment
 * (403 mfa_required) in an account where this says yes; the stores only read what it needs.
 */
import { mfaAlong, type SettingOverrides } from './settings.ts';

/** The rule below the account for one member: their own setting, else the nearest unit's; undefined when none says. */
export function mfaRuleBelowAccount(
  own: boolean | undefined,
  unitPath: readonly string[],
  unitSettings: ReadonlyMap<string, { overrides: SettingOverrides }>,
): boolean | undefined {
  return own ?? mfaAlong([...unitPath], unitSettings, undefined);
}

/** Whether a member must use MFA: the rule below the account when there is one, else the account's flag. */
export function memberMustUseMfa(accountRequires: boolean | undefined, below: boolean | undefined): boolean {
  return below ?? accountRequires ?? false;
}

/**
 * Whether a member's rule below the account has to be read at all: only while the account counts overrides below
 * it. An account without the counter (from before it) may have some, so it is read.
 */
export const mayOverrideBelow = (overrideCount: number | undefined): boolean => overrideCount !== 0;
