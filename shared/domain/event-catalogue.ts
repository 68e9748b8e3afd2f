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

/**
 * Every event type, in catalogue order. A function that checks subscription patterns bundles this list alone; the
 * summaries below go only where the catalogue is listed (GET /v1/event-types), and the delivery side, which matches
 * and shapes events, bundles neither.
 */
const eventTypes = [
  'account.created',
  'account.updated',
  'account.branding_updated',
  'settings.updated',
  'user.created',
  'user.updated',
  'user.role_changed',
  'user.moved',
  'user.deactivated',
  'user.reactivated',
  'user.closed',
  'user.delegate_added',
  'user.delegate_removed',
  'alias.added',
  'alias.removed',
  'invitation.sent',
  'invitation.resent',
  'invitation.accepted',
  'invitation.revoked',
  'invitation.expired',
  'password.changed',
  'password.set_by_admin',
  'password.reset_requested',
  'password.reset_completed',
  'mfa.enabled',
  'mfa.disabled',
  'mfa.reset',
  'sign_in.succeeded',
  'sign_in.failed',
  'api_key.created',
  'api_key.revoked',
  'unit.created',
  'unit.renamed',
  'unit.moved',
  'unit.deleted',
  'group.created',
  'group.updated',
  'group.deleted',
  'group.member_added',
  'group.member_removed',
  'service.created',
  'service.updated',
  'service.closed',
  'service.voicemail_pin_set',
  'number.created',
  'number.updated',
  'number.deleted',
  'number.assigned',
  'number.unassigned',
  'number.shared',
  'number.unshared',
  'device.created',
  'device.updated',
  'device.deleted',
  'contact.created',
  'contact.updated',
  'contact.deleted',
  'import.started',
  'import.cancel_requested',
  'import.cancelled',
  'import.completed',
  'import.failed',
  'webhook.created',
  'webhook.updated',
  'webhook.deleted',
  'webhook.secret_rotated',
  'webhook.disabled',
  'webhook.test',
] as const;
type EventType = (typeof eventTypes)[number];

/** One summary per type: `satisfies` makes a type without one, or one of no type, a compile error. */
const eventSummaries = {
  'account.created': 'An account was created with its owner',
  'account.updated': "An account's name or details changed",
  'account.branding_updated': "An account's brand was set or removed",
  'settings.updated': "The account's or a unit's settings changed",
  'user.created': 'A member was created',
  'user.updated': "A member's profile changed (the changed fields)",
  'user.role_changed': "A member's role or admin rights changed",
  'user.moved': 'A member moved to another unit',
  'user.deactivated': 'A member was deactivated: sign-in and services stop',
  'user.reactivated': 'A deactivated member was reactivated',
  'user.closed': 'A member was closed: their services, numbers and devices were released',
  'user.delegate_added': 'A member gave another member delegate rights',
  'user.delegate_removed': "A member's delegate was removed",
  'alias.added': 'An email alias was added to a member',
  'alias.removed': 'An email alias was removed from a member',
  'invitation.sent': 'An invitation or setup link was sent',
  'invitation.resent': 'An invitation was sent again',
  'invitation.accepted': 'An invitation was accepted',
  'invitation.revoked': 'An invitation was revoked',
  'invitation.expired': 'An invitation expired unused',
  'password.changed': 'A member changed their password',
  'password.set_by_admin': "A manager set a member's password",
  'password.reset_requested': 'A password reset was requested',
  'password.reset_completed': 'A password reset was completed',
  'mfa.enabled': 'A member turned on MFA',
  'mfa.disabled': 'A member turned off MFA',
  'mfa.reset': "A manager reset a member's MFA",
  'sign_in.succeeded': 'A member signed in',
  'sign_in.failed': 'Sign-ins of one email failed (one event per minute, with a count)',
  'api_key.created': 'An API key was created for a system member',
  'api_key.revoked': 'An API key was revoked',
  'unit.created': 'A unit was added to the organisation tree',
  'unit.renamed': 'A unit was renamed',
  'unit.moved': 'A unit moved in the tree',
  'unit.deleted': 'A unit was deleted',
  'group.created': 'A group was created',
  'group.updated': 'A group was renamed or described',
  'group.deleted': 'A group was deleted',
  'group.member_added': 'A member joined a group',
  'group.member_removed': 'A member left a group',
  'service.created': 'A fax, SMS or voice service was created or re-opened for a member',
  'service.updated': "A service's settings changed",
  'service.closed': 'A service was closed',
  'service.voicemail_pin_set': 'A voicemail PIN was set (never the PIN itself)',
  'number.created': 'A phone number was added to the account',
  'number.updated': "A number's details changed",
  'number.deleted': 'A number was removed from the account',
  'number.assigned': 'A number was assigned to a member',
  'number.unassigned': 'A number was taken from a member',
  'number.shared': 'A number was shared with a group',
  'number.unshared': 'A number stopped being shared with a group',
  'device.created': 'A device was added',
  'device.updated': 'A device changed',
  'device.deleted': 'A device was removed',
  'contact.created': 'A shared contact was created',
  'contact.updated': 'A shared contact changed',
  'contact.deleted': 'A shared contact was deleted',
  'import.started': 'A bulk import of members started',
  'import.cancel_requested': 'Cancelling an import was asked for',
  'import.cancelled': 'An import was cancelled',
  'import.completed': 'An import finished',
  'import.failed': 'An import stopped on an error',
  'webhook.created': 'A webhook endpoint was added',
  'webhook.updated': 'A webhook endpoint changed, or was disabled or enabled',
  'webhook.deleted': 'A webhook endpoint was deleted',
  'webhook.secret_rotated': "A webhook endpoint's signing secret was rotated",
  'webhook.disabled': 'Switchboard disabled an endpoint that kept failing for three days',
  'webhook.test': 'A test event, sent by `POST …/webhooks/{w}/test` to that endpoint only (whatever it subscribes to)',
} satisfies Record<EventType, string>;

export const eventCatalogue: readonly EventTypeEntry[] = /* @__PURE__ */ eventTypes.map((type) => ({
  type,
  summary: eventSummaries[type],
}));

const known: ReadonlySet<string> = /* @__PURE__ */ new Set(eventTypes);
const families: ReadonlySet<string> = /* @__PURE__ */ new Set(
  /* @__PURE__ */ eventTypes.map((type) => type.slice(0, type.indexOf('.'))),
);

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
