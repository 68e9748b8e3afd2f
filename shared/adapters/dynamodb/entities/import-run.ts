/**
 * The import worker's access patterns (its items are the member-import entities and the members' own): the start and
 * the end of a run, one read of a batch's claims, one transaction per packed batch of rows.
 */
import { type Pattern, show } from '../entity.ts';
import { extensionClaimKey } from './device.ts';
import { invitationQuotaKey } from './invitation.ts';
import { importKey, importRowKey } from './member-import.ts';
import { memberEmailKey, userKey, usernameKey } from './user.ts';

export const importRunPatterns: Pattern[] = [
  {
    name: 'importRunStart',
    summary:
      'the worker picks an import up: the import (consistent), then queued → running with its event; once per run the ' +
      'account, the starter, the unit tree and the groups (the file: importFile)',
    operation:
      'GetItem import; TransactWriteItems import (condition: queued, no cancel) + import.started; BatchGetItem account ' +
      '+ starter ∥ Query unitsOfTree ∥ Query groupsByName (every page)',
    index: 'table',
    keyCondition: () => show(importKey('<a>', '<i>')),
    roundTrips: '2 + 1 (3 in parallel) per run',
    cost: '≈ 4 WCU; ~0.5 RCU per 4 KB of units and groups',
  },
  {
    name: 'importClaims',
    summary: "a batch's directory checks: its rows' username, email and extension claims and the day's mail count",
    operation: 'BatchGetItem, consistent (≤ 100 keys: about 49 persons or 99 members of other types)',
    index: 'table',
    keyCondition: () =>
      `${show(usernameKey('<a>', '<username>'))}, ${show(memberEmailKey('<a>', '<email>'))}, ` +
      `${show(extensionClaimKey('<a>', '<ext>'))}, ${show(invitationQuotaKey('<a>', '<day>'))}`,
    roundTrips: '1 per batch',
    cost: '1 RCU per key',
  },
  {
    name: 'importBatch',
    summary:
      'a packed batch of rows: each created member with everything createUser writes (claims conditional), its ' +
      "device, group memberships and services with their events; each unit's and group's count once with its sum; " +
      "new groups; the day's mail quota (conditional ADD); a result item per row; the checkpoint",
    operation:
      'TransactWriteItems (≤ 100 items): import SET processed ADD counts (condition: processed = before, running, no ' +
      'cancel), …; a lost claim retries without that row (skipped)',
    index: 'table',
    keyCondition: () =>
      `${show(importKey('<a>', '<i>'))}, ${show(importRowKey('<i>', 2))}, ${show(userKey('<a>', '<u>'))}, …`,
    roundTrips:
      '1 per ≈ 12 persons or ≈ 19 members of other types (measured before the SCIM userName check: 0.069 round ' +
      'trips per row for 1,000 system rows)',
    cost: '≈ 2 WCU per item',
  },
  {
    name: 'importRunEnd',
    summary: 'the end of a run: completed, cancelled or failed, with its event; the setup mails’ deliveries before it',
    operation:
      'TransactWriteItems import (condition: queued or running) + event; deliveries: TransactWriteItems of ≤ 100 ' +
      'invitation updates',
    index: 'table',
    keyCondition: () => show(importKey('<a>', '<i>')),
    roundTrips: '1 (+1 per 100 mails)',
    cost: '≈ 4 WCU',
  },
];
