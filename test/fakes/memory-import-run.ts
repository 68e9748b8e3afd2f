/**
 * The import worker's store in memory: the import, the directory it decides against, the claims, and a commit that
 * applies the same conditions as the DynamoDB transaction (checkpoint, claims, quota, unit paths) all or nothing.
 */
import type { Account } from '#domain/account.ts';
import type { AuditEvent } from '#domain/audit.ts';
import type { Group, GroupMembership } from '#domain/group.ts';
import type { Invitation } from '#domain/invitation.ts';
import type { ImportRowResult, MemberImport } from '#domain/member-import.ts';
import type { OrgUnit } from '#domain/org-unit.ts';
import type { Service } from '#domain/service.ts';
import type { User } from '#domain/user.ts';
import type { CommitOutcome, ImportCommit, ImportRunStore } from '#ports/imports.ts';
import { groupNameKey } from '#domain/group.ts';
import type { Device } from '#domain/device.ts';
import type { SettingOverrides } from '#domain/settings.ts';

export class MemoryImportRun implements ImportRunStore {
  imports = new Map<string, MemberImport>();
  account: Account | null = null;
  units: OrgUnit[] = [];
  groups: Group[] = [];
  /** Unit settings overrides by unit id (units without overrides are absent). */
  unitSettings = new Map<string, SettingOverrides>();
  users: User[] = [];
  invitations: Invitation[] = [];
  devices: Device[] = [];
  memberships: GroupMembership[] = [];
  services: Service[] = [];
  events: AuditEvent[] = [];
  rows = new Map<string, ImportRowResult>();
  usernames = new Set<string>();
  emails = new Set<string>();
  extensions = new Set<string>();
  mailsToday = 0;
  mailLimit = Number.POSITIVE_INFINITY;
  deliveries: { invitationId: string; delivery: string }[] = [];
  /** Calls per method, like round trips. */
  calls = { get: 0, start: 0, directory: 0, claims: 0, commit: 0, recordDeliveries: 0, finish: 0 };
  /** Runs before a commit is judged (a concurrent writer, a cancel, a crash). */
  beforeCommit?: (batch: ImportCommit) => void;
  /** The largest commit, in rows and members. */
  biggest = 0;

  put(imp: MemberImport) {
    this.imports.set(imp.id, structuredClone(imp));
  }
  importOf(id: string): MemberImport {
    return structuredClone(this.imports.get(id)!);
  }

  async get(_accountId: string, importId: string) {
    this.calls.get++;
    const imp = this.imports.get(importId);
    return imp ? structuredClone(imp) : null;
  }

  async start(imp: MemberImport, at: string, event: AuditEvent) {
    this.calls.start++;
    const stored = this.imports.get(imp.id)!;
    if (stored.status !== 'queued' || stored.cancelRequested) return null;
    Object.assign(stored, { status: 'running', startedAt: at, progressAt: at, version: stored.version + 1 });
    this.events.push(event);
    return structuredClone(stored);
  }

  async directory(_accountId: string, starterUserId: string) {
    this.calls.directory++;
    return {
      account: this.account,
      units: structuredClone(this.units),
      groups: structuredClone(this.groups),
      unitSettings: structuredClone(this.unitSettings),
      starter: this.users.find((u) => u.id === starterUserId) ?? null,
    };
  }

  async claims(_accountId: string, keys: { usernames: string[]; emails: string[]; extensions: string[] }) {
    this.calls.claims++;
    if (keys.usernames.length + keys.emails.length + keys.extensions.length > 99) throw new Error('over 100 keys');
    return {
      usernames: new Set(keys.usernames.filter((u) => this.usernames.has(u))),
      emails: new Set(keys.emails.filter((e) => this.emails.has(e))),
      extensions: new Set(keys.extensions.filter((x) => this.extensions.has(x))),
      mailsToday: this.mailsToday,
    };
  }

  async commit(batch: ImportCommit): Promise<CommitOutcome> {
    this.calls.commit++;
    this.beforeCommit?.(batch);
    const stored = this.imports.get(batch.imp.id)!;
    if (stored.processed !== batch.before || stored.status !== 'running' || stored.cancelRequested)
      return { ok: false, reason: 'import' };
    const lines: { line: number; column: 'username' | 'email' | 'extension' }[] = [];
    for (const m of batch.members) {
      if (this.usernames.has(m.user.username)) lines.push({ line: m.line, column: 'username' });
      if (m.invitation && this.emails.has(m.user.email)) lines.push({ line: m.line, column: 'email' });
      if (m.device && this.extensions.has(m.device.device.extension)) lines.push({ line: m.line, column: 'extension' });
    }
    if (lines.length) return { ok: false, reason: 'claims', lines };
    if (batch.mails && this.mailsToday + batch.mails.count > Math.min(this.mailLimit, batch.mails.quota.limit))
      return { ok: false, reason: 'quota' };
    for (const u of batch.units) {
      const unit = this.units.find((x) => x.id === u.unitId);
      if (!unit || unit.path !== u.unitPath) return { ok: false, reason: 'tree' };
    }
    for (const g of batch.groups)
      if (this.groups.some((x) => groupNameKey(x.name) === groupNameKey(g.group.name)))
        return { ok: false, reason: 'group_name' };
    // all conditions hold: everything is written
    this.biggest = Math.max(this.biggest, batch.rows.length);
    stored.processed = batch.after;
    stored.progressAt = batch.at;
    for (const row of batch.rows) {
      stored[row.status]++;
      this.rows.set(`${batch.imp.id}#${row.line}`, row);
    }
    if (batch.mails) this.mailsToday += batch.mails.count;
    for (const u of batch.units) this.units.find((x) => x.id === u.unitId)!.memberCount += u.count;
    for (const g of batch.groupCounts) this.groups.find((x) => x.id === g.groupId)!.memberCount += g.count;
    for (const { group, event } of batch.groups) {
      this.groups.push(structuredClone(group));
      this.events.push(event);
    }
    for (const m of batch.members) {
      this.users.push(m.user);
      this.usernames.add(m.user.username);
      this.events.push(m.event);
      if (m.invitation) {
        this.emails.add(m.user.email);
        this.invitations.push(m.invitation);
      }
      if (m.device) {
        this.devices.push(m.device.device);
        this.extensions.add(m.device.device.extension);
        this.events.push(m.device.event);
      }
      for (const { membership, event } of m.memberships) {
        this.memberships.push(membership);
        this.events.push(event);
      }
      for (const { service, event } of m.services) {
        this.services.push(service);
        this.events.push(event);
      }
    }
    return { ok: true };
  }

  async recordDeliveries(entries: { invitation: Invitation; delivery: Invitation['delivery'] }[]) {
    this.calls.recordDeliveries++;
    for (const e of entries) this.deliveries.push({ invitationId: e.invitation.id, delivery: e.delivery });
  }

  async finish(imp: MemberImport, status: 'completed' | 'failed' | 'cancelled', at: string, event: AuditEvent) {
    this.calls.finish++;
    const stored = this.imports.get(imp.id)!;
    if (stored.status !== 'queued' && stored.status !== 'running') return;
    Object.assign(stored, { status, finishedAt: at, version: stored.version + 1 });
    this.events.push(event);
  }

  rowsOf(importId: string): ImportRowResult[] {
    return [...this.rows.entries()]
      .filter(([k]) => k.startsWith(`${importId}#`))
      .map(([, r]) => r)
      .sort((a, b) => a.line - b.line);
  }
}
