/**
 * A member file's row checked against createUser's rules, cell by cell (pure): the worker's validated input, or the
 * problems named by column. Values are trimmed; usernames and emails lower-cased like the API stores them.
 */
import { normalizeEmail } from './email.ts';
import type { ImportRecord as ImportPlanRecord, ImportRowInput } from './import-plan.ts';
import type { ImportCsvRecord } from './member-csv.ts';
import type { RowProblem } from './member-import.ts';
import { EXTENSION_PATTERN, isServiceType, type ServiceType } from './service.ts';
import { SYSTEM_USERNAME_PATTERN, USERNAME_PATTERN, roles, userTypes, type Role, type UserType } from './user.ts';

const COUNTRY = /^[A-Z]{2}$/;
const LANGUAGE = /^[a-z]{2,3}(-[A-Z]{2})?$/;
// control and bidirectional formatting characters, refused in names like the API's tenantText
// biome-ignore lint/suspicious/noControlCharactersInRegex: the point is to find them
const REFUSED_TEXT = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

const list = (cell: string | undefined): string[] =>
  (cell ?? '')
    .split(';')
    .map((s) => s.trim())
    .filter(Boolean);

export function checkImportRow(row: ImportCsvRecord): ImportPlanRecord {
  const cell = (c: keyof ImportCsvRecord['record']) => (row.record[c] ?? '').trim();
  const problems: RowProblem[] = [];
  const bad = (column: RowProblem['column'], code: string, message: string) => problems.push({ column, code, message });

  const rawType = cell('type').toLowerCase() || 'person';
  const type = (userTypes as readonly string[]).includes(rawType) ? (rawType as UserType) : null;
  if (!type) bad('type', 'invalid_type', `type must be one of ${userTypes.join(', ')}`);

  const username = cell('username').toLowerCase();
  if (!username) bad('username', 'missing_value', 'a username is required');
  else if (type === 'system' ? !SYSTEM_USERNAME_PATTERN.test(username) : !USERNAME_PATTERN.test(username))
    bad(
      'username',
      'invalid_username',
      type === 'system'
        ? 'a system username is 3–20 of a-z and 0-9'
        : 'must be 3-20 characters: lowercase letters, digits, ".", "_", "-"',
    );

  const rawEmail = cell('email');
  const email = rawEmail ? normalizeEmail(rawEmail) : null;
  if (rawEmail && !email) bad('email', 'invalid_email', `"${rawEmail}" is not a valid email address`);
  if (!rawEmail && type === 'person') bad('email', 'missing_value', 'a person needs an email to sign in with');

  const name = (c: 'firstName' | 'lastName') => {
    const v = cell(c);
    if (!v) bad(c, 'missing_value', `${c} is required`);
    else if (v.length > 100 || REFUSED_TEXT.test(v))
      bad(c, 'invalid_name', 'must be 1–100 characters without control or bidirectional formatting characters');
    return v;
  };
  const firstName = name('firstName');
  const lastName = name('lastName');

  const rawRole = cell('role').toLowerCase() || 'user';
  const role = (roles as readonly string[]).includes(rawRole) ? (rawRole as Role) : null;
  if (!role) bad('role', 'invalid_role', `role must be one of ${roles.join(', ')}`);

  const unit = cell('unit');
  if (unit && !unit.startsWith('/'))
    bad('unit', 'invalid_unit_path', 'a unit is a path of unit names such as /Sales/EMEA');

  const countryCode = cell('countryCode').toUpperCase() || null;
  if (countryCode && !COUNTRY.test(countryCode))
    bad('countryCode', 'invalid_country_code', 'must be an ISO 3166-1 alpha-2 code such as "US"');
  const language = cell('language') || null;
  if (language && !LANGUAGE.test(language))
    bad('language', 'invalid_language', 'must be a language tag such as "en" or "en-US"');

  const groups = list(row.record.groups);
  for (const g of groups)
    if (g.length > 100 || REFUSED_TEXT.test(g)) bad('groups', 'invalid_group_name', `"${g}" is not a group name`);
  const services: ServiceType[] = [];
  for (const s of list(row.record.services).map((x) => x.toLowerCase())) {
    if (!isServiceType(s)) bad('services', 'invalid_service', `"${s}" is not a service: fax, sms or voice`);
    else if (!services.includes(s)) services.push(s);
  }

  const extension = cell('extension') || null;
  if (extension && !EXTENSION_PATTERN.test(extension))
    bad('extension', 'invalid_extension', 'an extension is 2–6 digits');

  const rawSend = cell('sendInvitation').toLowerCase();
  let sendInvitation: boolean | null = null;
  if (rawSend) {
    if (['true', 'yes', '1'].includes(rawSend)) sendInvitation = true;
    else if (['false', 'no', '0'].includes(rawSend)) sendInvitation = false;
    else bad('sendInvitation', 'invalid_boolean', 'sendInvitation is true or false');
  }
  if (sendInvitation && type && type !== 'person')
    bad('sendInvitation', 'not_for_type', 'only a person gets a setup mail');

  // only a person's email is unique in the account (another type's is a contact address)
  const keys = {
    username: username || null,
    email: type === 'person' ? (email ?? (rawEmail.toLowerCase() || null)) : null,
    extension,
  };
  const input: ImportRowInput | null =
    problems.length || !type || !role
      ? null
      : {
          username,
          email,
          firstName,
          lastName,
          type,
          role,
          unit: unit || null,
          countryCode,
          language,
          groups,
          services,
          extension,
          sendInvitation,
        };
  return { index: row.index, line: row.line, input, problems, keys };
}
