import { describe, expect, it } from 'vitest';
import { DomainError } from '#domain/errors.ts';
import { ScimError } from '#domain/scim/errors.ts';
import {
  enterpriseUserSchema,
  findAttribute,
  findSubAttribute,
  groupSchema,
  SCIM_ENTERPRISE_USER,
  SCIM_GROUP,
  SCIM_SCHEMA,
  SCIM_USER,
  type ScimAttribute,
  schemaDocument,
  scimSchemas,
  userSchema,
} from '#domain/scim/schemas.ts';

const names = (attributes: ScimAttribute[]): string[] =>
  attributes.map((a) => (a.subAttributes ? `${a.name}{${names(a.subAttributes).join(',')}}` : a.name));

describe('SCIM errors', () => {
  it('carries status, scimType and detail, and is a DomainError mapped once', () => {
    const e = new ScimError(400, 'invalidFilter', 'only eq');
    expect(e).toBeInstanceOf(DomainError);
    expect([e.status, e.scimType, e.code, e.detail]).toEqual([400, 'invalidFilter', 'invalidFilter', 'only eq']);
  });

  it('has the code scim_error without a scimType (501)', () => {
    const e = new ScimError(501, undefined, 'Sorting is not supported');
    expect([e.status, e.scimType, e.code]).toEqual([501, undefined, 'scim_error']);
  });
});

describe('SCIM schema documents', () => {
  it('declare exactly the attributes stored', () => {
    expect(names(userSchema.attributes)).toEqual([
      'id',
      'externalId',
      'userName',
      'name{givenName,familyName,formatted}',
      'displayName',
      'title',
      'emails{value,type,primary}',
      'phoneNumbers{value,type}',
      'active',
    ]);
    expect(names(enterpriseUserSchema.attributes)).toEqual([
      'employeeNumber',
      'department',
      'costCenter',
      'organization',
      'division',
      'manager{value}',
    ]);
    expect(names(groupSchema.attributes)).toEqual(['id', 'externalId', 'displayName', 'members{value,display,type}']);
  });

  it('are RFC 7643 §7 schema resources, the location left to the handler', () => {
    expect(scimSchemas.map((s) => s.id)).toEqual([SCIM_USER, SCIM_ENTERPRISE_USER, SCIM_GROUP]);
    for (const s of scimSchemas) {
      expect(s.schemas).toEqual([SCIM_SCHEMA]);
      expect(s.meta).toEqual({ resourceType: 'Schema' });
      for (const a of s.attributes.flatMap((x) => [x, ...(x.subAttributes ?? [])])) {
        expect(Object.keys(a)).toEqual(
          expect.arrayContaining([
            'name',
            'type',
            'multiValued',
            'description',
            'required',
            'caseExact',
            'mutability',
            'returned',
            'uniqueness',
          ]),
        );
      }
    }
    const located = schemaDocument(userSchema, 'https://x.test/scim/v2/accounts/a1');
    expect(located.meta).toEqual({
      resourceType: 'Schema',
      location: `https://x.test/scim/v2/accounts/a1/Schemas/${SCIM_USER}`,
    });
    expect(userSchema.meta.location).toBeUndefined();
  });

  it('say what is read-only, required, unique and canonical', () => {
    const user = (n: string) => findAttribute('User', n)?.attribute;
    expect(user('userName')).toMatchObject({ required: true, uniqueness: 'server', caseExact: false });
    expect(user('displayName')?.mutability).toBe('readOnly');
    expect(user('id')).toMatchObject({ mutability: 'readOnly', returned: 'always' });
    expect(findSubAttribute(user('name')!, 'formatted')?.mutability).toBe('readOnly');
    expect(findSubAttribute(user('name')!, 'givenName')?.mutability).toBe('readWrite');
    expect(findSubAttribute(user('emails')!, 'type')?.canonicalValues).toEqual(['work']);
    expect(findSubAttribute(user('phoneNumbers')!, 'type')?.canonicalValues).toEqual(['work', 'mobile', 'fax']);
    const members = findAttribute('Group', 'members')!.attribute;
    expect(findSubAttribute(members, 'value')?.mutability).toBe('immutable');
    expect(findSubAttribute(members, 'display')?.mutability).toBe('readOnly');
    expect(findAttribute('Group', 'displayName')?.attribute).toMatchObject({ required: true, mutability: 'readWrite' });
  });

  it('find attributes case-insensitively, extension ones only with their schema', () => {
    expect(findAttribute('User', 'USERNAME')?.attribute.name).toBe('userName');
    expect(findAttribute('User', 'department')).toBeUndefined();
    expect(findAttribute('User', 'Department', SCIM_ENTERPRISE_USER.toUpperCase())).toMatchObject({
      schema: SCIM_ENTERPRISE_USER,
      extension: true,
      attribute: { name: 'department' },
    });
    expect(findAttribute('Group', 'userName')).toBeUndefined();
    expect(findAttribute('Group', 'members')?.extension).toBe(false);
  });
});
