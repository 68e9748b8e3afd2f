/**
 * The import worker's store: per batch ONE BatchGetItem of the rows' claims (and the day's mail count) and ONE
 * TransactWriteItems per transaction of rows, which carries the members with everything created with them, each
 * shared counter once with its sum, the row results and the import's checkpoint update with its condition.
 */
import { createHash } from 'node:crypto';
import { GetCommand, QueryCommand } from './document.ts';
import type { CancellationReason } from '@aws-sdk/client-dynamodb';
import type { AuditEvent } from '#domain/audit.ts';
import { epochSeconds } from '#domain/clock.ts';
import type { CommitOutcome, ImportCommit, ImportRunStore } from '#ports/imports.ts';
import { batchGet } from './batch-get.ts';
import { ddb, tableName } from './client.ts';
import { accountKey, fromAccountItem } from './entities/account.ts';
import { auditEventItem } from './entities/audit-event.ts';
import { extensionClaimKey } from './entities/device.ts';
import {
  fromGroupItem,
  groupItem,
  groupKey,
  groupMembershipItem,
  groupNameClaimItem,
  groupsByName,
} from './entities/group.ts';
import { invitationQuotaKey } from './entities/invitation.ts';
import { fromImportItem, importKey, importRowItem } from './entities/member-import.ts';
import { orgTreeKey, orgUnitKey } from './entities/org-unit.ts';
import { serviceItem } from './entities/service.ts';
import { fromUnitSettingsItem, unitSettingsKey } from './entities/settings.ts';
import { fromUserItem, memberEmailKey, userItem, userKey, usernameKey } from './entities/user.ts';
import type { Item, Key } from './entity.ts';
import { newDeviceSteps } from './device-store.ts';
import { deliveryUpdate, invitationDelivery } from './invitation-delivery.ts';
import { quotaStep } from './invitation-quota.ts';
import { queryInput } from './query.ts';
import { MAX_TRANSACTION_ITEMS, check, put, transactWrite, update, type TransactItem } from './transact.ts';
import { snapshot } from './unit-repair-store.ts';
import { newUserSteps, usernameClaimSteps } from './user-store.ts';

const notExists = 'attribute_not_exists(PK)';
const sameKey = (item: Item, key: Key) => item.PK === key.PK && item.SK === key.SK;

/** What a transaction item stands for, to tell which condition cancelled it. */
type Owner =
  | { kind: 'import' | 'quota' | 'tree' | 'groups' | 'other' }
  | { kind: 'claim'; line: number; column: 'username' | 'email' | 'extension' };

/** Transactions cancelled only by conflicts with other writers are tried again this often. */
const CONFLICT_ATTEMPTS = 5;

/** The items of one commit, each with its owner (same order). */
export function commitItems(batch: ImportCommit): { items: TransactItem[]; owners: Owner[] } {
  const items: TransactItem[] = [];
  const owners: Owner[] = [];
  const add = (item: TransactItem, owner: Owner = { kind: 'other' }) => {
    items.push(item);
    owners.push(owner);
  };
  const { imp } = batch;
  const counts = { created: 0, skipped: 0, failed: 0 };
  for (const row of batch.rows) counts[row.status]++;
  add(
    update(
      importKey(imp.accountId, imp.id),
      'SET #processed = :after, #progressAt = :at ADD #created :c, #skipped :s, #failed :f',
      '#processed = :before AND #status = :running AND #cancel = :no',
      {
        ':after': batch.after,
        ':at': batch.at,
        ':before': batch.before,
        ':c': counts.created,
        ':s': counts.skipped,
        ':f': counts.failed,
        ':running': 'running',
        ':no': false,
      },
      {
        '#status': 'status',
        '#processed': 'processed',
        '#progressAt': 'progressAt',
        '#created': 'created',
        '#skipped': 'skipped',
        '#failed': 'failed',
        '#cancel': 'cancelRequested',
      },
    ),
    { kind: 'import' },
  );
  if (batch.mails) add(quotaStep(imp.accountId, batch.mails.quota, batch.mails.count), { kind: 'quota' });
  if (batch.members.length) {
    add(check(orgTreeKey(imp.accountId), 'attribute_not_exists(#move)', undefined, { '#move': 'move' }), {
      kind: 'tree',
    });
  }
  for (const unit of batch.units) {
    add(
      update(
        orgUnitKey(imp.accountId, unit.unitId),
        'ADD #mc :n',
        '#path = :path',
        { ':n': unit.count, ':path': unit.unitPath },
        { '#mc': 'memberCount', '#path': 'path' },
      ),
      { kind: 'tree' },
    );
  }
  for (const g of batch.groupCounts) {
    add(update(groupKey(imp.accountId, g.groupId), 'ADD memberCount :n', 'attribute_exists(PK)', { ':n': g.count }), {
      kind: 'groups',
    });
  }
  for (const { group, event } of batch.groups) {
    add(put(groupItem(group), notExists), { kind: 'groups' });
    add(put(groupNameClaimItem(group), notExists), { kind: 'groups' });
    add(put(auditEventItem(event)));
  }
  for (const m of batch.members) {
    const claim = (column: 'username' | 'email' | 'extension'): Owner => ({ kind: 'claim', line: m.line, column });
    if (m.invitation) {
      const [userStep, usernameStep, scimNameStep, emailStep, ...link] = newUserSteps(m.user, m.invitation);
      add(userStep.item);
      add(usernameStep.item, claim('username'));
      add(scimNameStep.item, claim('username'));
      add(emailStep.item, claim('email'));
      for (const s of link) add(s.item);
    } else {
      add(put(userItem(m.user), notExists));
      for (const step of usernameClaimSteps(m.user)) add(step.item, claim('username'));
    }
    add(put(auditEventItem(m.event)));
    if (m.device) {
      const [deviceStep, extensionStep, ...rest] = newDeviceSteps(m.device.device);
      add(deviceStep.item);
      add(extensionStep.item, claim('extension'));
      for (const s of rest) add(s.item);
      add(put(auditEventItem(m.device.event)));
    }
    for (const { membership, event } of m.memberships) {
      add(put(groupMembershipItem(membership), notExists));
      add(put(auditEventItem(event)));
    }
    for (const { service, event } of m.services) {
      add(put(serviceItem(service), notExists));
      add(put(auditEventItem(event)));
    }
  }
  for (const row of batch.rows) add(put(importRowItem(imp, row)));
  return { items, owners };
}

/** Which condition cancelled the commit: the import first (a cancel stops everything), then rows, quota, tree. */
function outcomeOf(reasons: (CancellationReason | undefined)[], owners: Owner[]): CommitOutcome | null {
  const failed = owners.filter((_, i) => reasons[i]?.Code === 'ConditionalCheckFailed');
  if (!failed.length) return null;
  if (failed.some((o) => o.kind === 'import')) return { ok: false, reason: 'import' };
  const lines = failed.flatMap((o) => (o.kind === 'claim' ? [{ line: o.line, column: o.column }] : []));
  if (lines.length) return { ok: false, reason: 'claims', lines };
  if (failed.some((o) => o.kind === 'quota')) return { ok: false, reason: 'quota' };
  if (failed.some((o) => o.kind === 'tree')) return { ok: false, reason: 'tree' };
  return { ok: false, reason: 'group_name' };
}

const eventPut = (event: AuditEvent) => put(auditEventItem(event));

export const importRunStore: ImportRunStore = {
  async get(accountId, importId) {
    const { Item } = await ddb.send(
      new GetCommand({ TableName: tableName(), Key: importKey(accountId, importId), ConsistentRead: true }),
    );
    return Item ? fromImportItem(Item) : null;
  },

  async start(imp, at, event) {
    const outcome = await transactWrite([
      update(
        importKey(imp.accountId, imp.id),
        'SET #status = :running, #startedAt = :at, #progressAt = :at ADD #version :one',
        '#status = :queued AND #cancel = :no',
        { ':running': 'running', ':at': at, ':one': 1, ':queued': 'queued', ':no': false },
        {
          '#status': 'status',
          '#startedAt': 'startedAt',
          '#progressAt': 'progressAt',
          '#version': 'version',
          '#cancel': 'cancelRequested',
        },
      ),
      eventPut(event),
    ]);
    if (!outcome.ok) {
      if (outcome.reasons.some((r) => r?.Code === 'ConditionalCheckFailed')) return null;
      throw outcome.error;
    }
    return { ...imp, status: 'running', startedAt: at, progressAt: at, version: imp.version + 1 };
  },

  async directory(accountId, starterUserId) {
    const groups = async () => {
      const found = [];
      let start: Item | undefined;
      do {
        const out = await ddb.send(new QueryCommand(queryInput(groupsByName, [accountId], { start })));
        found.push(...(out.Items ?? []).map(fromGroupItem));
        start = out.LastEvaluatedKey;
      } while (start);
      return found;
    };
    const account = accountKey(accountId);
    const [items, tree, all] = await Promise.all([
      batchGet([account, userKey(accountId, starterUserId)], { consistent: true }),
      snapshot(accountId),
      groups(),
    ]);
    const accountItem = items.find((i) => sameKey(i, account));
    const starterItem = items.find((i) => !sameKey(i, account));
    // the units' own settings (allowedModules narrow per unit): one batched read of the tree's units, once per run
    const settingsItems = await batchGet(
      tree.units.map((u) => unitSettingsKey(accountId, u.id)),
      { consistent: true },
    );
    const unitSettings = new Map(
      settingsItems.map((item) => [String(item.unitId), fromUnitSettingsItem(item).overrides] as const),
    );
    return {
      account: accountItem ? fromAccountItem(accountItem) : null,
      starter: starterItem ? fromUserItem(starterItem) : null,
      units: tree.units,
      groups: all,
      unitSettings,
    };
  },

  async claims(accountId, keys) {
    const quotaKey = invitationQuotaKey(accountId, keys.day);
    const items = await batchGet(
      [
        quotaKey,
        ...keys.usernames.map((u) => usernameKey(accountId, u)),
        ...keys.emails.map((e) => memberEmailKey(accountId, e)),
        ...keys.extensions.map((x) => extensionClaimKey(accountId, x)),
      ],
      { consistent: true },
    );
    const now = epochSeconds(keys.now);
    const out = {
      usernames: new Set<string>(),
      emails: new Set<string>(),
      extensions: new Set<string>(),
      mailsToday: 0,
    };
    const bySk = new Map<string, () => void>();
    for (const u of keys.usernames) bySk.set(usernameKey(accountId, u).SK, () => out.usernames.add(u));
    for (const x of keys.extensions) bySk.set(extensionClaimKey(accountId, x).SK, () => out.extensions.add(x));
    const emailSk = new Map(keys.emails.map((e) => [memberEmailKey(accountId, e).SK, e]));
    for (const item of items) {
      if (sameKey(item, quotaKey)) out.mailsToday = Number(item.count ?? 0);
      else if (emailSk.has(String(item.SK))) {
        // held by a member, or by an invitation whose link has not expired
        if (item.userId !== undefined || Number(item.claimExpiresAt ?? 0) > now)
          out.emails.add(emailSk.get(String(item.SK))!);
      } else bySk.get(String(item.SK))?.();
    }
    return out;
  },

  async commit(batch) {
    const { items, owners } = commitItems(batch);
    if (items.length > MAX_TRANSACTION_ITEMS) throw new Error(`an import transaction of ${items.length} items`);
    // the token makes an SDK retry of a transaction that did commit answer success instead of a failed checkpoint
    const token = createHash('sha256').update(JSON.stringify(items)).digest('hex').slice(0, 36);
    for (let attempt = 1; ; attempt++) {
      const outcome = await transactWrite(items, { token });
      if (outcome.ok) return { ok: true };
      const decided = outcomeOf(outcome.reasons, owners);
      if (decided) return decided;
      if (!outcome.reasons.some((r) => r?.Code === 'TransactionConflict') || attempt >= CONFLICT_ATTEMPTS)
        throw outcome.error;
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 50 * attempt));
    }
  },

  async recordDeliveries(entries) {
    for (let i = 0; i < entries.length; i += MAX_TRANSACTION_ITEMS) {
      const slice = entries.slice(i, i + MAX_TRANSACTION_ITEMS);
      const outcome = await transactWrite(
        slice.map(({ invitation, delivery }) => deliveryUpdate(invitation, delivery)),
      );
      // a link replaced meanwhile cancels the lot: the others one by one
      if (!outcome.ok)
        await Promise.all(
          slice.map(({ invitation, delivery }) => invitationDelivery.setDelivery(invitation, delivery)),
        );
    }
  },

  async finish(imp, status, at, event) {
    const outcome = await transactWrite([
      update(
        importKey(imp.accountId, imp.id),
        'SET #status = :status, #finishedAt = :at ADD #version :one',
        '#status IN (:queued, :running)',
        { ':status': status, ':at': at, ':one': 1, ':queued': 'queued', ':running': 'running' },
        { '#status': 'status', '#finishedAt': 'finishedAt', '#version': 'version' },
      ),
      eventPut(event),
    ]);
    // already finished by another delivery: nothing to do
    if (!outcome.ok && !outcome.reasons.some((r) => r?.Code === 'ConditionalCheckFailed')) throw outcome.error;
  },
};
