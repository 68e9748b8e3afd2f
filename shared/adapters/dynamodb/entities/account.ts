/** The account item and the account's two counters (active managers, MFA overrides below the account). */
import type { Account } from '#domain/account.ts';
import type { AccountBrand } from '#domain/brand.ts';
import { type Pattern, type EntityShape, type Item, type Key, show, strip } from '../entity.ts';

/** The partition of an account's own items; its other partitions (events, units) extend it. */
export const accountPartition = (accountId: string): string => `ACCOUNT#${accountId}`;

export const accountKey = (accountId: string): Key => ({ PK: accountPartition(accountId), SK: 'ACCOUNT' });
/** Count of the account's active account managers: the last-manager guard decrements it only while it is > 1. */
export const activeManagersKey = (accountId: string): Key => ({
  PK: accountPartition(accountId),
  SK: 'ACTIVE_MANAGERS',
});
/**
 * How many MFA overrides below the account exist (units' and members' own `mfaRequired`): while 0, the account's
 * flag alone decides, and the per-request check reads nothing more. It may over-count (never under-count).
 */
export const mfaOverridesKey = (accountId: string): Key => ({ PK: accountPartition(accountId), SK: 'MFA_OVERRIDES' });

const accountFields = [
  'id',
  'name',
  'contactEmail',
  'contactPhone',
  'mfaRequired',
  'rootUnitId',
  'settings',
  'createdAt',
  'updatedAt',
  'version',
] as const;
export const accountItem = (a: Account): Item => ({ ...accountKey(a.id), entity: 'Account', ...a });
// accounts written before the MFA policy existed have no flag: not required; before settings, none set; an account
// without its own brand has no `branding` attribute (removing the brand removes the attribute)
export const fromAccountItem = (item: Item): Account => ({
  ...strip<Account>(item, accountFields),
  mfaRequired: item.mfaRequired === true,
  settings: (item.settings as Account['settings'] | undefined) ?? {},
  ...(item.branding ? { branding: item.branding as AccountBrand } : {}),
});

/** A new account has no MFA overrides below it (an account without this item reads as "unknown", the safe side). */
export const newMfaOverridesItem = (accountId: string): Item => ({
  ...mfaOverridesKey(accountId),
  entity: 'MfaOverrides',
  count: 0,
});

export const accountEntities: EntityShape[] = [
  {
    name: 'Account',
    key: () => accountKey('<accountId>'),
    notes: () =>
      'account-level settings (`settings`, `mfaRequired`), `rootUnitId`, the account brand (`branding`: displayName, logoUrl, primaryColor, supportEmail; a data URL logo makes the item up to 21 KB)',
  },
  { name: 'Active account managers (count)', key: () => activeManagersKey('<accountId>') },
  {
    name: 'MFA overrides below the account (count)',
    key: () => mfaOverridesKey('<accountId>'),
    notes: () => 'may over-count, never under-count',
  },
];

export const accountPatterns: Pattern[] = [
  {
    name: 'account',
    summary: 'read an account',
    operation:
      'on account routes it comes with the authorization read (accessToAccount); elsewhere GetItem, consistent',
    index: 'table',
    keyCondition: () => show(accountKey('<a>')),
    roundTrips: '0 (1)',
    cost: '— (1 RCU)',
  },
  {
    name: 'accountNames',
    summary: 'account names for `/v1/me`',
    operation: 'BatchGetItem',
    index: 'table',
    keyCondition: () => `${show(accountKey('<a>'))}, per account`,
    roundTrips: '1',
    cost: '0.5 RCU per account',
  },
  {
    name: 'createAccount',
    summary: 'create an account with its owner and setup link',
    operation:
      'TransactWriteItems: account, user, username claim, SCIM userName check, email claim, invitation, token, event',
    index: 'table',
    keyCondition: () => `${show(accountKey('<a>'))} (not exists), …`,
    roundTrips: '1',
    cost: '14 WCU + 2 GSI',
  },
  {
    name: 'updateAccount',
    summary: 'update an account, or set or remove its brand (`branding`)',
    operation: 'TransactWriteItems: account (version condition), event',
    index: 'table',
    keyCondition: () => show(accountKey('<a>')),
    roundTrips: '1',
    cost: '4 WCU',
  },
];
