/** The SCIM User document of a member and back (shared/domain/scim/user-resource.ts), as pure functions. */
import { describe, expect, it } from 'vitest';
import { ScimError } from '#domain/scim/errors.ts';
import { SCIM_ENTERPRISE_USER, SCIM_USER } from '#domain/scim/schemas.ts';
import { fromScimUser, handleCandidates, toScimUser } from '#domain/scim/user-resource.ts';
import { USERNAME_PATTERN } from '#domain/user.ts';
import { userRecord } from '../builders/user-record.ts';

const member = userRecord;

/** Expects a 400 invalidValue ScimError naming `what`. */
function refused(body: unknown, what: RegExp) {
  try {
    fromScimUser(body);
  } catch (error) {
    expect(error).toBeInstanceOf(ScimError);
    expect(error).toMatchObject({ status: 400, scimType: 'invalidValue' });
    expect((error as ScimError).detail).toMatch(what);
    return;
  }
  throw new Error('expected a refusal');
}

const minimal = { userName: 'Ada@Acme.test', emails: [{ value: 'ada@acme.test' }] };

describe('toScimUser', () => {
  it('answers the member with derived names, the one work email, active and meta', () => {
    const doc = toScimUser(member(), 'https://api.test/scim/v2/accounts/A1');
    expect(doc).toEqual({
      schemas: [SCIM_USER],
      id: 'U1',
      userName: 'ada',
      name: { givenName: 'Ada', familyName: 'Lovelace', formatted: 'Ada Lovelace' },
      displayName: 'Ada Lovelace',
      emails: [{ value: 'ada@acme.test', type: 'work', primary: true }],
      active: true,
      meta: {
        resourceType: 'User',
        created: '2026-11-22T08:00:00.000Z',
        lastModified: '2026-11-22T09:00:00.000Z',
        location: 'https://api.test/scim/v2/accounts/A1/Users/U1',
        version: 'W/"3"',
      },
    });
    expect(toScimUser(member({ status: 'deactivated' }), '').active).toBe(false);
    expect(toScimUser(member({ status: 'active' }), '').active).toBe(true);
  });

  it('answers the SCIM profile: the provider’s userName (casing kept), externalId, phones, the extension', () => {
    const doc = toScimUser(
      member({
        scimProfile: {
          userName: 'Ada@Acme.test',
          externalId: 'ext-1',
          title: 'Countess',
          phoneNumbers: [{ value: '+1 555 0100', type: 'mobile' }],
          department: 'Maths',
          manager: 'U0',
        },
      }),
      '',
    );
    expect(doc).toMatchObject({
      schemas: [SCIM_USER, SCIM_ENTERPRISE_USER],
      userName: 'Ada@Acme.test',
      externalId: 'ext-1',
      title: 'Countess',
      phoneNumbers: [{ value: '+1 555 0100', type: 'mobile' }],
      [SCIM_ENTERPRISE_USER]: { department: 'Maths', manager: { value: 'U0' } },
    });
  });
});

describe('fromScimUser', () => {
  it('reads what is stored and ignores password, roles, groups and unknown attributes', () => {
    const input = fromScimUser({
      schemas: [SCIM_USER, SCIM_ENTERPRISE_USER],
      UserName: 'Ada@Acme.test',
      externalId: 'ext-1',
      name: { givenName: ' Ada ', familyName: 'Lovelace', formatted: 'ignored' },
      emails: [{ value: 'Ada@Acme.TEST', type: 'work', primary: 'True' }],
      active: 'False',
      title: 'Countess',
      phoneNumbers: [
        { value: '+1 555 0100', type: 'mobile' },
        { value: '+1 555 0101', type: 'home' },
        { value: '+1 555 0102' },
      ],
      password: 'Secret-1234',
      roles: [{ value: 'admin' }],
      groups: [{ value: 'G1' }],
      nickName: 'A',
      [SCIM_ENTERPRISE_USER.toUpperCase()]: { employeeNumber: '42', manager: { value: 'U0' } },
    });
    expect(input).toEqual({
      userName: 'Ada@Acme.test',
      email: 'ada@acme.test',
      firstName: 'Ada',
      lastName: 'Lovelace',
      active: false,
      profile: {
        userName: 'Ada@Acme.test',
        externalId: 'ext-1',
        title: 'Countess',
        phoneNumbers: [
          { value: '+1 555 0100', type: 'mobile' },
          { value: '+1 555 0102', type: 'work' },
        ],
        employeeNumber: '42',
        manager: 'U0',
      },
    });
    // without `active` the status is left as it is
    expect(fromScimUser(minimal)).not.toHaveProperty('active');
  });

  it('takes the primary email, else the first work one, else the first', () => {
    const pick = (emails: unknown[]) => fromScimUser({ userName: 'x', emails }).email;
    expect(
      pick([
        { value: 'a@x.test', type: 'work' },
        { value: 'b@x.test', primary: true },
      ]),
    ).toBe('b@x.test');
    expect(
      pick([
        { value: 'a@x.test', type: 'home' },
        { value: 'b@x.test', type: 'work' },
      ]),
    ).toBe('b@x.test');
    expect(
      pick([
        { value: 'a@x.test', type: 'home' },
        { value: 'b@x.test', type: 'other' },
      ]),
    ).toBe('a@x.test');
  });

  it('refuses what cannot be stored: no userName, no email, a bad email, a non-boolean active', () => {
    refused({ emails: minimal.emails }, /userName/);
    refused({ userName: 'ada' }, /email/);
    refused({ userName: 'ada', emails: [] }, /email/);
    refused({ userName: 'ada', emails: [{ value: 'not an address' }] }, /email/);
    refused({ ...minimal, active: 'yes' }, /active/);
    refused({ ...minimal, name: 'Ada' }, /name/);
    refused({ ...minimal, title: 'a\u202eb' }, /title/);
    refused({ ...minimal, userName: 'x'.repeat(257) }, /userName/);
    // positive control
    expect(fromScimUser(minimal).email).toBe('ada@acme.test');
  });

  it('bounds the values that become keys in UTF-8 bytes too: 256 characters and 512 bytes', () => {
    // 171 three-byte characters: within 256 characters, 513 bytes
    refused({ ...minimal, userName: '€'.repeat(171) }, /userName must be at most 512 bytes/);
    refused({ ...minimal, externalId: '€'.repeat(171) }, /externalId must be at most 512 bytes/);
    // positive controls: 170 of them (510 bytes); 256 ASCII characters
    expect(fromScimUser({ ...minimal, userName: '€'.repeat(170) }).userName).toBe('€'.repeat(170));
    expect(fromScimUser({ ...minimal, externalId: '€'.repeat(170) }).profile.externalId).toBe('€'.repeat(170));
    expect(fromScimUser({ ...minimal, externalId: 'x'.repeat(256) }).profile.externalId).toHaveLength(256);
  });
});

describe('handleCandidates', () => {
  it('is the lower case when that is a username, then the normalised local part, then suffixed', () => {
    expect(handleCandidates('Bob', 3)).toEqual(['bob', 'bob-2', 'bob-3']);
    expect(handleCandidates('Ada.Lovelace@Acme.test', 3)).toEqual(['ada.lovelace', 'ada.lovelace-2', 'ada.lovelace-3']);
    expect(handleCandidates('Zoë', 2)).toEqual(['zou', 'zou-2']);
    const long = handleCandidates('a-very-long-user-name-indeed@x.test', 12);
    expect(long.every((c) => USERNAME_PATTERN.test(c))).toBe(true);
    expect(new Set(long).size).toBe(long.length);
  });
});
