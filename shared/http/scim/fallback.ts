/**
 * What `/scim/v2/accounts/{accountId}/…` answers where no SCIM operation is declared (the `ANY …/{proxy+}` route,
 * after authentication): 501 for what SCIM defines and this service does not offer (Bulk, /Me, `.search`), 405 with
 * `Allow` on a known path with another method, 404 otherwise. Always a SCIM error.
 */
import { ScimPipelineError } from './error-response.ts';

/**
 * The SCIM paths that exist, below the account's base URL, with their methods (`*`: one id segment). A unit test
 * holds this table to the route table, so that a route added without it fails.
 */
export const scimPathMethods: readonly { path: string; methods: readonly string[] }[] = [
  { path: 'ServiceProviderConfig', methods: ['GET'] },
  { path: 'ResourceTypes', methods: ['GET'] },
  { path: 'ResourceTypes/*', methods: ['GET'] },
  { path: 'Schemas', methods: ['GET'] },
  { path: 'Schemas/*', methods: ['GET'] },
  { path: 'Users', methods: ['GET', 'POST'] },
  { path: 'Users/*', methods: ['GET', 'PUT', 'PATCH', 'DELETE'] },
  { path: 'Groups', methods: ['GET', 'POST'] },
  { path: 'Groups/*', methods: ['GET', 'PUT', 'PATCH', 'DELETE'] },
];

/** SCIM endpoints this service does not implement (RFC 7644 §3.7 bulk, §3.11 /Me, §3.4.3 searching by POST). */
const notImplemented: readonly { path: RegExp; what: string }[] = [
  { path: /^Bulk(\/.*)?$/i, what: 'Bulk operations are not supported' },
  { path: /^Me(\/.*)?$/i, what: 'The /Me endpoint is not supported: a SCIM client is no person' },
  {
    path: /^((Users|Groups)\/)?\.search$/i,
    what: 'Searching with POST …/.search is not supported: use GET with a filter',
  },
];

const matches = (pattern: string, path: string): boolean => {
  const want = pattern.split('/');
  const got = path.split('/');
  return want.length === got.length && want.every((part, i) => (part === '*' ? got[i] !== '' : part === got[i]));
};

/** The error the fallback answers for `method` on `rest` (the path below the account's base URL). */
export function fallbackError(method: string, rest: string): ScimPipelineError {
  const path = rest.replace(/\/+$/, '');
  const unsupported = notImplemented.find((n) => n.path.test(path));
  if (unsupported) return new ScimPipelineError(501, undefined, unsupported.what);
  const known = scimPathMethods.find((k) => matches(k.path, path));
  // a known path with a method it takes only reaches here spelled otherwise (a trailing slash)
  if (known?.methods.includes(method)) return new ScimPipelineError(404, undefined, `No SCIM endpoint /${rest}`);
  if (known)
    return new ScimPipelineError(405, undefined, `${method} is not allowed on /${path}`, {
      allow: known.methods.join(', '),
    });
  return new ScimPipelineError(404, undefined, `No SCIM endpoint /${path}`);
}
