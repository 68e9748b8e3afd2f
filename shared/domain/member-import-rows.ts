/**
 * One row of a member file judged on its own (pure: no directory, no caller): the member it asks for, or every problem
 * it has, each named by its column. The rules are createUser's (the same patterns and name rules, from the domain);
 * what depends on the directory or the caller (units and groups that exist, taken usernames, scope) is the import's.
 */
import { EXTENSION_PATTERN } from './device.ts';
import { normalizeEmail } from './email.ts';
import { groupNameKey } from './group.ts';
import { type ImportColumn, type ImportRecord, type RowProblem, splitEscaped, unescapeFormula } from './member-csv.ts';
import { MAX_UNIT_DEPTH } from './org-unit.ts';
import { serviceTypes, type ServiceType } from './service.ts';
import { nameProblem } from './text.ts';
import {
  COUNTRY_CODE_PATTERN,
  LANGUAGE_PATTERN,
  type Role,
  roles,
  SYSTEM_USERNAME_PATTERN,
  USERNAME_PATTERN,
  type UserType,
  userTypes,
} from './user.ts';

/** At most this many groups on one row. */
export const MAX_IMPORT_ROW_GROUPS = 20;

/** The member a valid row asks for. */
export interface ImportMember {
  type: UserType;
  username: string;
  /** Lower case; null: none (allowed for the types other than person). */
  email: string | null;
  firstName: string;
  lastName: string;
  /** `user` when the cell is empty. An admin administers the unit the row places them in. */
  role: Role;
  /** Unit names from the root's child down; [] is the root (an empty cell or `/`). Matched case-insensitively. */
  unitPath: string[];
  countryCode: string | null;
  language: string | null;
  /** Group names, each once (case-insensitively), in the order written. */
  groups: string[];
  /** Service types, each once. */
  services: ServiceType[];
  /** The member's first phone. */
  extension: string | null;
  /** Whether a person gets their setup mail: true when the cell is empty; always false for the other types. */
  sendInvitation: boolean;
}

export type ImportRowVerdict = { input: ImportMember; problems: [] } | { input: null; problems: RowProblem[] };

const TRUE = new Set(['true', 'yes', '1']);
const FALSE = new Set(['false', 'no', '0']);

/**
 * Judges one row. Cells are trimmed and an exported cell's formula guard (`'` before `=`, `+`, `-`, `@`, …) dropped;
 * an empty cell and an absent column are the same. Problem codes: `missing_value`, `invalid_username`,
 * `invalid_email`, `invalid_name`, `invalid_type`, `invalid_role`, `invalid_unit_path`, `invalid_country_code`,
 * `invalid_language`, `invalid_group_name`, `invalid_service`, `invalid_extension`, `invalid_boolean`, `not_for_type`.
 */
export function validateImportRow(record: ImportRecord): ImportRowVerdict {
  const problems: RowProblem[] = [];
  const fail = (column: ImportColumn, code: string, message: string): null => {
    problems.push({ column, code, message });
    return null;
  };
  const cell = (column: ImportColumn): string => unescapeFormula((record[column] ?? '').trim());

  const typeCell = cell('type').toLowerCase();
  const type: UserType | null =
    typeCell === ''
      ? 'person'
      : (userTypes as readonly string[]).includes(typeCell)
        ? (typeCell as UserType)
        : fail('type', 'invalid_type', `must be one of ${userTypes.join(', ')}`);

  const username = cell('username');
  if (username === '') fail('username', 'missing_value', 'every member needs a username');
  else if (!USERNAME_PATTERN.test(username))
    fail('username', 'invalid_username', 'must be 3-20 characters: lowercase letters, digits, ".", "_", "-"');
  else if (type === 'system' && !SYSTEM_USERNAME_PATTERN.test(username))
    fail('username', 'invalid_username', 'a system username is 3-20 of a-z and 0-9');

  const emailCell = cell('email');
  const email = emailCell === '' ? null : normalizeEmail(emailCell);
  if (emailCell !== '' && email === null) fail('email', 'invalid_email', 'must be a valid email address');
  if (emailCell === '' && type === 'person') fail('email', 'missing_value', 'a person needs an email to sign in with');

  const name = (column: 'firstName' | 'lastName'): string => {
    const value = cell(column);
    if (value === '') fail(column, 'missing_value', 'every member needs a first and a last name');
    else {
      const problem = nameProblem(value);
      if (problem) fail(column, 'invalid_name', problem);
    }
    return value;
  };
  const firstName = name('firstName');
  const lastName = name('lastName');

  const roleCell = cell('role').toLowerCase();
  const role: Role | null =
    roleCell === ''
      ? 'user'
      : (roles as readonly string[]).includes(roleCell)
        ? (roleCell as Role)
        : fail('role', 'invalid_role', `must be one of ${roles.join(', ')}`);
  if (role && type && type !== 'person' && role !== 'user' && !(type === 'system' && role === 'admin'))
    fail(
      'role',
      'not_for_type',
      type === 'system' ? 'a system user is a user or an admin' : `a ${type} is a user only`,
    );

  const unitPath = parseUnitPath(cell('unit'), fail);
  const countryCode = optional(cell('countryCode').toUpperCase(), COUNTRY_CODE_PATTERN, () =>
    fail('countryCode', 'invalid_country_code', 'must be an ISO 3166-1 alpha-2 code such as "US"'),
  );
  const language = optional(languageTag(cell('language')), LANGUAGE_PATTERN, () =>
    fail('language', 'invalid_language', 'must be a language tag such as "en" or "en-US"'),
  );
  const groups = parseGroups(cell('groups'), fail);
  const services = parseServices(cell('services'), fail);
  const extension = optional(cell('extension'), EXTENSION_PATTERN, () =>
    fail('extension', 'invalid_extension', 'must be 2-6 digits'),
  );

  const invitationCell = cell('sendInvitation').toLowerCase();
  let sendInvitation = type === 'person';
  if (TRUE.has(invitationCell)) {
    if (type && type !== 'person') fail('sendInvitation', 'not_for_type', 'only a person gets a setup mail');
  } else if (FALSE.has(invitationCell)) sendInvitation = false;
  else if (invitationCell !== '') fail('sendInvitation', 'invalid_boolean', 'must be true or false');

  if (problems.length || !type || !role || !unitPath || !groups || !services) return { input: null, problems };
  return {
    input: {
      type,
      username,
      email,
      firstName,
      lastName,
      role,
      unitPath,
      countryCode,
      language,
      groups,
      services,
      extension,
      sendInvitation,
    },
    problems: [],
  };
}

type Fail = (column: ImportColumn, code: string, message: string) => null;

/** An empty cell is null; anything else must match. */
function optional(value: string, pattern: RegExp, refuse: () => null): string | null {
  if (value === '') return null;
  return pattern.test(value) ? value : refuse();
}

/** `en-us` is read as `en-US`. */
const languageTag = (cell: string): string => {
  const [language, region, ...rest] = cell.split('-');
  if (rest.length || region === undefined) return cell.toLowerCase();
  return `${language.toLowerCase()}-${region.toUpperCase()}`;
};

/** `/Sales/EMEA` (the leading and a trailing `/` optional) → ['Sales', 'EMEA']; '' and '/' → [] (the root). */
export function parseUnitPath(cell: string, fail: Fail): string[] | null {
  const refuse = (message: string) => fail('unit', 'invalid_unit_path', message);
  if (cell === '' || cell === '/') return [];
  const parts = splitEscaped(cell.startsWith('/') ? cell.slice(1) : cell, '/');
  if (parts === null) return refuse('a backslash must be followed by the character it escapes');
  if (parts.length > 1 && parts.at(-1) === '') parts.pop();
  const names = parts.map((p) => p.trim());
  if (names.some((n) => n === '')) return refuse('a unit path names a unit between each two "/" (no "//")');
  if (names.length > MAX_UNIT_DEPTH) return refuse(`units nest at most ${MAX_UNIT_DEPTH} levels below the root`);
  for (const n of names) {
    const problem = nameProblem(n);
    if (problem) return refuse(`unit "${n}": ${problem}`);
  }
  return names;
}

/** `Sales; Night shift` → ['Sales', 'Night shift'], each once (case-insensitively); empty pieces are passed over. */
function parseGroups(cell: string, fail: Fail): string[] | null {
  const refuse = (message: string) => fail('groups', 'invalid_group_name', message);
  const parts = splitEscaped(cell, ';');
  if (parts === null) return refuse('a backslash must be followed by the character it escapes');
  const seen = new Set<string>();
  const names: string[] = [];
  for (const name of parts.map((p) => p.trim()).filter((p) => p !== '')) {
    const problem = nameProblem(name);
    if (problem) return refuse(`group "${name}": ${problem}`);
    if (seen.has(groupNameKey(name))) continue;
    seen.add(groupNameKey(name));
    names.push(name);
  }
  if (names.length > MAX_IMPORT_ROW_GROUPS) return refuse(`at most ${MAX_IMPORT_ROW_GROUPS} groups per member`);
  return names;
}

/** `fax;SMS` → ['fax', 'sms'], each once. */
function parseServices(cell: string, fail: Fail): ServiceType[] | null {
  const found = new Set<ServiceType>();
  for (const piece of cell.split(';').map((p) => p.trim().toLowerCase())) {
    if (piece === '') continue;
    if (!(serviceTypes as readonly string[]).includes(piece))
      return fail(
        'services',
        'invalid_service',
        `"${piece}" is no service; the services are ${serviceTypes.join(', ')}`,
      );
    found.add(piece as ServiceType);
  }
  return [...found];
}

/**
 * Usernames, persons' emails and extensions seen so far in one file (usernames and emails case-insensitively), for
 * the rule that the first row wins and a later row with the same username, person's email or extension fails naming
 * the line of the first (another type's email is a contact address, which members may share, as createUser allows). The import claims a row's keys once the row is valid on its own; on a resumed import it claims the rows
 * already handled again before going on.
 */
export class ImportDuplicates {
  private readonly first = {
    username: new Map<string, number>(),
    email: new Map<string, number>(),
    extension: new Map<string, number>(),
  };

  /** The row's duplicate problems ([] and the keys remembered when it has none). */
  claim(
    line: number,
    member: Pick<ImportMember, 'type' | 'username' | 'email'> & { extension?: string | null },
  ): RowProblem[] {
    const keys = {
      username: member.username.toLowerCase(),
      // only a person's email is unique (their sign-in); another type's is a contact address others may share
      email: member.type === 'person' ? (member.email?.toLowerCase() ?? null) : null,
      extension: member.extension ?? null,
    };
    const problems: RowProblem[] = [];
    for (const column of ['username', 'email', 'extension'] as const) {
      const key = keys[column];
      const firstLine = key === null ? undefined : this.first[column].get(key);
      if (firstLine !== undefined && firstLine !== line) problems.push(duplicate(column, firstLine));
    }
    if (problems.length) return problems;
    for (const column of ['username', 'email', 'extension'] as const) {
      const key = keys[column];
      if (key !== null) this.first[column].set(key, line);
    }
    return [];
  }
}

const duplicate = (column: 'username' | 'email' | 'extension', firstLine: number): RowProblem => ({
  column,
  code: 'duplicate_in_file',
  message: `the same ${column} is on line ${firstLine} of this file (the first row wins)`,
});
