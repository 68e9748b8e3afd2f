/** In-memory ports for unit tests: same contracts as the DynamoDB/Cognito/SES adapters, no network. */
import type { Account } from '#domain/account.ts';
import { defaultDeploymentBrand } from '#domain/brand.ts';
import { translators } from './translators.ts';
import type { AuditEvent } from '#domain/audit.ts';
import type { Clock } from '#domain/clock.ts';
import {
  AcceptanceInProgressError,
  ConflictError,
  EmailTakenError,
  InvalidCredentialsError,
  InvitationUsedError,
  NotFoundError,
  PreconditionFailedError,
  RateLimitedError,
  UnauthenticatedError,
  UnitMoveInProgressError,
  UsernameTakenError,
  WeakPasswordError,
} from '#domain/errors.ts';
import { passwordProblems } from '#domain/password-policy.ts';
import type { Identity, Membership } from '#domain/identity.ts';
import { ACCEPTANCE_LEASE_SECONDS, type Invitation } from '#domain/invitation.ts';
import { reconciled, TreeChangedError, type OrgUnit, type TreeState } from '#domain/org-unit.ts';
import { grantsOf, type User } from '#domain/user.ts';
import type { MailMessage } from '#domain/mail.ts';
import type { AccessStore } from '#ports/access.ts';
import type { AccountStore } from '#ports/accounts.ts';
import type { Delegation, DelegationStore } from '#ports/delegations.ts';
import type { IdentityStore } from '#ports/identities.ts';
import type { IdentityProvider, RefreshGrant, RefreshGrants, SignInResult } from '#ports/identity-provider.ts';
import type { AcceptanceStore, InvitationStore } from '#ports/invitations.ts';
import type { Mailer } from '#ports/mailer.ts';
import type { StoredUnitSettings } from '#ports/units.ts';
import type { AliasStore, UserStore } from '#ports/users.ts';
import { MemoryApiKeys } from './memory-api-keys.ts';
import type { Deps } from '#use-cases/deps.ts';
import { lifecyclePorts, MemoryCodeAttempts, moveActiveManagers } from './lifecycle.ts';
import { MemoryInvitations } from './memory-invitations.ts';
import { MemoryServices } from './memory-services.ts';
import { MemoryTelephony } from './memory-telephony.ts';
import { pageOf } from './paging.ts';

/** The members-by-path order: unit path, then username. */
const byPath = (u: User) => `${u.unitPath}#${u.username}#${u.id}`;

export class TestClock implements Clock {
  constructor(private at = new Date('2026-11-22T08:00:00.000Z')) {}
  now = () => new Date(this.at);
  advance(seconds: number) {
    this.at = new Date(this.at.getTime() + seconds * 1000);
  }
  /** Every wait a use case asked for (ms); the clock moves on by it at once. */
  slept: number[] = [];
  sleep = async (ms: number) => {
    this.slept.push(ms);
    this.at = new Date(this.at.getTime() + ms);
  };
}

/** One kind of the close hook's detachers, in memory: detaches what `user` holds, writing each item's event. */
export type MemoryDetacher = (
  user: User,
  at: string,
  event: (type: string, details: Record<string, unknown>) => AuditEvent,
) => number;

export class MemoryDirectory {
  accounts = new Map<string, Account>();
  users = new Map<string, User>();
  usernames = new Set<string>();
  emails = new Set<string>();
  invitations = new Map<string, Invitation>();
  tokens = new Map<string, string>();
  identities = new Map<string, Identity>();
  identityByEmail = new Map<string, string>();
  memberships = new Map<string, Membership>();
  events: AuditEvent[] = [];
  /** Organisation units by `<accountId>/<unitId>`, the tree state by account, unit settings by `<accountId>/<unitId>` (./memory-units.ts). */
  orgUnits = new Map<string, OrgUnit>();
  orgTrees = new Map<string, TreeState>();
  unitSettings = new Map<string, StoredUnitSettings>();
  /** Acceptance leases by invitation (see Invitation.claimId). */
  acceptanceLeases = new Map<string, { claimId: string; until: number }>();
  /** Set to make the next acceptance transaction fail, as a DynamoDB fault would. */
  failNextAcceptance = false;

  /** The username and email claims a new member takes: checked before anything of the member is written. */
  private assertFree(user: User) {
    if (this.usernames.has(`${user.accountId}/${user.username}`)) throw new UsernameTakenError();
    if (this.emails.has(`${user.accountId}/${user.email}`)) throw new EmailTakenError();
  }

  private addUser(user: User, invitation: Invitation) {
    const uname = `${user.accountId}/${user.username}`;
    const email = `${user.accountId}/${user.email}`;
    this.assertFree(user);
    this.usernames.add(uname);
    this.emails.add(email);
    this.users.set(`${user.accountId}/${user.id}`, user);
    this.invitations.set(`${invitation.accountId}/${invitation.id}`, invitation);
    this.tokens.set(invitation.tokenHash, `${invitation.accountId}/${invitation.id}`);
  }

  /** A member's aliases take the same claim as members' emails (the `emails` set), as the DynamoDB adapter does. */
  aliasStore: AliasStore = {
    add: async (user, expectedVersion, alias, event) => {
      const key = `${user.accountId}/${user.id}`;
      if (this.emails.has(`${user.accountId}/${alias}`)) throw new EmailTakenError();
      if (this.users.get(key)?.version !== expectedVersion) throw new PreconditionFailedError();
      this.emails.add(`${user.accountId}/${alias}`);
      this.users.set(key, user);
      this.events.push(event);
    },
    remove: async (user, expectedVersion, alias, event) => {
      const key = `${user.accountId}/${user.id}`;
      if (!this.users.get(key)?.emailAliases?.includes(alias)) throw new NotFoundError();
      if (this.users.get(key)?.version !== expectedVersion) throw new PreconditionFailedError();
      this.emails.delete(`${user.accountId}/${alias}`);
      this.users.set(key, user);
      this.events.push(event);
    },
  };

  accountStore: AccountStore = {
    createWithOwner: async ({ account, owner, invitation, event, rootUnit }) => {
      if (this.accounts.has(account.id)) throw new ConflictError('Account id collision');
      this.assertFree(owner);
      this.accounts.set(account.id, account);
      this.addUser(owner, invitation);
      this.orgUnits.set(`${account.id}/${rootUnit.id}`, rootUnit);
      this.orgTrees.set(account.id, { unitCount: 1, revision: 1, move: null });
      this.events.push(event);
    },
    get: async (id) => this.accounts.get(id) ?? null,
    getMany: async (ids) => ids.flatMap((id) => (this.accounts.has(id) ? [this.accounts.get(id)!] : [])),
    update: async (account, expected, event) => {
      if (this.accounts.get(account.id)?.version !== expected) throw new PreconditionFailedError();
      this.accounts.set(account.id, account);
      this.events.push(event);
    },
  };

  /** A member enters or leaves a unit: the same conditions as the DynamoDB steps (member-placement.ts). */
  moveMemberCount(accountId: string, unitId: string, delta: number, path?: string) {
    const unit = this.orgUnits.get(`${accountId}/${unitId}`);
    if (!unit) throw new TreeChangedError();
    if (path !== undefined && unit.path !== path) throw new TreeChangedError();
    if (delta > 0 && this.orgTrees.get(accountId)?.move) throw new UnitMoveInProgressError();
    this.orgUnits.set(`${accountId}/${unitId}`, { ...unit, memberCount: unit.memberCount + delta });
  }

  delegations = new Map<string, Delegation>();

  accessStore: AccessStore = {
    read: async (accountId, { unitIds, delegation, settingsOf = [] }) => {
      const tree = structuredClone(this.orgTrees.get(accountId) ?? { unitCount: 0, revision: 0, move: null });
      const units = new Map(
        unitIds.flatMap((id) => {
          const u = this.orgUnits.get(`${accountId}/${id}`);
          return u ? [[id, reconciled({ ...u }, tree.move)] as const] : [];
        }),
      );
      const unitSettings = new Map(
        settingsOf.flatMap((id) => {
          const s = this.unitSettings.get(`${accountId}/${id}`);
          return s ? [[id, structuredClone(s)] as const] : [];
        }),
      );
      const delegate = delegation
        ? this.delegations.has(`${accountId}/${delegation.userId}/${delegation.delegateUserId}`)
        : false;
      return { tree, units, delegate, unitSettings };
    },
    delegationsHeldBy: async (accountId, delegateUserId, limit) =>
      [...this.delegations.values()]
        .filter((d) => d.accountId === accountId && d.delegateUserId === delegateUserId)
        .map((d) => d.userId)
        .slice(0, limit),
  };

  delegationStore: DelegationStore = {
    put: async (d, event) => {
      const key = `${d.accountId}/${d.userId}/${d.delegateUserId}`;
      const existing = this.delegations.get(key);
      if (existing) return { delegation: existing, created: false };
      // both members must still be in the account, not closed
      for (const userId of [d.userId, d.delegateUserId]) {
        const status = this.users.get(`${d.accountId}/${userId}`)?.status;
        if (!status || status === 'closed')
          throw new ConflictError('Both members must be in the account and not closed');
      }
      this.delegations.set(key, d);
      this.events.push(event);
      return { delegation: d, created: true };
    },
    remove: async (accountId, userId, delegateUserId, event) => {
      const removed = this.delegations.delete(`${accountId}/${userId}/${delegateUserId}`);
      if (removed) this.events.push(event);
      return removed;
    },
    list: async (accountId, userId, page) =>
      pageOf(
        [...this.delegations.values()].filter((d) => d.accountId === accountId && d.userId === userId),
        page,
        `delegations|${accountId}|${userId}`,
        (d) => d.delegateUserId,
      ),
  };

  userStore: UserStore = {
    create: async ({ user, invitation, event, quota, device }) => {
      this.assertFree(user);
      if (device) this.telephony.assertDeviceFree(device.device);
      // the setup mail takes a place of the day's mail quota, as an invitation does (all or nothing)
      const counted = `${user.accountId}/${quota.day}`;
      const used = this.invitationWorkflow.quota.get(counted) ?? 0;
      if (used + 1 > quota.limit) throw new RateLimitedError(60);
      this.moveMemberCount(user.accountId, user.unitId, 1, user.unitPath);
      this.addUser(user, invitation);
      this.invitationWorkflow.quota.set(counted, used + 1);
      this.events.push(event);
      if (device) {
        this.telephony.addDevice(device.device);
        this.events.push(device.event);
      }
    },
    createWithoutSignIn: async ({ user, event, device }) => {
      if (this.usernames.has(`${user.accountId}/${user.username}`)) throw new UsernameTakenError();
      if (device) this.telephony.assertDeviceFree(device.device);
      this.usernames.add(`${user.accountId}/${user.username}`);
      this.moveMemberCount(user.accountId, user.unitId, 1, user.unitPath);
      this.users.set(`${user.accountId}/${user.id}`, user);
      this.events.push(event);
      if (device) {
        this.telephony.addDevice(device.device);
        this.events.push(device.event);
      }
    },
    listUnder: async (a, path, descendants, page) =>
      pageOf(
        [...this.users.values()].filter(
          (u) =>
            u.accountId === a &&
            u.status !== 'closed' &&
            (descendants ? u.unitPath.startsWith(path) : u.unitPath === path),
        ),
        page,
        `members|${a}|${path}|${descendants}`,
        byPath,
      ),
    get: async (a, u) => this.users.get(`${a}/${u}`) ?? null,
    list: async (a, { status, type, underPaths }, page) => {
      const users = [...this.users.values()].filter(
        (u) =>
          u.accountId === a &&
          (status ? u.status === status : u.status !== 'closed') &&
          (!type || (u.type ?? 'person') === type),
      );
      const listing = `users|${a}|${status ?? ''}|${type ?? ''}|${underPaths?.join(',') ?? ''}`;
      if (!underPaths || status === 'closed')
        return pageOf(
          users.filter((u) => !underPaths || underPaths.some((p) => u.unitPath.startsWith(p))),
          page,
          listing,
          (u) => `${u.username}#${u.id}`,
        );
      // an admin's scope: one scope root after another, each by unit path then username
      const rootOf = (u: User) => underPaths.findIndex((p) => u.unitPath.startsWith(p));
      return pageOf(
        users.filter((u) => rootOf(u) >= 0),
        page,
        listing,
        (u) => `${String(rootOf(u)).padStart(4, '0')}|${byPath(u)}`,
      );
    },
    getMany: async (refs) => refs.flatMap((r) => this.users.get(`${r.accountId}/${r.userId}`) ?? []),
    update: async (user, expected, events, options = {}) => {
      if (this.users.get(`${user.accountId}/${user.id}`)?.version !== expected) throw new PreconditionFailedError();
      if (options.movedFrom !== undefined && options.movedFrom !== user.unitId) {
        this.moveMemberCount(user.accountId, user.unitId, 1, user.unitPath);
        this.moveMemberCount(user.accountId, options.movedFrom, -1);
      }
      moveActiveManagers(this, user.accountId, options.activeManagersDelta ?? 0);
      this.users.set(`${user.accountId}/${user.id}`, user);
      if (user.identityId) {
        const m = this.memberships.get(`${user.identityId}/${user.accountId}`);
        if (m)
          this.memberships.set(`${user.identityId}/${user.accountId}`, {
            ...m,
            ...grantsOf(user),
            status: user.status,
            tokensValidAfter: options.revokeSessionsAt ?? m.tokensValidAfter,
          });
      }
      this.events.push(...events);
    },
  };

  /**
   * What closing a member detaches besides numbers and devices (services register here: ./memory-services.ts), as
   * the close hook's detachers do; each returns how many items it detached.
   */
  readonly detachers: MemoryDetacher[] = [];

  /** Numbers and devices: ./memory-telephony.ts. */
  readonly telephony = new MemoryTelephony(this);
  /** Members' services and voicemail PIN links: ./memory-services.ts. */
  readonly services = new MemoryServices(this);

  /** The invitation workflow (bulk invite, resend, revoke, acceptance, cleanup): ./memory-invitations.ts. */
  readonly invitationWorkflow = new MemoryInvitations(this);

  invitationStore: InvitationStore = {
    findByTokenHash: async (hash) => {
      const ref = this.tokens.get(hash);
      return ref ? (this.invitations.get(ref) ?? null) : null;
    },
    claimAcceptance: async (i, claimId, now) => {
      const key = `${i.accountId}/${i.id}`;
      const cur = this.invitations.get(key);
      if (cur?.status !== 'pending' || cur.tokenHash !== i.tokenHash) throw new InvitationUsedError();
      const lease = this.acceptanceLeases.get(key);
      if (lease && lease.until > now.getTime()) throw new AcceptanceInProgressError();
      this.acceptanceLeases.set(key, { claimId, until: now.getTime() + ACCEPTANCE_LEASE_SECONDS * 1000 });
      this.invitations.set(key, { ...cur, claimId });
    },
    releaseAcceptance: async (i, claimId) => {
      const key = `${i.accountId}/${i.id}`;
      if (this.acceptanceLeases.get(key)?.claimId !== claimId) return;
      this.acceptanceLeases.delete(key);
      const cur = this.invitations.get(key);
      if (cur) this.invitations.set(key, { ...cur, claimId: null });
    },
    setDelivery: async (i, delivery) => {
      const cur = this.invitations.get(`${i.accountId}/${i.id}`);
      if (cur && cur.tokenHash === i.tokenHash) this.invitations.set(`${i.accountId}/${i.id}`, { ...cur, delivery });
    },
    ...this.invitationWorkflow.store,
  };

  identityStore: IdentityStore = {
    getAccess: async (id) => ({
      identity: this.identities.get(id) ?? null,
      memberships: [...this.memberships.values()].filter((m) => m.identityId === id),
    }),
    findByEmail: async (email) => {
      const id = this.identityByEmail.get(email);
      return id ? (this.identities.get(id) ?? null) : null;
    },
    getAccessByEmail: async (email) => this.identityStore.getAccess(this.identityByEmail.get(email) ?? 'none'),
    accountsRequiringMfa: async (ms) =>
      ms.map((m) => m.accountId).filter((id) => this.accounts.get(id)?.mfaRequired === true),
    accountSummaries: async (ids) =>
      ids.flatMap((id) => {
        const a = this.accounts.get(id);
        return a ? [{ id: a.id, name: a.name, mfaRequired: a.mfaRequired === true }] : [];
      }),
    getAccountAccess: async (identityId, accountId, options = {}) => ({
      identity: this.identities.get(identityId) ?? null,
      membership: this.memberships.get(`${identityId}/${accountId}`) ?? null,
      account: this.accounts.get(accountId) ?? null,
      ...(options.member ? { member: this.users.get(`${accountId}/${options.member}`) ?? null } : {}),
    }),
    getApiKeyAccess: async (accountId, { userId, keyId }, options = {}) => ({
      key: this.apiKeys.keys.get(`${accountId}/${userId}/${keyId}`) ?? null,
      user: this.users.get(`${accountId}/${userId}`) ?? null,
      account: this.accounts.get(accountId) ?? null,
      ...(options.member ? { member: this.users.get(`${accountId}/${options.member}`) ?? null } : {}),
    }),
    touchApiKey: (key, at, staleBefore) => this.apiKeys.store.touch(key, at, staleBefore),
  };

  /** API keys of system users (./memory-api-keys.ts). */
  readonly apiKeys = new MemoryApiKeys(this.events);

  acceptanceStore: AcceptanceStore = {
    completeAcceptance: async ({ identity, identityIsNew, membership, user, invitation, event }) => {
      if (this.failNextAcceptance) {
        this.failNextAcceptance = false;
        throw Object.assign(new Error('injected fault'), { name: 'InternalServerError' });
      }
      const key = `${invitation.accountId}/${invitation.id}`;
      const stored = this.invitations.get(key);
      if (
        stored?.status !== 'pending' ||
        stored.tokenHash !== invitation.tokenHash ||
        (stored.claimId ?? null) !== (invitation.claimId ?? null)
      )
        throw new InvitationUsedError();
      if (identityIsNew && this.identities.has(identity.id)) throw new ConflictError();
      this.invitations.set(key, { ...stored, status: 'accepted', claimId: null });
      this.acceptanceLeases.delete(key);
      this.users.set(`${user.accountId}/${user.id}`, user);
      this.memberships.set(`${membership.identityId}/${membership.accountId}`, membership);
      moveActiveManagers(
        this,
        membership.accountId,
        membership.status === 'active' && membership.role === 'account_manager' ? 1 : 0,
      );
      if (identityIsNew) {
        this.identities.set(identity.id, identity);
        this.identityByEmail.set(identity.email, identity.id);
      }
      this.events.push(event);
    },
  };
}

export class FakeIdentityProvider implements IdentityProvider {
  /** `temporary`: set by a manager; the next sign-in is a NEW_PASSWORD_REQUIRED challenge (as in Cognito). */
  users = new Map<string, { id: string; password?: string; temporary?: boolean }>();
  calls: string[] = [];
  private seq = 0;
  async ensureUser(email: string) {
    this.calls.push('ensureUser');
    const existing = this.users.get(email);
    if (existing) return { identityId: existing.id, created: false };
    const id = `sub-${++this.seq}`;
    this.users.set(email, { id });
    return { identityId: id, created: true };
  }
  async setPassword(email: string, password: string, temporary = false) {
    this.calls.push('setPassword');
    Object.assign(this.users.get(email)!, { password, temporary });
  }
  async verifyPassword(email: string, password: string) {
    return this.users.get(email)?.password === password;
  }
  /** TOTP state per email, driven by FakeMfa (test/fakes/lifecycle.ts). */
  totp = new Map<string, { secret: string; verified: boolean; enabled: boolean }>();
  async signIn(email: string, password: string): Promise<SignInResult> {
    if (this.users.get(email)?.password !== password) throw new InvalidCredentialsError();
    if (this.users.get(email)?.temporary)
      return { kind: 'challenge', challenge: 'NEW_PASSWORD_REQUIRED', session: `new-password:${email}` };
    return this.afterPassword(email);
  }
  /** Like Cognito in AWS: after the password (or a new one), a person with TOTP is challenged for a code. */
  private afterPassword(email: string): SignInResult {
    if (this.totp.get(email)?.enabled)
      return { kind: 'challenge', challenge: 'SOFTWARE_TOKEN_MFA', session: `session:${email}` };
    return {
      kind: 'tokens',
      tokens: { accessToken: `access:${email}`, idToken: 'i', refreshToken: 'r', expiresIn: 3600 },
    };
  }
  async refresh() {
    return { accessToken: 'a2', idToken: 'i2', refreshToken: 'r', expiresIn: 3600 };
  }
  newPasswordSessionEmail(session: string) {
    return session.startsWith('new-password:') ? session.slice('new-password:'.length) : null;
  }
  async completeNewPassword(session: string, password: string): Promise<SignInResult> {
    const email = this.newPasswordSessionEmail(session);
    const user = email ? this.users.get(email) : undefined;
    if (!email || !user?.temporary) throw new UnauthenticatedError();
    if (passwordProblems(password).length) throw new WeakPasswordError(passwordProblems(password));
    Object.assign(user, { password, temporary: false });
    return this.afterPassword(email);
  }
}

export class FakeMailer implements Mailer {
  sent: MailMessage[] = [];
  fail = false;
  async send(m: MailMessage) {
    if (this.fail) throw Object.assign(new Error('refused'), { name: 'MessageRejected' });
    this.sent.push(m);
  }
  lastToken(): string {
    const m = /token=([A-Za-z0-9_-]+)/.exec(this.sent.at(-1)?.text ?? '');
    if (!m) throw new Error('no link in the last mail');
    return m[1];
  }
}

/** Refresh grants kept in memory: a sealed token is an opaque handle; anything else opens to null. */
export function memoryRefreshGrants(): RefreshGrants {
  const grants = new Map<string, RefreshGrant>();
  return {
    seal: (grant) => {
      const handle = `grant-${grants.size + 1}`;
      grants.set(handle, grant);
      return handle;
    },
    open: (sealed) => grants.get(sealed) ?? null,
  };
}

export function testDeps() {
  const dir = new MemoryDirectory();
  const idp = new FakeIdentityProvider();
  const mailer = new FakeMailer();
  const clock = new TestClock();
  const lifecycle = lifecyclePorts(dir, idp);
  let n = 0;
  const deps: Deps = {
    accounts: dir.accountStore,
    users: dir.userStore,
    invitations: dir.invitationStore,
    identities: dir.identityStore,
    acceptance: dir.acceptanceStore,
    idp,
    mailer,
    clock,
    ids: { next: () => `id${String(++n).padStart(6, '0')}` },
    settings: { appUrl: 'https://app.test', invitationTtlSeconds: 7 * 24 * 3600, brand: defaultDeploymentBrand },
    translators,
    ...lifecycle.ports,
    refreshGrants: memoryRefreshGrants(),
    access: dir.accessStore,
    delegations: dir.delegationStore,
    codeAttempts: new MemoryCodeAttempts(),
    aliases: dir.aliasStore,
  };
  return { deps, dir, idp, mailer, clock, lifecycle };
}
