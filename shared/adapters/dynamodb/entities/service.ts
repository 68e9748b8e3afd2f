/**
 * A member's services, in the member's item collection (`USER#<userId>#SERVICE#<type>` in the account's partition:
 * the item key is the one-per-type uniqueness), and the voicemail PIN links by their token's hash.
 */
import type { Service } from '#domain/service.ts';
import type { VoicemailPinLink } from '#domain/voicemail-pin.ts';
import {
  type EntityShape,
  type Item,
  type Key,
  type Pattern,
  type QueryPattern,
  TTL,
  epoch,
  show,
  strip,
} from '../entity.ts';
import { accountPartition } from './account.ts';
import { userKey } from './user.ts';

const servicePrefix = (userId: string) => `${userKey('', userId).SK}#SERVICE#`;

export const serviceKey = (accountId: string, userId: string, type: string): Key => ({
  PK: accountPartition(accountId),
  SK: `${servicePrefix(userId)}${type}`,
});

/** A voicemail PIN link by the SHA-256 of its token (only the hash is stored). */
export const voicemailPinLinkKey = (tokenHash: string): Key => ({
  PK: `VOICEMAIL_PIN#${tokenHash}`,
  SK: 'VOICEMAIL_PIN',
});

/** The table: one member's services (at most one per type), in type order. */
export const servicesOfMember: QueryPattern<[accountId: string]> & { prefix: (userId: string) => string } = {
  name: 'servicesOfMember',
  index: 'table',
  partition: (accountId) => accountPartition(accountId),
  placeholders: ['<a>'],
  sortKey: 'begins_with',
  sortKeyValue: 'USER#<userId>#SERVICE#',
  consistent: true,
  prefix: servicePrefix,
};

const serviceFields = [
  'accountId',
  'userId',
  'type',
  'status',
  'settings',
  'pinHash',
  'pinSetAt',
  'pinLinkHash',
  'createdAt',
  'updatedAt',
  'closedAt',
  'version',
] as const;

export const serviceItem = (s: Service): Item => ({
  ...serviceKey(s.accountId, s.userId, s.type),
  entity: 'Service',
  ...s,
});
export const isService = (item: Item): boolean => item.entity === 'Service';
export function fromServiceItem(item: Item): Service {
  const s = strip<Service>(item, serviceFields);
  return { ...s, settings: s.settings ?? {}, version: Number(s.version) };
}

/** Like a password-reset link: the link's expiry is `linkExpiresAt`; the TTL attribute is the purge time. */
export function voicemailPinLinkItem(link: VoicemailPinLink): Item {
  const { expiresAt, ...rest } = link;
  return {
    ...voicemailPinLinkKey(link.tokenHash),
    entity: 'VoicemailPinLink',
    ...rest,
    linkExpiresAt: expiresAt,
    [TTL]: epoch(link.purgeAt),
  };
}
export const fromVoicemailPinLinkItem = (item: Item): VoicemailPinLink =>
  strip<VoicemailPinLink>({ ...item, expiresAt: item.linkExpiresAt }, [
    'tokenHash',
    'accountId',
    'userId',
    'status',
    'createdAt',
    'expiresAt',
    'purgeAt',
  ]);

export const serviceEntities: EntityShape[] = [
  {
    name: "Member's service",
    key: () => serviceKey('<a>', '<userId>', '<fax|sms|voice>'),
    notes: () =>
      'one per type per member (the key is the uniqueness); closed ones stay (status); the voicemail PIN as a salted scrypt hash',
  },
  {
    name: 'Voicemail PIN link',
    key: () => voicemailPinLinkKey('<sha256(token)>'),
    notes: () => 'TTL = link expiry (invitation lifetime) + 30 days',
  },
];

export const servicePatterns: Pattern[] = [
  {
    query: servicesOfMember,
    summary: "a member's services (GET …/services), in parallel with the settings layers of the member's path",
    roundTrips: '2 (with authorization, which brings the member)',
    cost: '≤ 1.5 RCU (three items) + the settings BatchGetItem (≤ 11 keys)',
  },
  {
    name: 'createService',
    summary: 'create or re-open a service (+ welcome mail)',
    operation:
      'GetItem user, BatchGetItem settings layers, GetItem service; TransactWriteItems service (absent, or the closed version), event (+ quota, PIN link)',
    index: 'table',
    keyCondition: () => `${show(serviceKey('<a>', '<u>', '<type>'))} (+ ${show(voicemailPinLinkKey('<h>'))})`,
    roundTrips: '5 (measured, with authorization)',
    cost: '≈ 4 WCU (+ 2 quota, + 2 link), ≈ 4 RCU; + 1 SES call',
  },
  {
    name: 'changeService',
    summary: 'change or close a service',
    operation:
      'GetItem user, BatchGetItem settings layers, GetItem service; TransactWriteItems service (version), event',
    index: 'table',
    keyCondition: () => show(serviceKey('<a>', '<u>', '<type>')),
    roundTrips: '5 (measured, with authorization)',
    cost: '≈ 4 WCU, ≈ 4 RCU',
  },
  {
    name: 'setVoicemailPin',
    summary: 'set the voicemail PIN with a link',
    operation: 'GetItem link; GetItem service + GetItem user (parallel); TransactWriteItems link used, service, event',
    index: 'table',
    keyCondition: () => `${show(voicemailPinLinkKey('<h>'))}, ${show(serviceKey('<a>', '<u>', 'voice'))}`,
    roundTrips: '3',
    cost: '≈ 6 WCU, 1.5 RCU',
  },
];
