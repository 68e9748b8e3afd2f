/**
 * The events an account's webhooks and the deployment's EventBridge bus receive: every audit event type, and
 * `webhook.test`. A webhook subscribes with exact types, `<family>.*` or `*`; anything else is refused (400), so a
 * typo never becomes an endpoint that silently receives nothing. Bodies: `{type, id, timestamp, accountId, data}`.
 */
import type { AuditEvent } from './audit.ts';
import type { PublicEvent } from './webhook.ts';

/** The `source` of every event on the deployment's EventBridge bus. */
export const EVENT_SOURCE = 'switchboard';

export interface EventTypeEntry {
  type: string;
  summary: string;
}

export const eventCatalogue: readonly EventTypeEntry[] = [
  { type: 'account.created', summary: 'An account was created with its owner' },
  { type: 'account.updated', summary: "An account's name or details changed" },
  { type: 'account.branding_updated', summary: "An account's brand was set or removed" },
  { type: 'settings.updated', summary: "The account's or a unit's settings changed" },
  { type: 'user.created', summary: 'A member was created' },
  { type: 'user.updated', summary: "A member's profile changed (the changed fields)" },
  { type: 'user.role_changed', summary: "A member's role or admin rights changed" },
  { type: 'user.moved', summary: 'A member moved to another unit' },
  { type: 'user.deactivated', summary: 'A member was deactivated: sign-in and services stop' },
  { type: 'user.reactivated', summary: 'A deactivated member was reactivated' },
  { type: 'user.closed', summary: 'A member was closed: their services, numbers and devices were released' },
  { type: 'user.delegate_added', summary: 'A member gave another member delegate rights' },
  { type: 'user.delegate_removed', summary: "A member's delegate was removed" },
  { type: 'alias.added', summary: 'An email alias was added to a member' },
  { type: 'alias.removed', summary: 'An email alias was removed from a member' },
  { type: 'invitation.sent', summary: 'An invitation or setup link was sent' },
  { type: 'invitation.resent', summary: 'An invitation was sent again' },
  { type: 'invitation.accepted', summary: 'An invitation was accepted' },
  { type: 'invitation.revoked', summary: 'An invitation was revoked' },
  { type: 'invitation.expired', summary: 'An invitation expired unused' },
  { type: 'password.changed', summary: 'A member changed their password' },
  { type: 'password.set_by_admin', summary: "A manager set a member's password" },
  { type: 'password.reset_requested', summary: 'A password reset was requested' },
  { type: 'password.reset_completed', summary: 'A password reset was completed' },
  { type: 'mfa.enabled', summary: 'A member turned on MFA' },
  { type: 'mfa.disabled', summary: 'A member turned off MFA' },
  { type: 'mfa.reset', summary: "A manager reset a member's MFA" },
  { type: 'sign_in.succeeded', summary: 'A member signed in' },
  { type: 'sign_in.failed', summary: 'Sign-ins of one email failed (one event per minute, with a count)' },
  { type: 'api_key.created', summary: 'An API key was created for a system member' },
  { type: 'api_key.revoked', summary: 'An API key was revoked' },
  { type: 'unit.created', summary: 'A unit was added to the organisation tree' },
  { type: 'unit.renamed', summary: 'A unit was renamed' },
  { type: 'unit.moved', summary: 'A unit moved in the tree' },
  { type: 'unit.deleted', summary: 'A unit was deleted' },
  { type: 'group.created', summary: 'A group was created' },
  { type: 'group.updated', summary: 'A group was renamed or described' },
  { type: 'group.deleted', summary: 'A group was deleted' },
  { type: 'group.member_added', summary: 'A member joined a group' },
  { type: 'group.member_removed', summary: 'A member left a group' },
  { type: 'service.created', summary: 'A fax, SMS or voice service was created or re-opened for a member' },
  { type: 'service.updated', summary: "A service's settings changed" },
  { type: 'service.closed', summary: 'A service was closed' },
  { type: 'service.voicemail_pin_set', summary: 'A voicemail PIN was set (never the PIN itself)' },
  { type: 'number.created', summary: 'A phone number was added to the account' },
  { type: 'number.updated', summary: "A number's details changed" },
  { type: 'number.deleted', summary: 'A number was removed from the account' },
  { type: 'number.assigned', summary: 'A number was assigned to a member' },
  { type: 'number.unassigned', summary: 'A number was taken from a member' },
  { type: 'number.shared', summary: 'A number was shared with a group' },
  { type: 'number.unshared', summary: 'A number stopped being shared with a group' },
  { type: 'device.created', summary: 'A device was added' },
  { type: 'device.updated', summary: 'A device changed' },
  { type: 'device.deleted', summary: 'A device was removed' },
  { type: 'contact.created', summary: 'A shared contact was created' },
  { type: 'contact.updated', summary: 'A shared contact changed' },
  { type: 'contact.deleted', summary: 'A shared contact was deleted' },
  { type: 'import.started', summary: 'A bulk import of members started' },
  { type: 'import.cancel_requested', summary: 'Cancelling an import was asked for' },
  { type: 'import.cancelled', summary: 'An import was cancelled' },
  { type: 'import.completed', summary: 'An import finished' },
  { type: 'import.failed', summary: 'An import stopped on an error' },
  { type: 'webhook.created', summary: 'A webhook endpoint was added' },
  { type: 'webhook.updated', summary: 'A webhook endpoint changed, or was disabled or enabled' },
  { type: 'webhook.deleted', summary: 'A webhook endpoint was deleted' },
  { type: 'webhook.secret_rotated', summary: "A webhook endpoint's signing secret was rotated" },
  { type: 'webhook.disabled', summary: 'Switchboard disabled an endpoint that kept failing for three days' },
  {
    type: 'webhook.test',
    summary: 'A test event, sent by `POST …/webhooks/{w}/test` to that endpoint only (whatever it subscribes to)',
  },
];

const known = new Set(eventCatalogue.map((e) => e.type));
const families = new Set(eventCatalogue.map((e) => e.type.slice(0, e.type.indexOf('.'))));

export const isCatalogued = (type: string): boolean => known.has(type);

/** Why a subscription pattern is refused, or null: an exact catalogued type, `<family>.*` of a known family, or `*`. */
export function eventTypePatternProblem(pattern: string): string | null {
  if (pattern === '*' || known.has(pattern)) return null;
  if (pattern.endsWith('.*') && families.has(pattern.slice(0, -2))) return null;
  return `unknown event type "${pattern}" (see GET /v1/event-types)`;
}

/** Whether an endpoint subscribed to `patterns` gets events of `type` (`webhook.test` is addressed, never matched). */
export function subscribesTo(patterns: readonly string[], type: string): boolean {
  if (type === 'webhook.test') return false;
  return patterns.some(
    (p) =>
      p === '*' || p === type || (p.endsWith('.*') && type.startsWith(p.slice(0, -1)) && type.length > p.length - 1),
  );
}

/** Words that make a field a secret (or derived from one): in any position of a camelCase, snake or kebab name. */
const SECRET_WORDS = new Set([
  'pass',
  'password',
  'passwords',
  'passwd',
  'pwd',
  'passphrase',
  'secret',
  'secrets',
  'token',
  'tokens',
  'hash',
  'hashes',
  'pin',
  'pins',
  'otp',
  'totp',
  'code',
  'codes',
  'session',
  'sessions',
  'cookie',
  'cookies',
  'authorization',
  'credential',
  'credentials',
  'key',
  'keys',
  'apikey',
  'privatekey',
  'private',
  'signature',
  'salt',
]);
/** A secret word followed by one of these names a fact about the secret, not the secret: `passwordSet`, `pinSetAt`. */
const ABOUT_WORDS = new Set([
  'set',
  'changed',
  'replaced',
  'removed',
  'revoked',
  'required',
  'enabled',
  'disabled',
  'count',
  'at',
]);
/** `code` after one of these is an ordinary value: `countryCode`, `statusCode`. */
const ORDINARY_CODES = new Set(['country', 'status', 'language', 'currency', 'error', 'postal', 'area', 'dial', 'zip']);

const wordsOf = (name: string): string[] =>
  name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z]+/)
    .filter(Boolean);

/**
 * Whether a field's name looks like a secret, whatever a use case put under it: a secret word anywhere in the name
 * (`password`, `secretHash`, `sessionId`, `apiKey`, `recovery_codes`), unless the name says something about it
 * (`passwordSet`, `pinSetAt`), is the key's id (`keyId`, `apiKeyId`: the public half) or an ordinary code
 * (`countryCode`, `lastStatusCode`).
 */
export function isSecretField(name: string): boolean {
  const words = wordsOf(name);
  return words.some((word, i) => {
    if (!SECRET_WORDS.has(word)) return false;
    const next = words[i + 1];
    if (next !== undefined && ABOUT_WORDS.has(next)) return false;
    if ((word === 'key' || word === 'apikey') && next === 'id') return false;
    if (word === 'code' && i > 0 && ORDINARY_CODES.has(words[i - 1])) return false;
    return true;
  });
}

function withoutSecrets(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutSecrets);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>)
        .filter(([k]) => !isSecretField(k))
        .map(([k, v]) => [k, withoutSecrets(v)]),
    );
  }
  return value;
}

/**
 * The body receivers get for an audit event: ids (actor, target member or invitation, unit path) and the changed
 * fields, with any secret-like field left out.
 */
export function toPublicEvent(e: AuditEvent): PublicEvent {
  const data: Record<string, unknown> = {
    ...(withoutSecrets(e.details) as Record<string, unknown>),
    ...(e.target.userId ? { userId: e.target.userId } : {}),
    ...(e.target.invitationId ? { invitationId: e.target.invitationId } : {}),
    ...(e.unitPath ? { unitPath: e.unitPath } : {}),
    actor: { kind: e.actor.kind, ...(e.actor.userId ? { userId: e.actor.userId } : {}) },
  };
  return { type: e.type, id: e.id, timestamp: e.at, accountId: e.accountId, data };
}
