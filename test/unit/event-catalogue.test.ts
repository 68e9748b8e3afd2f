/**
 * The event catalogue: which subscription patterns are accepted, which events they match, and the public body, from
 * which secret-like fields are dropped whatever a use case wrote (over every catalogued type), ordinary fields kept.
 */
import { describe, expect, it } from 'vitest';
import type { AuditEvent } from '#domain/audit.ts';
import {
  eventCatalogue,
  eventTypePatternProblem,
  isCatalogued,
  isSecretField,
  subscribesTo,
  toPublicEvent,
} from '#domain/event-catalogue.ts';

describe('subscription patterns', () => {
  it.each(['user.created', 'webhook.test', 'user.*', 'password.*', 'webhook.*', '*'])('%s is accepted', (pattern) => {
    expect(eventTypePatternProblem(pattern)).toBeNull();
  });
  it.each([
    'user.creatd',
    'user',
    'user.',
    'users.*',
    'nope.*',
    '*.created',
    'user.**',
    '**',
    'User.created',
    '',
    ' user.created',
  ])('"%s" is refused', (pattern) => {
    expect(eventTypePatternProblem(pattern)).toMatch(/unknown event type/);
  });
  it('every catalogued type is accepted, and is catalogued; its family too', () => {
    for (const { type } of eventCatalogue) {
      expect(isCatalogued(type), type).toBe(true);
      expect(eventTypePatternProblem(type), type).toBeNull();
      expect(eventTypePatternProblem(`${type.split('.')[0]}.*`), type).toBeNull();
    }
    expect(isCatalogued('user.creatd')).toBe(false);
  });
  it('types are unique and each has a summary', () => {
    expect(new Set(eventCatalogue.map((e) => e.type)).size).toBe(eventCatalogue.length);
    for (const e of eventCatalogue) expect(e.summary.length, e.type).toBeGreaterThan(0);
  });
});

describe('subscribesTo', () => {
  it('exact, family and all', () => {
    expect(subscribesTo(['user.created'], 'user.created')).toBe(true);
    expect(subscribesTo(['user.created'], 'user.updated')).toBe(false);
    expect(subscribesTo(['user.*'], 'user.deactivated')).toBe(true);
    expect(subscribesTo(['user.*'], 'group.created')).toBe(false);
    expect(subscribesTo(['*'], 'group.member_added')).toBe(true);
    expect(subscribesTo(['group.created', 'user.*'], 'user.moved')).toBe(true);
    expect(subscribesTo([], 'user.created')).toBe(false);
  });
  it('a family pattern matches its family only, not one whose name starts alike', () => {
    expect(subscribesTo(['user.*'], 'users.created')).toBe(false);
    expect(subscribesTo(['webhook.*'], 'webhook')).toBe(false);
  });
  it('webhook.test is never matched by a pattern, not even its own type or *', () => {
    for (const patterns of [['*'], ['webhook.*'], ['webhook.test']])
      expect(subscribesTo(patterns, 'webhook.test'), String(patterns)).toBe(false);
    expect(subscribesTo(['webhook.*'], 'webhook.created')).toBe(true);
  });
});

/** Names a use case might write that carry or derive from a secret. */
const secretFields = [
  'password',
  'newPassword',
  'temporary_password',
  'passwd',
  'token',
  'accessToken',
  'refresh_token',
  'resetToken',
  'tokenHash',
  'secret',
  'clientSecret',
  'secretHash',
  'hash',
  'pin',
  'pinHash',
  'pinLinkHash',
  'voicemailPin',
  'otp',
  'totpCode',
  'code',
  'verificationCode',
  'recovery_codes',
  'session',
  'sessionId',
  'SESSION_ID',
  'cookie',
  'set-cookie',
  'authorization',
  'key',
  'apiKey',
  'apikey',
  'x-api-key',
  'privateKey',
  'private_key',
  'signingKey',
  'credentials',
  'signature',
];
/** Ordinary names, among them every one the use cases write into the details of an event. */
const ordinaryFields = [
  'reason',
  'changed',
  'groupId',
  'keyId',
  'apiKeyId',
  'prefix',
  'countryCode',
  'defaultCountryCode',
  'lastStatusCode',
  'status',
  'name',
  'email',
  'username',
  'role',
  'unitId',
  'parentId',
  'temporaryReplaced',
  'passwordSet',
  'forced',
  'requestedBy',
  'replaced',
  'level',
  'ownerEmail',
  'rootUnitId',
  'importId',
  'previousName',
  'kind',
  'fromParentId',
  'toParentId',
  'descendants',
  'from',
  'to',
  'delegateUserId',
  'webhookId',
  'url',
  'failingSince',
  'deviceId',
  'extension',
  'macAddress',
  'removed',
  'mfa',
  'mfaSetupRequired',
  'alias',
  'invitations',
  'resendCount',
  'wasExpired',
  'numberId',
  'e164',
  'serviceId',
  'fromUserId',
  'expiresAt',
  'type',
  'contactId',
  'groupIds',
  'previousStatus',
  'signInRemoved',
  'dryRun',
  'total',
  'processed',
  'created',
  'skipped',
  'failed',
  'stalled',
  'eventTypes',
  'description',
  'previousExpiresAt',
  'settings',
  'reopened',
  'welcomeEmail',
  'pinSetAt',
  'sessionsRevoked',
  'count',
];

describe('which field names are secrets', () => {
  it.each(secretFields)('%s: secret', (name) => {
    expect(isSecretField(name)).toBe(true);
  });
  it.each(ordinaryFields)('%s: ordinary (the control)', (name) => {
    expect(isSecretField(name)).toBe(false);
  });
});

describe('the public body', () => {
  const base = (type: string, details: Record<string, unknown>): AuditEvent => ({
    id: '01JF3Q0G7Y9X4M2V8N6B5C1D0E',
    accountId: 'acc1',
    type,
    at: '2026-12-04T17:40:00.000Z',
    actor: { kind: 'user', userId: 'u-actor' },
    target: { userId: 'u1', invitationId: 'inv1' },
    unitPath: '/root/sales',
    details,
  });
  const secrets = Object.fromEntries(secretFields.map((f, i) => [f, `SECRET-${i}`]));
  const ordinary = Object.fromEntries(ordinaryFields.map((f, i) => [f, `plain-${i}`]));

  it.each(eventCatalogue.map((e) => e.type))('%s: secrets dropped, ordinary fields and ids kept', (type) => {
    const details = {
      ...secrets,
      ...ordinary,
      nested: { ...secrets, ...ordinary, deeper: { password: 'SECRET-deep', reason: 'kept-deep' } },
      list: [{ token: 'SECRET-list', groupId: 'g-list' }, 'text', 3, null],
    };
    const body = toPublicEvent(base(type, details));
    const text = JSON.stringify(body);
    expect(text).not.toContain('SECRET');
    for (const [field, value] of Object.entries(ordinary)) {
      expect(body.data[field], field).toBe(value);
      expect((body.data.nested as Record<string, unknown>)[field], `nested ${field}`).toBe(value);
    }
    expect(body.data.nested).toMatchObject({ deeper: { reason: 'kept-deep' } });
    expect(body.data.list).toEqual([{ groupId: 'g-list' }, 'text', 3, null]);
    expect(body).toMatchObject({
      type,
      id: '01JF3Q0G7Y9X4M2V8N6B5C1D0E',
      timestamp: '2026-12-04T17:40:00.000Z',
      accountId: 'acc1',
      data: { userId: 'u1', invitationId: 'inv1', unitPath: '/root/sales', actor: { kind: 'user', userId: 'u-actor' } },
    });
  });

  it('the control: without the filter the secrets would be there (the fixture carries them)', () => {
    const details = { ...secrets, ...ordinary };
    expect(JSON.stringify(details)).toContain('SECRET');
    // every ordinary field, plus the ids of the target, the unit path and the actor
    expect(Object.keys(toPublicEvent(base('user.created', details)).data)).toHaveLength(ordinaryFields.length + 4);
  });

  it('ids of the target and the actor win over details of the same name; a system actor has no userId', () => {
    const body = toPublicEvent({
      ...base('user.updated', { userId: 'forged', changed: ['name'] }),
      actor: { kind: 'system' },
      unitPath: undefined,
      target: { userId: 'u1' },
    } as AuditEvent);
    expect(body.data).toEqual({ userId: 'u1', changed: ['name'], actor: { kind: 'system' } });
  });
});
