/** Where the CLI talks to and with which credential: SWITCHBOARD_URL and SWITCHBOARD_TOKEN, checked before any request. */

/** A mistake on the command line or in the environment: exit code 2, the message says what to fix. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export interface CliConfig {
  /** The API's origin (and base path, if any) without a trailing slash and without `/v1`. */
  baseUrl: string;
  /** A bearer access token or an `sbk_` API key: both are sent as `Authorization: Bearer`. */
  token: string;
}

/** Plain http is refused except to this machine: a bearer token sent in clear can be read on the way. */
const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

export function readConfig(env: Record<string, string | undefined>): CliConfig {
  const rawUrl = env.SWITCHBOARD_URL?.trim();
  const token = env.SWITCHBOARD_TOKEN?.trim();
  const missing = [!rawUrl && 'SWITCHBOARD_URL', !token && 'SWITCHBOARD_TOKEN'].filter(Boolean);
  if (missing.length)
    throw new UsageError(
      `set ${missing.join(' and ')}: SWITCHBOARD_URL is the API's address (e.g. https://switchboard.example.com), ` +
        'SWITCHBOARD_TOKEN an access token or an API key (sbk_…)',
    );
  let url: URL;
  try {
    url = new URL(rawUrl!);
  } catch {
    throw new UsageError(`SWITCHBOARD_URL is not a URL: ${rawUrl}`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw new UsageError(`SWITCHBOARD_URL must be an https:// URL, got ${url.protocol}`);
  if (url.protocol === 'http:' && !LOOPBACK.has(url.hostname))
    throw new UsageError(
      `SWITCHBOARD_URL must use https: the token would cross the network in clear to ${url.host} ` +
        '(plain http is accepted only for localhost and 127.0.0.1)',
    );
  if (url.username || url.password) throw new UsageError('SWITCHBOARD_URL must not carry a user name or password');
  if (url.search || url.hash) throw new UsageError('SWITCHBOARD_URL must not carry a query or a fragment');
  // both https://host and https://host/v1 name the API
  const path = url.pathname.replace(/\/+$/, '').replace(/\/v1$/, '');
  return { baseUrl: `${url.origin}${path}`, token: token! };
}

/** Account ids are opaque, but never contain what would change the path they are put in. */
export function checkAccountId(accountId: string): string {
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(accountId))
    throw new UsageError(`--account must be an account id (letters, digits, - and _), got "${accountId}"`);
  return accountId;
}
