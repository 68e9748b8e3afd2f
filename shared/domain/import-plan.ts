/**
 * How the import worker decides and packs rows, pure: a validated row against what the file said before it (in-file
 * duplicates), the account's unit tree, groups and modules, the importing member's rights and the directory's claims;
 * then rows packed greedily into transactions of at most 100 items, with the counters they share merged.
 */
import { assertMayGrant, defaultModules, effectivePermissions, grantNotHeld } from './authorization.ts';
import type { MemberCaller } from './caller.ts';
import { DomainError, ValidationError } from './errors.ts';
import { groupNameKey } from './group.ts';
import type { ImportRowResult, RowProblem } from './member-import.ts';
import type { ImportDuplicates, ImportMember } from './member-import-rows.ts';
import type { OrgUnit } from './org-unit.ts';
import { moduleOfService } from './service.ts';
import type { Module } from './settings.ts';
import { NO_CAPABILITIES, assertGrantsFitType, type Grants } from './user.ts';

/** A record of the file with its validation (`validateImportRow`): the member it asks for, or its problems. */
export interface ImportRecord {
  index: number;
  line: number;
  input: ImportMember | null;
  problems: RowProblem[];
}

/** The key of a path of unit names: case-insensitive, the names apart ('' is the root). */
export const namePathKey = (names: readonly string[]): string =>
  names.map((n) => n.normalize('NFC').toLowerCase()).join('\u0000');

/**
 * The account's unit tree by name path (namePathKey): every unit at that path. Sibling units may share a name, so a
 * path can name more than one unit; the import does not guess between them.
 */
export function unitsByNamePath(units: OrgUnit[]): Map<string, OrgUnit[]> {
  const byId = new Map(units.map((u) => [u.id, u]));
  const out = new Map<string, OrgUnit[]>();
  for (const unit of units) {
    const names: string[] = [];
    let at: OrgUnit | undefined = unit;
    while (at?.parentId) {
      names.unshift(at.name);
      at = byId.get(at.parentId);
    }
    if (!at) continue;
    const key = namePathKey(names);
    const found = out.get(key);
    if (found) found.push(unit);
    else out.set(key, [unit]);
  }
  return out;
}

/** What the rows of a run are decided against (read once per run; groups grow as the run creates them). */
export interface ImportLookups {
  caller: MemberCaller;
  units: Map<string, OrgUnit>;
  unitsByPath: Map<string, OrgUnit[]>;
  /** groupNameKey → group id */
  groups: Map<string, string>;
  createGroups: boolean;
  /** The modules allowed in a unit: the account's settings narrowed by the unit's and its ancestors' own. */
  allowedModulesAt(unit: OrgUnit): readonly Module[];
}

/** What one BatchGetItem found for a batch's rows: taken usernames, emails and extensions, today's mails. */
export interface DirectoryClaims {
  usernames: Set<string>;
  emails: Set<string>;
  extensions: Set<string>;
}

/** A row that will create a member: where, with what, in which groups (new ones by name). */
export interface MemberDecision {
  input: ImportMember;
  unit: OrgUnit;
  grants: Grants & { unitId: string };
  /** Existing groups by id; groups this row creates by their name as written (first spelling wins). */
  groupIds: string[];
  newGroups: string[];
  /** A setup mail goes out after the commit (a person, sendInvitation not false). */
  mail: boolean;
}

export type RowDecision =
  | { line: number; index: number; status: 'failed' | 'skipped'; errors: RowProblem[] }
  | { line: number; index: number; status: 'created'; member: MemberDecision };

const problem = (column: RowProblem['column'], code: string, message: string): RowProblem => ({
  column,
  code,
  message,
});

/** A domain refusal (403, 400) as the row's problem on `column`. */
function refusal(error: unknown, column: RowProblem['column'], code: string): RowProblem {
  if (error instanceof ValidationError)
    return problem(column, code, error.errors.map((e) => e.message).join('; ') || error.message);
  if (error instanceof DomainError) return problem(column, code, error.message);
  throw error;
}

/**
 * The decision for one validated record, given the file before it (`seen`, updated here), the lookups and the
 * directory's claims. The order: validation, in-file duplicates, the unit, the groups, the grants and the importing
 * member's rights, the services' modules; then an existing username or email is `skipped`.
 */
export function decideRow(
  record: ImportRecord,
  seen: ImportDuplicates,
  lookups: ImportLookups,
  claims: DirectoryClaims,
): RowDecision {
  const base = { line: record.line, index: record.index };
  if (record.problems.length || !record.input) return { ...base, status: 'failed', errors: record.problems };
  const input = record.input;
  const duplicates = seen.claim(record.line, input);
  if (duplicates.length) return { ...base, status: 'failed', errors: duplicates };
  const atPath = lookups.unitsByPath.get(namePathKey(input.unitPath)) ?? [];
  if (atPath.length === 0)
    return {
      ...base,
      status: 'failed',
      errors: [problem('unit', 'unknown_unit', `No unit /${input.unitPath.join('/')} in this account`)],
    };
  if (atPath.length > 1)
    return {
      ...base,
      status: 'failed',
      errors: [
        problem(
          'unit',
          'ambiguous_unit',
          `${atPath.length} units are at /${input.unitPath.join('/')} (names compared without case): rename one`,
        ),
      ],
    };
  const unit = atPath[0];
  const groupIds: string[] = [];
  const newGroups: string[] = [];
  const unknown: string[] = [];
  const named = new Set<string>();
  for (const name of input.groups) {
    const key = groupNameKey(name);
    if (named.has(key)) continue;
    named.add(key);
    const id = lookups.groups.get(key);
    if (id) groupIds.push(id);
    else if (lookups.createGroups) newGroups.push(name);
    else unknown.push(name);
  }
  if (unknown.length)
    return {
      ...base,
      status: 'failed',
      errors: [
        problem(
          'groups',
          'unknown_group',
          `No group named ${unknown.map((g) => `"${g}"`).join(', ')} (import with createGroups=true to create it)`,
        ),
      ],
    };
  const grants: Grants & { unitId: string } = {
    unitId: unit.id,
    role: input.role,
    adminUnitIds: input.role === 'admin' ? [unit.id] : [],
    capabilities: { ...NO_CAPABILITIES },
    modules: defaultModules(lookups.caller),
  };
  try {
    assertGrantsFitType(input.type, grants);
  } catch (error) {
    return { ...base, status: 'failed', errors: [refusal(error, 'role', 'invalid_role')] };
  }
  // a role (or right) the starter does not hold is the row's role; anything else refused is where it goes: its unit
  const notHeld = grantNotHeld(lookups.caller, grants);
  if (notHeld) return { ...base, status: 'failed', errors: [problem('role', 'role_not_allowed', notHeld)] };
  try {
    assertMayGrant(lookups.caller, { units: lookups.units }, null, null, grants);
  } catch (error) {
    const column = error instanceof ValidationError ? 'role' : 'unit';
    return {
      ...base,
      status: 'failed',
      errors: [refusal(error, column, column === 'role' ? 'invalid_role' : 'out_of_scope')],
    };
  }
  // as createService decides: the member's modules within what their unit allows (its own and its ancestors' settings)
  const { modules } = effectivePermissions(grants, lookups.allowedModulesAt(unit), false);
  const missing = input.services.filter((s) => !modules.includes(moduleOfService[s]));
  if (missing.length)
    return {
      ...base,
      status: 'failed',
      errors: missing.map((s) =>
        problem('services', 'module_not_granted', `A ${s} service needs the "${moduleOfService[s]}" module`),
      ),
    };
  const exists: RowProblem[] = [];
  if (claims.usernames.has(input.username))
    exists.push(
      problem('username', 'username_exists', `The username "${input.username}" is already taken in this account`),
    );
  if (input.email && input.type === 'person' && claims.emails.has(input.email))
    exists.push(
      problem(
        'email',
        'email_exists',
        `${input.email} already belongs to a member of this account or has a pending invitation`,
      ),
    );
  if (exists.length) return { ...base, status: 'skipped', errors: exists };
  if (input.extension && claims.extensions.has(input.extension))
    return {
      ...base,
      status: 'failed',
      errors: [
        problem('extension', 'extension_taken', `Extension ${input.extension} is already in use in this account`),
      ],
    };
  const mail = input.type === 'person' && input.sendInvitation;
  return { ...base, status: 'created', member: { input, unit, grants, groupIds, newGroups, mail } };
}

/** Items a created row writes besides the counters it shares with others (which `sharedOf` names). */
export function ownItems(decision: RowDecision, dryRun: boolean): number {
  if (decision.status !== 'created' || dryRun) return 1; // the row result
  const { input, groupIds, newGroups } = decision.member;
  // user, username claim, SCIM userName check, event (+ email claim, setup link, token)
  const member = input.type === 'person' ? 7 : 4;
  const device = input.extension ? 3 : 0; // device, extension claim, event
  const groups = (groupIds.length + newGroups.length) * 2; // membership, event
  const services = input.services.length * 2; // service, event
  return 1 + member + device + groups + services;
}

/**
 * The items a row shares with other rows of its transaction, by key, with their size: the unit's count and the tree
 * check (1 each), an existing group's count (1), a new group (group, name claim, event: its count is set in its put),
 * the day's mail quota (1). A transaction touches each once, with the sum of its rows.
 */
export function sharedOf(decision: RowDecision, dryRun: boolean): Map<string, number> {
  const shared = new Map<string, number>();
  if (decision.status !== 'created' || dryRun) return shared;
  const { unit, groupIds, newGroups, mail } = decision.member;
  shared.set(`unit:${unit.id}`, 1);
  shared.set('tree', 1);
  for (const id of groupIds) shared.set(`group:${id}`, 1);
  for (const name of newGroups) shared.set(`newgroup:${groupNameKey(name)}`, 3);
  if (mail) shared.set('quota', 1);
  return shared;
}

/** DynamoDB's limit of actions in one TransactWriteItems; one is the import's own checkpoint update. */
export const TRANSACTION_ITEMS = 100;

/**
 * The longest prefix of `rows` (at least one) whose items, with the shared ones counted once and the import's
 * update, fit in one transaction.
 */
export function packTransaction(rows: RowDecision[], dryRun: boolean, limit = TRANSACTION_ITEMS): RowDecision[] {
  let used = 1; // the import's checkpoint update
  const shared = new Set<string>();
  const taken: RowDecision[] = [];
  for (const row of rows) {
    let cost = ownItems(row, dryRun);
    const mine = sharedOf(row, dryRun);
    for (const [key, size] of mine) if (!shared.has(key)) cost += size;
    if (taken.length && used + cost > limit) break;
    used += cost;
    for (const key of mine.keys()) shared.add(key);
    taken.push(row);
  }
  return taken;
}

/** The counters a transaction moves, one entry per item: each unit's and existing group's new members, mails. */
export interface MergedCounters {
  units: { unitId: string; unitPath: string; count: number }[];
  groups: { groupId: string; count: number }[];
  /** New groups of this transaction by name key: the name as first written and how many rows join it. */
  newGroups: { name: string; count: number }[];
  mails: number;
}

export function mergeCounters(rows: RowDecision[]): MergedCounters {
  const units = new Map<string, { unitId: string; unitPath: string; count: number }>();
  const groups = new Map<string, number>();
  const newGroups = new Map<string, { name: string; count: number }>();
  let mails = 0;
  for (const row of rows) {
    if (row.status !== 'created') continue;
    const { unit, groupIds, newGroups: named, mail } = row.member;
    const u = units.get(unit.id) ?? { unitId: unit.id, unitPath: unit.path, count: 0 };
    u.count++;
    units.set(unit.id, u);
    for (const id of groupIds) groups.set(id, (groups.get(id) ?? 0) + 1);
    for (const name of named) {
      const g = newGroups.get(groupNameKey(name)) ?? { name, count: 0 };
      g.count++;
      newGroups.set(groupNameKey(name), g);
    }
    if (mail) mails++;
  }
  return {
    units: [...units.values()],
    groups: [...groups].map(([groupId, count]) => ({ groupId, count })),
    newGroups: [...newGroups.values()],
    mails,
  };
}

/** A row past the day's mail quota: created, its mail not sent, with the warning that says how to send it later. */
export const mailQuotaWarning: RowProblem = problem(
  'sendInvitation',
  'mail_quota_reached',
  "The account's daily mail quota is used up: the member was created without the setup mail; send it later with " +
    'POST …/users/{userId}/send-invitation',
);

/** The counts a set of row results adds to the import. */
export function countsOf(rows: ImportRowResult[]): { created: number; skipped: number; failed: number } {
  const counts = { created: 0, skipped: 0, failed: 0 };
  for (const row of rows) counts[row.status]++;
  return counts;
}
