/**
 * SCIM schema URNs, and the schema documents of what Switchboard stores (RFC 7643 §7 form), served by `/Schemas`.
 * The attribute tables PATCH, filters and projection use are read from these documents: one source of truth.
 */
export const SCIM_USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
export const SCIM_GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';
export const SCIM_ENTERPRISE_USER = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
export const SCIM_LIST_RESPONSE = 'urn:ietf:params:scim:api:messages:2.0:ListResponse';
export const SCIM_PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
export const SCIM_ERROR = 'urn:ietf:params:scim:api:messages:2.0:Error';
/** The meta-schemas (the schemas of the discovery documents). */
export const SCIM_SERVICE_PROVIDER_CONFIG = 'urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig';
export const SCIM_RESOURCE_TYPE = 'urn:ietf:params:scim:schemas:core:2.0:ResourceType';
export const SCIM_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:Schema';

export type ScimAttributeType = 'string' | 'boolean' | 'complex' | 'reference' | 'dateTime' | 'integer' | 'decimal';
export type ScimMutability = 'readOnly' | 'readWrite' | 'immutable' | 'writeOnly';
export type ScimReturned = 'always' | 'never' | 'default' | 'request';
export type ScimUniqueness = 'none' | 'server' | 'global';

/** One attribute definition (RFC 7643 §7). */
export interface ScimAttribute {
  name: string;
  type: ScimAttributeType;
  multiValued: boolean;
  description: string;
  required: boolean;
  caseExact: boolean;
  mutability: ScimMutability;
  returned: ScimReturned;
  uniqueness: ScimUniqueness;
  subAttributes?: ScimAttribute[];
  canonicalValues?: string[];
}

/** A schema resource (RFC 7643 §7); `meta.location` is filled by `schemaDocument`. */
export interface ScimSchemaDocument {
  schemas: [typeof SCIM_SCHEMA];
  id: string;
  name: string;
  description: string;
  attributes: ScimAttribute[];
  meta: { resourceType: 'Schema'; location?: string };
}

type Options = Partial<Omit<ScimAttribute, 'name' | 'type' | 'description'>>;
// no effects: a function that reads none of the documents below bundles none of them
const attr = /* @__NO_SIDE_EFFECTS__ */ (
  name: string,
  type: ScimAttributeType,
  description: string,
  o: Options = {},
): ScimAttribute => ({
  name,
  type,
  multiValued: false,
  description,
  required: false,
  caseExact: false,
  mutability: 'readWrite',
  returned: 'default',
  uniqueness: 'none',
  ...o,
});
const text = /* @__NO_SIDE_EFFECTS__ */ (name: string, description: string, o: Options = {}) =>
  attr(name, 'string', description, o);

const idAttribute = text('id', 'The resource id, issued by the service.', {
  caseExact: true,
  mutability: 'readOnly',
  returned: 'always',
  uniqueness: 'server',
});
const externalIdAttribute = text('externalId', "The identity provider's id for the resource (unique per account).", {
  caseExact: true,
  uniqueness: 'server',
});

export const userSchema: ScimSchemaDocument = {
  schemas: [SCIM_SCHEMA],
  id: SCIM_USER,
  name: 'User',
  description: 'A person of the account',
  attributes: [
    idAttribute,
    externalIdAttribute,
    text('userName', 'Unique identifier of the person (case-insensitive), kept as sent.', {
      required: true,
      uniqueness: 'server',
    }),
    attr('name', 'complex', "The person's name.", {
      subAttributes: [
        text('givenName', 'Given (first) name.'),
        text('familyName', 'Family (last) name.'),
        text('formatted', 'The full name, derived from the given and family names.', { mutability: 'readOnly' }),
      ],
    }),
    text('displayName', 'The name shown, derived from the given and family names.', { mutability: 'readOnly' }),
    text('title', "The person's title."),
    attr('emails', 'complex', 'Email addresses: one is stored, returned as the primary work address.', {
      multiValued: true,
      subAttributes: [
        text('value', 'The email address.'),
        text('type', 'The kind of address.', { canonicalValues: ['work'] }),
        attr('primary', 'boolean', 'Whether this is the primary address.'),
      ],
    }),
    attr('phoneNumbers', 'complex', 'Phone numbers.', {
      multiValued: true,
      subAttributes: [
        text('value', 'The phone number.'),
        text('type', 'The kind of number.', { canonicalValues: ['work', 'mobile', 'fax'] }),
      ],
    }),
    attr('active', 'boolean', 'Whether the person may sign in (false: deactivated).'),
  ],
  meta: { resourceType: 'Schema' },
};

export const enterpriseUserSchema: ScimSchemaDocument = {
  schemas: [SCIM_SCHEMA],
  id: SCIM_ENTERPRISE_USER,
  name: 'EnterpriseUser',
  description: 'Enterprise User',
  attributes: [
    text('employeeNumber', 'Employee number.'),
    text('department', 'Department (may choose the unit of a new person, per the connection).'),
    text('costCenter', 'Cost center.'),
    text('organization', 'Organization.'),
    text('division', 'Division.'),
    attr('manager', 'complex', "The person's manager.", {
      subAttributes: [text('value', "The manager's id.", { caseExact: true })],
    }),
  ],
  meta: { resourceType: 'Schema' },
};

export const groupSchema: ScimSchemaDocument = {
  schemas: [SCIM_SCHEMA],
  id: SCIM_GROUP,
  name: 'Group',
  description: 'A group of the account',
  attributes: [
    idAttribute,
    externalIdAttribute,
    text('displayName', 'The group name (unique per account, case-insensitive).', {
      required: true,
      uniqueness: 'server',
    }),
    attr('members', 'complex', "The group's members (people).", {
      multiValued: true,
      subAttributes: [
        text('value', "The member's id.", { caseExact: true, mutability: 'immutable' }),
        text('display', "The member's display name.", { mutability: 'readOnly' }),
        text('type', 'The kind of member.', { mutability: 'immutable', canonicalValues: ['User'] }),
      ],
    }),
  ],
  meta: { resourceType: 'Schema' },
};

export const scimSchemas: readonly ScimSchemaDocument[] = [userSchema, enterpriseUserSchema, groupSchema];

/** A schema document with its `meta.location` (`baseUrl` is the account's SCIM base URL). */
export function schemaDocument(schema: ScimSchemaDocument, baseUrl: string): ScimSchemaDocument {
  return { ...schema, meta: { resourceType: 'Schema', location: `${baseUrl}/Schemas/${schema.id}` } };
}

// --- attribute tables, read from the documents above ---

export type ScimResourceName = 'User' | 'Group';

/** The schemas of a resource: its core schema first, then its extensions. */
export const resourceSchemas: Record<ScimResourceName, readonly ScimSchemaDocument[]> = {
  User: [userSchema, enterpriseUserSchema],
  Group: [groupSchema],
};

export const coreSchemaOf = (resource: ScimResourceName): string => resourceSchemas[resource][0].id;

/** Extension schema URNs of a resource (attributes of these live under the URN key of a SCIM document). */
export const extensionsOf = (resource: ScimResourceName): string[] =>
  resourceSchemas[resource].slice(1).map((s) => s.id);

/** A schema of the resource by URN, case-insensitively (URNs are compared without case: RFC 7643 §2.1). */
export function schemaOf(resource: ScimResourceName, urn: string): ScimSchemaDocument | undefined {
  const lower = urn.toLowerCase();
  return resourceSchemas[resource].find((s) => s.id.toLowerCase() === lower);
}

export interface AttributeRef {
  /** The schema URN that defines the attribute. */
  schema: string;
  /** Whether the schema is an extension (its attributes sit under the URN key of a document). */
  extension: boolean;
  attribute: ScimAttribute;
}

/**
 * An attribute of a resource by name, case-insensitively. With `schema`, only that schema's attributes; without,
 * the core schema's only (extension attributes are named with their URN).
 */
export function findAttribute(resource: ScimResourceName, name: string, schema?: string): AttributeRef | undefined {
  const doc = schema === undefined ? resourceSchemas[resource][0] : schemaOf(resource, schema);
  if (!doc) return undefined;
  const lower = name.toLowerCase();
  const attribute = doc.attributes.find((a) => a.name.toLowerCase() === lower);
  if (!attribute) return undefined;
  return { schema: doc.id, extension: doc !== resourceSchemas[resource][0], attribute };
}

/** A sub-attribute of a complex attribute by name, case-insensitively. */
export function findSubAttribute(attribute: ScimAttribute, name: string): ScimAttribute | undefined {
  const lower = name.toLowerCase();
  return attribute.subAttributes?.find((a) => a.name.toLowerCase() === lower);
}
