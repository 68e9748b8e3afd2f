/**
 * The three meta-schemas (RFC 7643 §8.7.2): the schemas of the discovery documents themselves (ServiceProviderConfig,
 * ResourceType, Schema), as data, served by `/Schemas` beside the resources' schemas. Checkers such as scim2-tester
 * look for them.
 */
import {
  SCIM_RESOURCE_TYPE,
  SCIM_SCHEMA,
  SCIM_SERVICE_PROVIDER_CONFIG,
  type ScimAttribute,
  type ScimAttributeType,
  type ScimSchemaDocument,
} from '#domain/scim/schemas.ts';

/** An attribute definition, with the reference types RFC 7643 §7 gives `reference` attributes. */
type MetaAttribute = ScimAttribute & { referenceTypes?: string[]; subAttributes?: MetaAttribute[] };

type Options = Partial<Omit<MetaAttribute, 'name' | 'type' | 'description'>>;
/** Discovery documents are the service's: every attribute is read-only and returned by default. */
const attr = (name: string, type: ScimAttributeType, description: string, o: Options = {}): MetaAttribute => ({
  name,
  type,
  multiValued: false,
  description,
  required: false,
  caseExact: false,
  mutability: 'readOnly',
  returned: 'default',
  uniqueness: 'none',
  ...o,
});
const complex = (name: string, description: string, subAttributes: MetaAttribute[], o: Options = {}) =>
  attr(name, 'complex', description, { subAttributes, ...o });
const supported = (what: string) => attr('supported', 'boolean', `Whether ${what} is supported.`, { required: true });
const uri = (name: string, description: string, o: Options = {}) =>
  attr(name, 'reference', description, { referenceTypes: ['external'], ...o });

const serviceProviderConfigSchema: ScimSchemaDocument = {
  schemas: [SCIM_SCHEMA],
  id: SCIM_SERVICE_PROVIDER_CONFIG,
  name: 'Service Provider Configuration',
  description: "Schema for representing the service provider's configuration",
  attributes: [
    uri(
      'documentationUri',
      "An HTTP-addressable URL pointing to the service provider's human-consumable help documentation.",
    ),
    complex('patch', 'A complex type that specifies PATCH configuration options.', [supported('PATCH')], {
      required: true,
    }),
    complex(
      'bulk',
      'A complex type that specifies bulk configuration options.',
      [
        supported('bulk'),
        attr('maxOperations', 'integer', 'An integer value specifying the maximum number of operations.', {
          required: true,
        }),
        attr('maxPayloadSize', 'integer', 'An integer value specifying the maximum payload size in bytes.', {
          required: true,
        }),
      ],
      { required: true },
    ),
    complex(
      'filter',
      'A complex type that specifies FILTER options.',
      [
        supported('filtering'),
        attr('maxResults', 'integer', 'The maximum number of resources returned in a response.', { required: true }),
      ],
      { required: true },
    ),
    complex(
      'changePassword',
      'A complex type that specifies configuration options related to changing a password.',
      [supported('changing a password')],
      { required: true },
    ),
    complex('sort', 'A complex type that specifies sort result options.', [supported('sorting')], { required: true }),
    complex('etag', 'A complex type that specifies ETag configuration options.', [supported('ETags')], {
      required: true,
    }),
    complex(
      'authenticationSchemes',
      'A complex type that specifies supported authentication scheme properties.',
      [
        attr('type', 'string', 'The authentication scheme.', {
          required: true,
          canonicalValues: ['oauth', 'oauth2', 'oauthbearertoken', 'httpbasic', 'httpdigest'],
        }),
        attr('name', 'string', 'The common authentication scheme name, e.g., HTTP Basic.', { required: true }),
        attr('description', 'string', 'A description of the authentication scheme.', { required: true }),
        uri('specUri', "An HTTP-addressable URL pointing to the authentication scheme's specification."),
        uri('documentationUri', "An HTTP-addressable URL pointing to the authentication scheme's usage documentation."),
        attr('primary', 'boolean', 'Whether this is the preferred authentication scheme.'),
      ],
      { required: true, multiValued: true },
    ),
  ],
  meta: { resourceType: 'Schema' },
};

const resourceTypeSchema: ScimSchemaDocument = {
  schemas: [SCIM_SCHEMA],
  id: SCIM_RESOURCE_TYPE,
  name: 'ResourceType',
  description: 'Specifies the schema that describes a SCIM resource type',
  attributes: [
    attr('id', 'string', "The resource type's server unique id. May be the same as the 'name' attribute."),
    attr('name', 'string', 'The resource type name.', { required: true }),
    attr('description', 'string', "The resource type's human-readable description."),
    attr('endpoint', 'reference', "The resource type's HTTP-addressable endpoint relative to the Base URL.", {
      required: true,
      referenceTypes: ['uri'],
    }),
    attr('schema', 'reference', "The resource type's primary/base schema URI.", {
      required: true,
      caseExact: true,
      referenceTypes: ['uri'],
    }),
    complex(
      'schemaExtensions',
      "A list of URIs of the resource type's schema extensions.",
      [
        attr('schema', 'reference', 'The URI of a schema extension.', {
          required: true,
          caseExact: true,
          referenceTypes: ['uri'],
        }),
        attr('required', 'boolean', 'Whether resources of this type must include this schema extension.', {
          required: true,
        }),
      ],
      { multiValued: true },
    ),
  ],
  meta: { resourceType: 'Schema' },
};

const attributeTypes = ['string', 'complex', 'boolean', 'decimal', 'integer', 'dateTime', 'reference'];
/** The sub-attributes of an attribute definition (RFC 7643 §7), `subAttributes` aside. */
const definitionAttributes = (): MetaAttribute[] => [
  attr('name', 'string', "The attribute's name.", { required: true, caseExact: true }),
  attr('type', 'string', "The attribute's data type.", { required: true, canonicalValues: attributeTypes }),
  attr('multiValued', 'boolean', 'Whether the attribute is multi-valued.', { required: true }),
  attr('description', 'string', 'A human-readable description of the attribute.'),
  attr('required', 'boolean', 'Whether the attribute is required.'),
  attr('canonicalValues', 'string', 'A collection of canonical values.', { multiValued: true }),
  attr('caseExact', 'boolean', 'Whether a string attribute is case sensitive.'),
  attr('mutability', 'string', 'Whether the attribute is modifiable.', {
    canonicalValues: ['readOnly', 'readWrite', 'immutable', 'writeOnly'],
  }),
  attr('returned', 'string', 'When the attribute is returned in a response.', {
    canonicalValues: ['always', 'never', 'default', 'request'],
  }),
  attr('uniqueness', 'string', 'How the service provider enforces uniqueness of attribute values.', {
    canonicalValues: ['none', 'server', 'global'],
  }),
  attr('referenceTypes', 'string', 'The names of the resource types that may be referenced.', { multiValued: true }),
];

const schemaSchema: ScimSchemaDocument = {
  schemas: [SCIM_SCHEMA],
  id: SCIM_SCHEMA,
  name: 'Schema',
  description: 'Specifies the schema attribute',
  attributes: [
    attr('id', 'string', 'The unique URI of the schema.', { required: true, caseExact: true }),
    attr('name', 'string', 'The schema name.', { required: true }),
    attr('description', 'string', "The schema's human-readable description."),
    complex(
      'attributes',
      'A complex attribute that includes the attributes of a schema.',
      [
        ...definitionAttributes(),
        complex('subAttributes', 'Used to define the sub-attributes of a complex attribute.', definitionAttributes(), {
          multiValued: true,
        }),
      ],
      { required: true, multiValued: true },
    ),
  ],
  meta: { resourceType: 'Schema' },
};

export const metaSchemas: readonly ScimSchemaDocument[] = [
  serviceProviderConfigSchema,
  resourceTypeSchema,
  schemaSchema,
];
