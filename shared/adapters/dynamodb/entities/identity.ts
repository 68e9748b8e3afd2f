/**
 * A person (a Cognito user): the identity partition holds its profile and one membership record per account, read
 * whole in one Query on every `/v1/me` request; the identity-by-email item says which person an email already is.
 */
import type { Identity, Membership } from '#domain/identity.ts';
import { type Pattern, type EntityShape, type Item, type Key, type QueryPattern, show, strip } from '../entity.ts';
import { accountKey, mfaOverridesKey } from './account.ts';
import { grantsFrom, userKey } from './user.ts';

const identityPartition = (identityId: string): string => `IDENTITY#${identityId}`;
const PROFILE = 'PROFILE';
const MEMBERSHIP = 'MEMBERSHIP#';

export const identityKey = (identityId: string): Key => ({ PK: identityPartition(identityId), SK: PROFILE });
export const membershipKey = (identityId: string, accountId: string): Key => ({
  PK: identityPartition(identityId),
  SK: `${MEMBERSHIP}${accountId}`,
});
/** Identity by email: which person an email already is (uniqueness of identities). */
export const identityByEmailKey = (email: string): Key => ({ PK: `EMAIL#${email}`, SK: 'IDENTITY' });

export const isProfile = (item: Item): boolean => item.SK === PROFILE;
export const isMembership = (item: Item): boolean => String(item.SK).startsWith(MEMBERSHIP);

/**
 * The identity partition: the profile plus one membership record per account. An unknown email reads the
 * partition of `null`, which no identity has (Cognito subs are UUIDs), so it costs the same Query.
 */
export const accessOfIdentity: QueryPattern<[identityId: string | null]> = {
  name: 'accessOfIdentity',
  index: 'table',
  partition: (identityId) => identityPartition(identityId ?? 'none'),
  placeholders: ['<sub>'],
  sortKey: 'none',
  consistent: true,
};

const identityFields = ['id', 'email', 'tokensValidAfter', 'mfaEnabled', 'createdAt'] as const;
export const identityItem = (i: Identity): Item => ({ ...identityKey(i.id), entity: 'Identity', ...i });
export const fromIdentityItem = (item: Item): Identity => ({
  ...strip<Identity>(item, identityFields),
  ...(typeof item.revocationCount === 'number' ? { revocationCount: item.revocationCount } : {}),
});
export const identityByEmailItem = (i: Identity): Item => ({
  ...identityByEmailKey(i.email),
  entity: 'IdentityEmail',
  identityId: i.id,
});

const membershipFields = ['accountId', 'userId', 'identityId', 'role', 'status', 'tokensValidAfter'] as const;
export const membershipItem = (m: Membership): Item => ({
  ...membershipKey(m.identityId, m.accountId),
  entity: 'Membership',
  ...m,
});
export const fromMembershipItem = (item: Item): Membership => ({
  ...strip<Membership>(item, membershipFields),
  ...grantsFrom(item),
});

export const identityEntities: EntityShape[] = [
  { name: 'Identity (a Cognito user)', key: () => identityKey('<sub>') },
  {
    name: 'Membership (authorization record)',
    key: () => membershipKey('<sub>', '<accountId>'),
    notes: () =>
      'role, status, revocation mark, `adminUnitIds`, `capabilities`, `modules` (kept with the user in every update)',
  },
  { name: 'Identity by email', key: () => identityByEmailKey('<email>') },
];

export const identityPatterns: Pattern[] = [
  {
    name: 'accessToAccount',
    summary:
      "authorize a request about one account: identity, its membership there, the account's MFA policy and its " +
      'count of MFA overrides (on `GET …/users/{u}` also that member)',
    operation: 'BatchGetItem, consistent',
    index: 'table',
    keyCondition: () =>
      `${[identityKey('<sub>'), membershipKey('<sub>', '<a>'), accountKey('<a>'), mfaOverridesKey('<a>')]
        .map(show)
        .join(', ')} (+ ${show(userKey('<a>', '<u>'))})`,
    roundTrips: '1',
    cost: '4 (5) RCU',
  },
  {
    query: accessOfIdentity,
    summary:
      'authorize a `/v1/me…` request: identity + all its memberships (+ their accounts’ MFA policy when the identity has no MFA)',
    roundTrips: '1 (+1 BatchGetItem of the accounts)',
    cost: '1 RCU (+1 per account)',
  },
  {
    name: 'identityByEmail',
    summary: 'is this email already a person?',
    operation: 'consistent GetItem of the email lookup, then of the profile',
    index: 'table',
    keyCondition: () => `${show(identityByEmailKey('<e>'))}, then ${show(identityKey('<sub>'))}`,
    roundTrips: '1–2',
    cost: '1–2 RCU',
  },
  {
    name: 'mfaPolicy',
    summary: 'MFA policy of an identity without MFA (every member request)',
    operation:
      "consistent BatchGetItem of the path's account (all active accounts on `/v1/me`) and its overrides count",
    index: 'table',
    keyCondition: () => `${show(accountKey('<a>'))}, ${show(mfaOverridesKey('<a>'))}`,
    roundTrips: '1',
    cost: '1 RCU per account',
  },
  {
    name: 'signIn',
    summary: 'sign-in (and the MFA step)',
    operation: 'GetItem email lookup, Query identity, (no MFA) BatchGetItem policy, TransactWriteItems events',
    index: 'table',
    keyCondition: () => `${show(identityByEmailKey('<e>'))}, then PK = ${identityPartition('<sub>')}`,
    roundTrips: '3–4',
    cost: '2–3 RCU, 2 WCU + 2 GSI per active account',
  },
  {
    name: 'setPassword',
    summary: 'set password (manager)',
    operation: 'GetItem user, Query identity, TransactWriteItems: identity mark (condition), event',
    index: 'table',
    keyCondition: () => show(identityKey('<sub>')),
    roundTrips: '3',
    cost: '4 WCU + 2 GSI; + 2 Cognito calls',
  },
  {
    name: 'setMfa',
    summary: 'enable / disable MFA',
    operation: 'TransactWriteItems: identity (flag, mark), event per account',
    index: 'table',
    keyCondition: () => show(identityKey('<sub>')),
    roundTrips: '1',
    cost: '2 + 2n WCU + GSI; + 2 Cognito calls',
  },
];
