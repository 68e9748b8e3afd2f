/**
 * SCIM discovery (RFC 7644 §4, RFC 7643 §5–7): what this service provider supports, its resource types and its
 * schemas, as data. Each document's `meta.location` is absolute, from the request's base URL; nothing is read.
 */
import type { ScimDocument } from './api.ts';

export const SCIM_USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
export const SCIM_GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';
export const SCIM_ENTERPRISE_USER = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
export const SCIM_SERVICE_PROVIDER_CONFIG = 'urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig';
export const SCIM_RESOURCE_TYPE = 'urn:ietf:params:scim:schemas:core:2.0:ResourceType';
export const SCIM_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:Schema';

/** The most resources one list answers (`count` above it is lowered to it). */
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
