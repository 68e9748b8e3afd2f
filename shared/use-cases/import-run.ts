/**
 * The bulk import worker: runs one import from its checkpoint to its end, or until its time runs low (then it hands
 * the import back to the queue). Per batch of rows: ONE BatchGetItem of their claims, then the rows packed into
 * transactions of at most 100 items, each moving the checkpoint with the rows (exactly once across crashes).
 */
import { auditEvent } from '#domain/audit.ts';
import type { MemberCaller } from '#domain/caller.ts';
import type { Clock } from '#domain/clock.ts';
import type { Translators } from '#domain/i18n.ts';
import type { Group } from '#domain/group.ts';
import { groupNameKey } from '#domain/group.ts';
import { DomainError } from '#domain/errors.ts';
import {
  TRANSACTION_ITEMS,
  countsOf,
  decideRow,
  mailQuotaWarning,
  mergeCounters,
  packTransaction,
  unitsByNamePath,
  type ImportLookups,
  type ImportRecord,
  type RowDecision,
} from '#domain/import-plan.ts';
import type { Actor, Invitation } from '#domain/invitation.ts';
import { DAILY_INVITATION_LIMIT, quotaDay } from '#domain/invitation-rules.ts';
import {
  isFinishedImport,
  type ImportMessage,
  type ImportRowResult,
  type MemberImport,
} from '#domain/member-import.ts';
import { newService } from '#domain/service.ts';
import { accountSettings, resolveSettings, type Module } from '#domain/settings.ts';
import { pathIds, type OrgUnit } from '#domain/org-unit.ts';
import type { User } from '#domain/user.ts';
import { logger } from '#observability/logger.ts';
import { countMetric } from '#observability/metrics.ts';
import type { AppSettings } from '#ports/app-settings.ts';
import type { IdGenerator } from '#ports/ids.ts';
import { ImportDuplicates, validateImportRow } from '#domain/member-import-rows.ts';
import type { MemberCsvReader } from '#ports/member-csv.ts';
import type {
  ImportClaims,
  ImportFiles,
  ImportCommit,
  ImportDirectory,
  ImportQueue,
  ImportRunStore,
  ImportedMember,
} from '#ports/imports.ts';
import type { Mailer } from '#ports/mailer.ts';
import { newDevice } from './device-events.ts';
import { newSetupLink, setupMessage } from './setup-link.ts';
import { memberCreated, newMemberRecord } from './users.ts';

/** The stored file as checked records: the CSV reader over the file, each row checked like createUser's body. */
export async function* importRecords(
  reader: MemberCsvReader,
  files: ImportFiles,
  imp: MemberImport,
): AsyncIterable<ImportRecord> {
  for await (const row of reader(files.open(imp))) {
    const verdict = validateImportRow(row.record);
    yield { index: row.index, line: row.line, input: verdict.input, problems: verdict.problems };
  }
}

export interface ImportRunDeps {
  store: ImportRunStore;
  /** The import's file as validated records, in order (the CSV reader and row validation). */
  records(imp: MemberImport): AsyncIterable<ImportRecord>;
  queue: ImportQueue;
  mailer: Mailer;
  /** The setup mails' messages, in each member's language. */
  translators: Translators;
  clock: Clock;
  ids: IdGenerator;
  settings: AppSettings;
  /** Setup mails per second (IMPORT_MAILS_PER_SECOND, default 5). */
  mailsPerSecond: number;
}

/** How long the invocation has left: the worker stops at a transaction boundary with a minute to spare. */
export interface RunBudget {
  remainingMs(): number;
}

/** The worker stops and enqueues itself again below this much time left. */
export const RESERVE_MS = 60_000;
/** Claim keys per BatchGetItem (DynamoDB's limit is 100; one is the day's mail count). */
const CLAIM_KEYS = 99;
/** Setup-mail deliveries are recorded this many at a time (one transaction). */
const DELIVERIES_AT_ONCE = 100;
/** A batch whose tree or new group changed under it is decided again at most this often before the run fails over. */
const REPLANS = 3;

type Stop = 'done' | 'stopped';

export async function runImport(deps: ImportRunDeps, message: ImportMessage, budget: RunBudget): Promise<void> {
  let imp = await deps.store.get(message.accountId, message.importId);
  if (!imp || isFinishedImport(imp)) return;
  const actor: Actor = { kind: 'user', userId: imp.startedBy.userId };
  const event = (type: string, details: Record<string, unknown>) =>
    auditEvent(deps.ids, {
      accountId: imp!.accountId,
      type,
      at: deps.clock.now().toISOString(),
      actor,
      target: {},
      details: { importId: imp!.id, ...details },
    });
  if (imp.cancelRequested) return cancel(deps, imp, event);
  if (imp.status === 'queued') {
    const started = await deps.store.start(
      imp,
      deps.clock.now().toISOString(),
      event('import.started', {
        total: imp.total,
        dryRun: imp.dryRun,
      }),
    );
    if (!started) return; // another delivery started it, or it was cancelled meanwhile: that one carries on
    imp = started;
  }
  const directory = await deps.store.directory(imp.accountId, imp.startedBy.userId);
  const refusal = whyNot(directory);
  if (refusal) {
    logger.warn('import failed', { accountId: imp.accountId, importId: imp.id, reason: refusal });
    await deps.store.finish(
      imp,
      'failed',
      deps.clock.now().toISOString(),
      event('import.failed', {
        reason: refusal,
        ...countFields(imp),
      }),
    );
    return;
  }
  const run = new ImportRun(deps, imp, directory, budget, actor);
  let stop: Stop;
  try {
    stop = await run.all();
  } catch (error) {
    // the stored file no longer reads as the upload did (it was checked then): nothing more can be done with it
    if (!(error instanceof DomainError)) throw error;
    await run.flushDeliveries();
    await deps.store.finish(
      run.imp,
      'failed',
      deps.clock.now().toISOString(),
      event('import.failed', {
        reason: error.code,
        ...countFields(run.imp),
      }),
    );
    return;
  }
  await run.flushDeliveries();
  if (stop === 'stopped') return;
  const last = run.imp;
  if (last.cancelRequested) return cancel(deps, last, event);
  await deps.store.finish(
    last,
    'completed',
    deps.clock.now().toISOString(),
    event('import.completed', countFields(last)),
  );
}

const countFields = (imp: MemberImport) => ({
  dryRun: imp.dryRun,
  total: imp.total,
  processed: imp.processed,
  created: imp.created,
  updated: imp.updated,
  skipped: imp.skipped,
  failed: imp.failed,
});

async function cancel(
  deps: ImportRunDeps,
  imp: MemberImport,
  event: (type: string, details: Record<string, unknown>) => ReturnType<typeof auditEvent>,
): Promise<void> {
  await deps.store.finish(
    imp,
    'cancelled',
    deps.clock.now().toISOString(),
    event('import.cancelled', countFields(imp)),
  );
}

/** Why the import cannot run at all: its account or the member who started it is gone, or may no longer add members. */
function whyNot(directory: ImportDirectory): string | null {
  if (!directory.account) return 'account_not_found';
  const starter = directory.starter;
  if (starter?.status !== 'active') return 'starter_not_active';
  const mayAdd = starter.role === 'account_manager' || (starter.role === 'admin' && starter.capabilities.manageUsers);
  return mayAdd ? null : 'starter_may_not_add_members';
}

/** The member who started the import, as a caller: their stored role, scope, capabilities and modules decide. */
const callerOf = (starter: User): MemberCaller => ({
  kind: 'member',
  identity: null,
  membership: {
    accountId: starter.accountId,
    userId: starter.id,
    status: starter.status,
    role: starter.role,
    adminUnitIds: starter.adminUnitIds,
    capabilities: starter.capabilities,
    modules: starter.modules,
  },
});

function lookupsOf(imp: MemberImport, directory: ImportDirectory): ImportLookups {
  const account = accountSettings(directory.account!.settings, directory.account!.mfaRequired);
  // each unit's effective allowedModules, computed once per unit from the overrides read with the directory
  const allowed = new Map<string, readonly Module[]>();
  const allowedModulesAt = (unit: OrgUnit): readonly Module[] => {
    let modules = allowed.get(unit.id);
    if (!modules) {
      const units = pathIds(unit.path).map((unitId) => ({
        unitId,
        overrides: directory.unitSettings.get(unitId) ?? {},
      }));
      modules = resolveSettings({ account, units }).allowedModules.value;
      allowed.set(unit.id, modules);
    }
    return modules;
  };
  return {
    caller: callerOf(directory.starter!),
    units: new Map(directory.units.map((u) => [u.id, u])),
    unitsByPath: unitsByNamePath(directory.units),
    groups: new Map(directory.groups.map((g) => [groupNameKey(g.name), g.id])),
    createGroups: imp.createGroups,
    allowedModulesAt,
  };
}

/** The claim keys a record needs checked (valid records only). */
function keysOf(record: ImportRecord): { usernames: string[]; emails: string[]; extensions: string[] } {
  const input = record.input;
  if (!input || record.problems.length) return { usernames: [], emails: [], extensions: [] };
  return {
    usernames: [input.username],
    emails: input.email && input.type === 'person' ? [input.email] : [],
    extensions: input.extension ? [input.extension] : [],
  };
}
const keyCount = (record: ImportRecord) => {
  const k = keysOf(record);
  return k.usernames.length + k.emails.length + k.extensions.length;
};

/** A setup mail to send once its member's transaction committed. */
interface PendingMail {
  user: User;
  invitation: Invitation;
  token: string;
}

class ImportRun {
  private lookups: ImportLookups;
  private readonly seen = new ImportDuplicates();
  private deliveries: { invitation: Invitation; delivery: Invitation['delivery'] }[] = [];
  /** Decided rows not committed yet, in file order, with what they were decided from. */
  private pending: { record: ImportRecord; claims: ImportClaims; decision: RowDecision }[] = [];
  private readonly warnings = new Map<number, ImportRowResult['warnings']>();
  private nextMailAt = 0;

  constructor(
    private readonly deps: ImportRunDeps,
    public imp: MemberImport,
    private readonly directory: ImportDirectory,
    private readonly budget: RunBudget,
    private readonly actor: Actor,
  ) {
    this.lookups = lookupsOf(imp, directory);
  }

  /** Streams the file: records before the checkpoint only rebuild the in-file duplicate set; the rest go in batches. */
  async all(): Promise<Stop> {
    let group: ImportRecord[] = [];
    let keys = 0;
    for await (const record of this.deps.records(this.imp)) {
      if (record.index < this.imp.processed) {
        // handled before a crash or a hand-over: only the file's first usernames, emails and extensions are kept
        if (record.input) this.seen.claim(record.line, record.input);
        continue;
      }
      const needs = keyCount(record);
      if (group.length && keys + needs > CLAIM_KEYS) {
        await this.decide(group);
        // only full transactions now: the rest waits to be packed with the next batch's rows
        if ((await this.commitPending(true)) === 'stopped') return 'stopped';
        group = [];
        keys = 0;
      }
      group.push(record);
      keys += needs;
    }
    if (group.length) await this.decide(group);
    return this.commitPending(false);
  }

  /** One batch of records: ONE read of their claims (and the day's mail count), then their decisions. */
  private async decide(records: ImportRecord[]): Promise<void> {
    const claimKeys = records.map(keysOf);
    const claims = await this.deps.store.claims(this.imp.accountId, {
      usernames: claimKeys.flatMap((k) => k.usernames),
      emails: claimKeys.flatMap((k) => k.emails),
      extensions: claimKeys.flatMap((k) => k.extensions),
      day: quotaDay(this.deps.clock.now()).day,
      now: this.deps.clock.now(),
    });
    // past the day's quota (what is sent, and what waits to be committed) a member is created without the mail
    let mailsLeft = DAILY_INVITATION_LIMIT - claims.mailsToday - this.pendingMails();
    for (const record of records) {
      const decision = decideRow(record, this.seen, this.lookups, claims);
      if (decision.status === 'created' && decision.member.mail) {
        if (mailsLeft > 0) mailsLeft--;
        else this.unmail(decision);
      }
      this.pending.push({ record, claims, decision });
    }
  }

  private pendingMails(): number {
    return this.pending.filter(({ decision: d }) => d.status === 'created' && d.member.mail).length;
  }

  private unmail(decision: RowDecision): void {
    if (decision.status !== 'created') return;
    decision.member.mail = false;
    this.warnings.set(decision.line, [mailQuotaWarning]);
  }

  /** Commits the decided rows, a packed transaction at a time (`fullOnly`: while they fill one). */
  private async commitPending(fullOnly: boolean): Promise<Stop> {
    let replans = 0;
    while (this.pending.length) {
      const decisions = this.pending.map((p) => p.decision);
      for (const row of decisions) this.knownGroups(row);
      const taken = packTransaction(decisions, this.imp.dryRun, TRANSACTION_ITEMS);
      if (fullOnly && taken.length === decisions.length) return 'done';
      if (this.budget.remainingMs() < RESERVE_MS) {
        await this.flushDeliveries();
        await this.deps.queue.enqueue({ accountId: this.imp.accountId, importId: this.imp.id });
        return 'stopped';
      }
      const { commit, mails } = this.commitOf(taken, this.warnings, quotaDay(this.deps.clock.now()));
      const outcome = await this.deps.store.commit(commit);
      if (outcome.ok) {
        const counts = countsOf(commit.rows);
        this.imp = {
          ...this.imp,
          processed: commit.after,
          progressAt: commit.at,
          ...Object.fromEntries(Object.entries(counts).map(([k, n]) => [k, this.imp[k as 'created'] + n])),
        };
        if (!this.imp.dryRun) {
          countMetric('importRowsSucceeded', counts.created);
          countMetric('importRowsFailed', counts.failed);
        }
        for (const { group } of commit.groups) this.lookups.groups.set(groupNameKey(group.name), group.id);
        this.pending = this.pending.slice(taken.length);
        await this.sendMails(mails);
        continue;
      }
      if (outcome.reason === 'claims') {
        // a concurrent create took a username, email or extension since the read: that row is skipped (or failed)
        for (const lost of outcome.lines) {
          const entry = this.pending.find((p) => p.decision.line === lost.line);
          if (!entry) continue;
          const { line, index } = entry.decision;
          entry.decision =
            lost.column === 'extension'
              ? { line, index, status: 'failed', errors: [extensionTaken] }
              : { line, index, status: 'skipped', errors: [exists(lost.column)] };
        }
        continue;
      }
      if (outcome.reason === 'quota') {
        // the day's quota went meanwhile (invitations sent beside the import): these rows go unmailed
        for (const row of taken) if (row.status === 'created' && row.member.mail) this.unmail(row);
        continue;
      }
      if (outcome.reason === 'import') return this.importMoved();
      // a unit moved or a group of that name appeared meanwhile: read the directory again and decide again
      if (++replans > REPLANS) throw new Error(`import batch kept racing (${outcome.reason})`);
      const fresh = await this.deps.store.directory(this.imp.accountId, this.imp.startedBy.userId);
      this.lookups = lookupsOf(this.imp, fresh);
      for (const entry of this.pending) {
        entry.decision = decideRow(entry.record, this.seen, this.lookups, entry.claims);
        if (this.warnings.has(entry.decision.line)) this.unmail(entry.decision);
      }
    }
    return 'done';
  }

  /** Groups a row would create that an earlier transaction of this run created: joined as existing ones. */
  private knownGroups(row: RowDecision): void {
    if (row.status !== 'created' || !row.member.newGroups.length) return;
    const still: string[] = [];
    for (const name of row.member.newGroups) {
      const id = this.lookups.groups.get(groupNameKey(name));
      if (id) row.member.groupIds.push(id);
      else still.push(name);
    }
    row.member.newGroups = still;
  }

  /** The checkpoint update moved on; a cancel asked, or another delivery of the message is ahead: stop here. */
  private async importMoved(): Promise<Stop> {
    const now = await this.deps.store.get(this.imp.accountId, this.imp.id);
    if (now && now.status === 'running' && now.cancelRequested && now.processed === this.imp.processed) {
      this.imp = now;
      return 'done'; // runImport finishes it as cancelled
    }
    logger.info('import moved on elsewhere', { accountId: this.imp.accountId, importId: this.imp.id });
    return 'stopped';
  }

  /** The transaction of `rows`: the members and what comes with them, new groups, counters, rows, checkpoint. */
  private commitOf(
    rows: RowDecision[],
    warnings: Map<number, ImportRowResult['warnings']>,
    day: ReturnType<typeof quotaDay>,
  ): { commit: ImportCommit; mails: PendingMail[] } {
    const at = this.deps.clock.now();
    const now = at.toISOString();
    const dryRun = this.imp.dryRun;
    const counters = mergeCounters(dryRun ? [] : rows);
    const groups = counters.newGroups.map(({ name, count }) => {
      const group: Group = {
        id: this.deps.ids.next(),
        accountId: this.imp.accountId,
        name,
        description: null,
        memberCount: count,
        sharedItemCount: 0,
        createdAt: now,
        updatedAt: now,
        version: 1,
      };
      const event = auditEvent(this.deps.ids, {
        accountId: group.accountId,
        type: 'group.created',
        at: now,
        actor: this.actor,
        target: {},
        details: { groupId: group.id, name: group.name, importId: this.imp.id },
      });
      return { group, event };
    });
    const newGroupIds = new Map(groups.map(({ group }) => [groupNameKey(group.name), group.id]));
    const members: ImportedMember[] = [];
    const mails: PendingMail[] = [];
    const results: ImportRowResult[] = rows.map((row) => {
      const warned = warnings.get(row.line);
      if (row.status !== 'created') return { line: row.line, status: row.status, errors: row.errors };
      if (dryRun) return { line: row.line, status: 'created', ...(warned ? { warnings: warned } : {}) };
      const built = this.member(row, newGroupIds, at);
      members.push(built.member);
      if (built.mail) mails.push(built.mail);
      return {
        line: row.line,
        status: 'created',
        userId: built.member.user.id,
        ...(warned ? { warnings: warned } : {}),
      };
    });
    const before = this.imp.processed;
    const after = rows.length ? rows[rows.length - 1].index + 1 : before;
    return {
      commit: {
        imp: this.imp,
        before,
        after,
        at: now,
        rows: results,
        members,
        groups,
        units: counters.units,
        groupCounts: counters.groups,
        ...(mails.length
          ? {
              mails: {
                quota: { day: day.day, limit: DAILY_INVITATION_LIMIT, endsAt: day.endsAt },
                count: mails.length,
              },
            }
          : {}),
      },
      mails,
    };
  }

  /** The records of one new member, as createUser and the group and service operations would write them. */
  private member(
    row: Extract<RowDecision, { status: 'created' }>,
    newGroupIds: Map<string, string>,
    at: Date,
  ): { member: ImportedMember; mail: PendingMail | null } {
    const { input, unit, grants, groupIds, newGroups, mail } = row.member;
    const deps = this.deps;
    const caller = this.lookups.caller;
    const now = at.toISOString();
    const person = input.type === 'person';
    const user = newMemberRecord(
      deps.ids.next(),
      caller,
      {
        type: input.type,
        username: input.username,
        ...(input.email ? { email: input.email } : {}),
        firstName: input.firstName,
        lastName: input.lastName,
        countryCode: input.countryCode,
        language: input.language,
      },
      { ...grants, unitPath: unit.path },
      person ? 'invited' : 'active',
      now,
    );
    const link = person ? newSetupLink(deps, user, this.actor, at) : null;
    const importId = this.imp.id;
    const event = memberCreated(deps, this.actor, user, {
      ...(person ? { email: user.email } : { type: user.type }),
      importId,
    });
    const device = input.extension ? newDevice(deps, caller, user, { extension: input.extension }, now) : undefined;
    if (device) device.event.details.importId = importId;
    const ofUser = (type: string, details: Record<string, unknown>) =>
      auditEvent(deps.ids, {
        accountId: user.accountId,
        type,
        at: now,
        actor: this.actor,
        target: { userId: user.id },
        unitPath: user.unitPath,
        details: { ...details, importId },
      });
    const memberships = [...groupIds, ...newGroups.map((n) => newGroupIds.get(groupNameKey(n))!)].map((groupId) => ({
      membership: { accountId: user.accountId, groupId, userId: user.id, username: user.username, addedAt: now },
      event: ofUser('group.member_added', { groupId }),
    }));
    const services = input.services.map((type) => {
      const service = newService({ accountId: user.accountId, userId: user.id, type, settings: {}, at: now });
      return {
        service,
        event: ofUser('service.created', { type, settings: [], reopened: false, welcomeEmail: false }),
      };
    });
    return {
      member: {
        line: row.line,
        user,
        event,
        ...(link ? { invitation: link.invitation } : {}),
        ...(device ? { device } : {}),
        memberships,
        services,
      },
      mail: link && mail ? { user, invitation: link.invitation, token: link.token } : null,
    };
  }

  /** The setup mails of a committed transaction, paced to `mailsPerSecond`; a refused mail is recorded, not retried. */
  private async sendMails(mails: PendingMail[]): Promise<void> {
    const account = this.directory.account!;
    const gap = 1000 / Math.max(1, this.deps.mailsPerSecond);
    for (const { user, invitation, token } of mails) {
      const now = this.deps.clock.now().getTime();
      if (this.nextMailAt > now) await this.deps.clock.sleep(this.nextMailAt - now);
      this.nextMailAt = Math.max(now, this.nextMailAt) + gap;
      let delivery: Invitation['delivery'] = 'sent';
      try {
        await this.deps.mailer.send(setupMessage(this.deps, account, user, invitation, token));
        countMetric('invitationsSent');
      } catch (error) {
        delivery = 'failed';
        countMetric('mailsRefused');
        logger.warn('setup mail refused', { accountId: user.accountId, error: (error as Error).name });
      }
      this.deliveries.push({ invitation, delivery });
    }
    if (this.deliveries.length >= DELIVERIES_AT_ONCE) await this.flushDeliveries();
  }

  /** Records the mails' deliveries (bookkeeping after the commits: a failure is logged, the members stand). */
  async flushDeliveries(): Promise<void> {
    const entries = this.deliveries;
    this.deliveries = [];
    if (!entries.length) return;
    await this.deps.store.recordDeliveries(entries).catch((error: Error) => {
      logger.error('could not record mail deliveries', { importId: this.imp.id, error: error.name });
    });
  }
}

const extensionTaken = {
  column: 'extension' as const,
  code: 'extension_taken',
  message: 'The extension was taken in this account meanwhile',
};
const exists = (column: 'username' | 'email') => ({
  column,
  code: `${column}_exists`,
  message: `The ${column} was taken in this account meanwhile`,
});
