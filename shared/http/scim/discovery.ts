/**
 * SCIM discovery (RFC 7644 §4, RFC 7643 §5–7): what this service provider supports, its resource types and its
 * schemas, as data. Each document's `meta.location` is absolute, from the request's base URL; nothing is read.
 */
import type { ScimDocument } from '#domain/scim/patch.ts';
import {
  SCIM_ENTERPRISE_USER,
  SCIM_GROUP,
  SCIM_LIST_RESPONSE,
  SCIM_RESOURCE_TYPE,
  SCIM_SERVICE_PROVIDER_CONFIG,
  SCIM_USER,
  schemaDocument,
  scimSchemas,
  type ScimSchemaDocument,
} from '#domain/scim/schemas.ts';
import { metaSchemas } from './meta-schemas.ts';

/** The most resources one list answers: list-query.ts's MAX_COUNT (not imported: it would bundle the filter parser). */
export const SCIM_MAX_RESULTS = 100;

/** RFC 7643 §5: PATCH and ETags yes; bulk, sorting and password changes no; filters (eq/and) up to 100 results. */
export function serviceProviderConfig(baseUrl: string): ScimDocument {
  return {
    schemas: [SCIM_SERVICE_PROVIDER_CONFIG],
    patch: { supported: true },
    bulk: { supported: false, maxOperations: 0, maxPayloadSize: 0 },
    filter: { supported: true, maxResults: SCIM_MAX_RESULTS },
    changePassword: { supported: false },
    sort: { supported: false },
    etag: { supported: true },
    authenticationSchemes: [
      {
        type: 'oauthbearertoken',
        name: 'OAuth Bearer Token',
        description:
          'An API key of a system user of the account whose SCIM connection is enabled, sent as ' +
          '`Authorization: Bearer sbk_…`',
        specUri: 'https://www.rfc-editor.org/info/rfc6750',
        primary: true,
      },
    ],
    meta: { resourceType: 'ServiceProviderConfig', location: `${baseUrl}/ServiceProviderConfig` },
  };
}

interface ResourceTypeDef {
  id: string;
  name: string;
  endpoint: string;
  description: string;
  schema: string;
  schemaExtensions?: { schema: string; required: boolean }[];
}

const resourceTypeDefs: readonly ResourceTypeDef[] = [
  {
    id: 'User',
    name: 'User',
    endpoint: '/Users',
    description: "The account's people (members of type person that are not closed)",
    schema: SCIM_USER,
    schemaExtensions: [{ schema: SCIM_ENTERPRISE_USER, required: false }],
  },
  {
    id: 'Group',
    name: 'Group',
    endpoint: '/Groups',
    description: "The account's groups of members",
    schema: SCIM_GROUP,
  },
];

const resourceType = (def: ResourceTypeDef, baseUrl: string): ScimDocument => ({
  schemas: [SCIM_RESOURCE_TYPE],
  ...def,
  meta: { resourceType: 'ResourceType', location: `${baseUrl}/ResourceTypes/${def.id}` },
});

export const resourceTypes = (baseUrl: string): ScimDocument[] => resourceTypeDefs.map((d) => resourceType(d, baseUrl));

/** One resource type by its id (`User`, `Group`; exact, as RFC 7644 §4 has it), or undefined. */
export function findResourceType(id: string, baseUrl: string): ScimDocument | undefined {
  const def = resourceTypeDefs.find((d) => d.id === id);
  return def && resourceType(def, baseUrl);
}

/** Every schema `/Schemas` serves: the resources' (what is stored) and the three meta-schemas. */
const allSchemas: readonly ScimSchemaDocument[] = [...scimSchemas, ...metaSchemas];

export const schemas = (baseUrl: string): ScimDocument[] =>
  allSchemas.map((s) => schemaDocument(s, baseUrl) as unknown as ScimDocument);

/** One schema by its URN (case-insensitive, as URNs compare: RFC 7643 §2.1), or undefined. */
export function findSchema(id: string, baseUrl: string): ScimDocument | undefined {
  const lower = id.toLowerCase();
  const found = allSchemas.find((s) => s.id.toLowerCase() === lower);
  return found && (schemaDocument(found, baseUrl) as unknown as ScimDocument);
}

/** A discovery list (RFC 7644 §4): everything at once, so filters and paging do not apply. */
export const discoveryList = (resources: ScimDocument[]): ScimDocument => ({
  schemas: [SCIM_LIST_RESPONSE],
  totalResults: resources.length,
  itemsPerPage: resources.length,
  startIndex: 1,
  Resources: resources,
});
