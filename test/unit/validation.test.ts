// The request schemas' problems as clients read them: paths and messages, every unknown field named.
import { describe, expect, it } from 'vitest';
import { ValidationError } from '#domain/errors.ts';
import { ListUnitUsersQuery, ListUsersQuery } from '#http/schemas/user-queries.ts';
import { CreateUserBody } from '#http/schemas/user-create.ts';
import { UpdateUserBody } from '#http/schemas/user-update.ts';
import { parseWith } from '#http/validation.ts';

function problems(schema: Parameters<typeof parseWith>[0], value: unknown) {
  try {
    parseWith(schema, value);
  } catch (e) {
    expect(e).toBeInstanceOf(ValidationError);
    return Object.fromEntries((e as ValidationError).errors.map((p) => [p.path, p.message]));
  }
  throw new Error('parsed');
}

const valid = { username: 'ada', email: ' Ada@Example.COM ', firstName: 'Ada', lastName: 'Lovelace' };

describe('request validation', () => {
  it('parses and normalizes a valid body (positive control)', () => {
    expect(parseWith(CreateUserBody, valid)).toEqual({ ...valid, email: 'ada@example.com' });
  });

  it('says which fields are missing, malformed or of the wrong type, one problem per field', () => {
    expect(problems(CreateUserBody, { username: 'A!', email: 'nope', firstName: '', lastName: 7 })).toEqual({
      username: 'must be 3-20 characters: lowercase letters, digits, ".", "_", "-"',
      email: 'must be a valid email address',
      firstName: 'must not be empty',
      lastName: 'must be of type string',
    });
    // email is not required by the schema (other types than person may have none); a person without one: user-types.test.ts
    expect(problems(CreateUserBody, { username: 'ada' })).toMatchObject({
      firstName: 'is required',
      lastName: 'is required',
    });
    expect(problems(CreateUserBody, 'text')).toEqual({ '': 'must be of type object' });
  });

  it('names every field the caller may not set, also inside nested objects', () => {
    expect(problems(CreateUserBody, { ...valid, id: 'x', status: 'active', version: 2 })).toEqual({
      id: 'is not a field you may set here',
      status: 'is not a field you may set here',
      version: 'is not a field you may set here',
    });
    expect(
      problems(UpdateUserBody, { settings: { faxSettings: { resolution: 'fine', speed: 1, colour: true } } }),
    ).toEqual({
      'settings.faxSettings.speed': 'is not a field you may set here',
      'settings.faxSettings.colour': 'is not a field you may set here',
    });
    expect(problems(UpdateUserBody, { capabilities: { manageUsers: true, root: true } })).toEqual({
      'capabilities.root': 'is not a field you may set here',
    });
  });

  it('names keys that only look like they exist (prototype names) as fields the caller may not set', () => {
    const refused = 'is not a field you may set here';
    // (a `__proto__` key written in an object literal would set the prototype; fromEntries makes it a key)
    expect(
      problems(UpdateUserBody, JSON.parse('{"constructor":1,"__proto__":{"role":"account_manager"},"firstName":"A"}')),
    ).toEqual(
      Object.fromEntries([
        ['constructor', refused],
        ['__proto__', refused],
      ]),
    );
    expect(problems(ListUsersQuery, { toString: '1' })).toEqual({ toString: 'is not a field you may set here' });
  });

  it('refuses an array where an object belongs, at the top and nested; {} is fine (positive control)', () => {
    expect(problems(UpdateUserBody, [])).toEqual({ '': 'must be a JSON object, not an array' });
    expect(problems(UpdateUserBody, { capabilities: [] })).toEqual({
      capabilities: 'must be a JSON object, not an array',
    });
    expect(problems(UpdateUserBody, { settings: { smsSettings: [] } })).toEqual({
      'settings.smsSettings': 'must be a JSON object, not an array',
    });
    expect(parseWith(UpdateUserBody, {})).toEqual({});
    expect(parseWith(UpdateUserBody, { capabilities: {}, modules: [] })).toEqual({ capabilities: {}, modules: [] });
  });

  it('reads query strings: whole numbers in range, the enum values, flags', () => {
    expect(parseWith(ListUsersQuery, { limit: '25', status: 'active' })).toEqual({ limit: 25, status: 'active' });
    expect(parseWith(ListUnitUsersQuery, { includeDescendants: 'true' })).toEqual({ includeDescendants: true });
    expect(problems(ListUsersQuery, { limit: 'ten' })).toEqual({ limit: 'must be a whole number' });
    expect(problems(ListUsersQuery, { limit: '0' })).toEqual({ limit: 'must be at least 1' });
    expect(problems(ListUsersQuery, { limit: '101' })).toEqual({ limit: 'must be at most 100' });
    expect(problems(ListUsersQuery, { status: 'gone' })).toEqual({
      status: 'must be one of: "invited", "active", "deactivated", "closed"',
    });
    expect(problems(ListUnitUsersQuery, { includeDescendants: 'yes' })).toEqual({
      includeDescendants: 'must be one of: "true", "false"',
    });
  });

  it('counts items in lists and refuses repeats', () => {
    expect(problems(UpdateUserBody, { modules: ['fax', 'fax'] })).toEqual({ modules: 'must not name a module twice' });
    expect(problems(CreateUserBody, { ...valid, username: 'ada', firstName: 'x'.repeat(101) })).toEqual({
      firstName: 'must be at most 100 characters',
    });
    expect(problems(UpdateUserBody, { adminUnitIds: Array.from({ length: 51 }, (_, i) => `u${i}`) })).toEqual({
      adminUnitIds: 'must be at most 50 items',
    });
  });
});
