/** In-memory ports of member lifecycle (lifecycle, credentials, MFA, audit), over the same MemoryDirectory as memory.ts. */
import { createHash, randomBytes } from 'node:crypto';
import type { AuditEvent } from '#domain/audit.ts';
import type { Actor } from '#domain/invitation.ts';
import type { User } from '#domain/user.ts';
import {
  ConflictError,
  InvalidMfaCodeError,
  LastAccountManagerError,
  PreconditionFailedError,
  ResetLinkUsedError,
  UnauthenticatedError,
} from '#domain/errors.ts';
import type { PasswordReset } from '#domain/password-reset.ts';
import { RESET_REQUESTS_PER_HOUR } from '#domain/password-reset.ts';
import type { AuditStore } from '#ports/audit.ts';
import type { CodeAttemptStore, CredentialStore, PasswordResetStore } from '#ports/identities.ts';
import { epochSeconds } from '#domain/clock.ts';
import {
  type CodeAttemptWindow,
  MFA_CODE_ATTEMPTS,
  secondsUntilWindowEnds,
  tooManyCodeAttempts,
  windowIsOver,
} from '#domain/code-attempts.ts';
import type { MfaProvider, SignInAdmin } from '#ports/identity-provider.ts';
import type { LifecycleStore } from '#ports/users.ts';
import type { FakeIdentityProvider, MemoryDirectory } from './memory.ts';
import { pageOf } from './paging.ts';

const managerCounts = new WeakMap<MemoryDirectory, Map<string, number>>();
const counts = (dir: MemoryDirectory) => managerCounts.get(dir) ?? managerCounts.set(dir, new Map()).get(dir)!;

/** Same rule as the DynamoDB counter: a decrement needs the count above one. */
export function moveActiveManagers(dir: MemoryDirectory, accountId: string, delta: number): void {
  const current = counts(dir).get(accountId) ?? 0;
  if (delta < 0 && current <= 1) throw new LastAccountManagerError();
  counts(dir).set(accountId, current + delta);
}
export const activeManagerCount = (dir: MemoryDirectory, accountId: string) => counts(dir).get(accountId) ?? 0;

/** The code the fake authenticator app shows for a secret (the real TOTP is exercised in the integration tests). */
export const fakeTotpCode = (secret: string) =>
  String(parseInt(createHash('sha256').update(secret).digest('hex').slice(0, 8), 16) % 1_000_000).padStart(6, '0');

const emailOfToken = (accessToken: string) => {
  if (!accessToken.startsWith('access:')) throw new UnauthenticatedError();
  return accessToken.slice('access:'.length);
};

export class FakeSignInAdmin implements SignInAdmin {
  calls: string[] = [];
  disabled = new Set<string>();
  constructor(private idp: FakeIdentityProvider) {}
  async disable(email: string) {
    this.calls.push(`disable:${email}`);
    this.disabled.add(email);
  }
  async enable(email: string) {
    this.calls.push(`enable:${email}`);
    this.disabled.delete(email);
  }
  async signOutEverywhere(email: string) {
    this.calls.push(`signOut:${email}`);
  }
  async remove(email: string) {
    this.calls.push(`remove:${email}`);
    this.idp.users.delete(email);
  }
  async scramblePassword(email: string) {
    this.calls.push(`scramble:${email}`);
    const user = this.idp.users.get(email);
    if (user) user.password = randomBytes(16).toString('hex');
  }
  async removeMfa(email: string) {
    this.calls.push(`removeMfa:${email}`);
    this.idp.totp.delete(email);
  }
}

export class FakeMfa implements MfaProvider {
  constructor(private idp: FakeIdentityProvider) {}
  async associateTotp(accessToken: string) {
    const secret = randomBytes(10).toString('hex').toUpperCase();
    this.idp.totp.set(emailOfToken(accessToken), { secret, verified: false, enabled: false });
    return { secret };
  }
  async verifyTotp(accessToken: string, code: string) {
    const totp = this.idp.totp.get(emailOfToken(accessToken));
    if (!totp || code !== fakeTotpCode(totp.secret)) return false;
    totp.verified = true;
    return true;
  }
  async setTotpEnabled(accessToken: string, enabled: boolean) {
    const totp = this.idp.totp.get(emailOfToken(accessToken));
    if (enabled && !totp?.verified) throw new Error('InvalidParameterException: not verified');
    if (totp) totp.enabled = enabled;
  }
  async answerTotpChallenge(session: string, code: string) {
    const email = this.sessionEmail(session);
    if (!email) throw new UnauthenticatedError();
    const totp = this.idp.totp.get(email);
    if (!totp?.enabled || code !== fakeTotpCode(totp.secret)) throw new InvalidMfaCodeError();
    return { email, tokens: { accessToken: `access:${email}`, idToken: 'i', refreshToken: 'r', expiresIn: 3600 } };
  }
  sessionEmail(session: string) {
    return session.startsWith('session:') ? session.slice('session:'.length) : null;
  }
}

export function lifecyclePorts(dir: MemoryDirectory, idp: FakeIdentityProvider) {
  const resets = new Map<string, PasswordReset>();
  const decoys = new Set<string>();
  const rate = new Map<string, number[]>();
  const signIns = new FakeSignInAdmin(idp);
  /** Aggregated events: the event id and count per key. */
  const tallies = new Map<string, { eventId: string; count: number }>();
  const mfa = new FakeMfa(idp);

  const moveMark = (identityId: string, expected: number, mark: number) => {
    const identity = dir.identities.get(identityId);
    if (!identity || identity.tokensValidAfter !== expected) throw new ConflictError();
    dir.identities.set(identityId, {
      ...identity,
      tokensValidAfter: mark,
      revocationCount: (identity.revocationCount ?? 0) + 1,
    });
  };

  let detachEvents = 0;
  /** The close hook's continuation: everything the member holds detached, the marker cleared. */
  const detachAll = (user: User, actor: Actor, at: string): number => {
    const event = (type: string, details: Record<string, unknown>): AuditEvent => ({
      id: `detach${String(++detachEvents).padStart(6, '0')}`,
      accountId: user.accountId,
      type,
      at,
      actor,
      target: { userId: user.id },
      unitPath: user.unitPath,
      details: { ...details, memberClosed: true },
    });
    const n =
      dir.telephony.detachMember(user, at, event) +
      dir.apiKeys.detachMember(user, event) +
      dir.detachers.reduce((sum, d) => sum + d(user, at, event), 0);
    const key = `${user.accountId}/${user.id}`;
    const { detachPending: _done, ...stored } = dir.users.get(key)!;
    dir.users.set(key, stored);
    return n;
  };

  const lifecycle: LifecycleStore & { faults: { interruptAfterPhase1: boolean } } = {
    /** Armed: the next close commits phase 1 (the member closed, marked detachPending) and then fails. */
    faults: { interruptAfterPhase1: false },
    async finishClose(user, actor, at) {
      if (dir.users.get(`${user.accountId}/${user.id}`)?.detachPending) detachAll(user, actor, at);
      return true;
    },
    async finishPendingCloses(max, actor, at) {
      const pending = [...dir.users.values()].filter((u) => u.detachPending).slice(0, max);
      for (const u of pending) detachAll(u, actor, at);
      return { found: pending.length, finished: pending.length };
    },
    async closeMember({ user, expectedVersion, revokeSessionsAt, activeManagersDelta, events, removeIdentity }) {
      if (dir.users.get(`${user.accountId}/${user.id}`)?.version !== expectedVersion)
        throw new PreconditionFailedError();
      moveActiveManagers(dir, user.accountId, activeManagersDelta);
      dir.users.set(`${user.accountId}/${user.id}`, user);
      dir.usernames.delete(`${user.accountId}/${user.username}`);
      for (const alias of user.emailAliases ?? []) dir.emails.delete(`${user.accountId}/${alias}`);
      if (user.type === 'person') dir.emails.delete(`${user.accountId}/${user.email}`);
      if (user.identityId) {
        const key = `${user.identityId}/${user.accountId}`;
        const m = dir.memberships.get(key);
        if (m) dir.memberships.set(key, { ...m, status: 'closed', tokensValidAfter: revokeSessionsAt });
      }
      if (removeIdentity) {
        dir.identities.delete(removeIdentity.id);
        dir.identityByEmail.delete(removeIdentity.email);
      }
      dir.events.push(...events);
      if (lifecycle.faults.interruptAfterPhase1) {
        lifecycle.faults.interruptAfterPhase1 = false;
        dir.users.set(`${user.accountId}/${user.id}`, { ...user, detachPending: true });
        throw new Error('injected: the continuation of the close was interrupted');
      }
      detachAll(user, events[0]?.actor ?? { kind: 'system' }, user.updatedAt);
    },
    async restoreIdentity(identity) {
      dir.identities.set(identity.id, identity);
      dir.identityByEmail.set(identity.email, identity.id);
    },
  };

  const credentials: CredentialStore = {
    async revokeSessions(identityId, { expectedMark, mark, events }) {
      moveMark(identityId, expectedMark, mark);
      dir.events.push(...events);
    },
    async setMfa(identityId, { enabled, revokeSessionsAt, events }) {
      const identity = dir.identities.get(identityId);
      if (!identity) throw new ConflictError();
      dir.identities.set(identityId, {
        ...identity,
        mfaEnabled: enabled,
        tokensValidAfter: revokeSessionsAt ?? identity.tokensValidAfter,
      });
      dir.events.push(...events);
    },
  };

  const resetStore: PasswordResetStore = {
    async admit(emailHash, now) {
      const hourAgo = now.getTime() - 3600_000;
      const recent = (rate.get(emailHash) ?? []).filter((t) => t > hourAgo);
      if (recent.length >= RESET_REQUESTS_PER_HOUR) return false;
      rate.set(emailHash, [...recent, now.getTime()]);
      return true;
    },
    async issue({ reset, events, revoke }) {
      if (revoke) moveMark(reset.identityId, revoke.expectedMark, revoke.mark);
      resets.set(reset.tokenHash, reset);
      dir.events.push(...events);
    },
    async issueDecoy(tokenHash) {
      decoys.add(tokenHash);
    },
    find: async (hash) => resets.get(hash) ?? null,
    async claim(reset, { claimId, claimedUntil, mark, now }) {
      const stored = resets.get(reset.tokenHash);
      const stale =
        stored?.status === 'claimed' && stored.claimedUntil !== null && stored.claimedUntil < now.toISOString();
      if (!stored || !(stored.status === 'pending' || stale)) throw new ResetLinkUsedError();
      const counted = typeof reset.revocationCount === 'number';
      const identity = dir.identities.get(reset.identityId);
      try {
        if (counted && (identity?.revocationCount ?? 0) !== reset.revocationCount) throw new ConflictError();
        moveMark(reset.identityId, reset.sessionsValidAfter, mark);
      } catch {
        throw new ResetLinkUsedError('A newer password change replaced this link');
      }
      resets.set(reset.tokenHash, {
        ...stored,
        status: 'claimed',
        claimId,
        claimedUntil,
        sessionsValidAfter: mark,
        ...(counted ? { revocationCount: (reset.revocationCount as number) + 1 } : {}),
      });
    },
    async complete(reset, claimId, events) {
      const stored = resets.get(reset.tokenHash);
      if (stored?.status !== 'claimed' || stored.claimId !== claimId) throw new ResetLinkUsedError();
      resets.set(reset.tokenHash, { ...stored, status: 'used', claimedUntil: null });
      dir.events.push(...events);
    },
    async release(reset, claimId) {
      const stored = resets.get(reset.tokenHash);
      if (stored?.status === 'claimed' && stored.claimId === claimId)
        resets.set(reset.tokenHash, { ...stored, status: 'pending', claimId: null, claimedUntil: null });
    },
  };

  const audit: AuditStore = {
    async list(accountId, { userId, type, underPaths }, page) {
      const items = dir.events.filter(
        (e) =>
          e.accountId === accountId &&
          (userId === undefined || e.target.userId === userId) &&
          (type === undefined || e.type === type) &&
          (!underPaths || underPaths.some((p) => e.unitPath?.startsWith(p))),
      );
      return pageOf(
        items,
        page,
        `events|${accountId}|${userId ?? ''}|${type ?? ''}|${underPaths ?? ''}`,
        (e) => e.id,
        true,
      );
    },
    async record(events: AuditEvent[]) {
      dir.events.push(...events);
    },
    async aggregate(key: string, _at: Date, newId: string, build: (eventId: string) => AuditEvent[]) {
      const tally = tallies.get(key) ?? { eventId: newId, count: 0 };
      tally.count += 1;
      tallies.set(key, tally);
      for (const e of build(tally.eventId)) {
        const i = dir.events.findIndex((x) => x.accountId === e.accountId && x.id === e.id);
        const event = {
          ...e,
          ...(i < 0 ? {} : { at: dir.events[i].at }),
          details: { ...e.details, count: tally.count },
        };
        if (i < 0) dir.events.push(event);
        else dir.events[i] = event;
      }
    },
  };

  return {
    ports: { lifecycle, credentials, resets: resetStore, audit, signIns, mfa },
    signIns,
    mfa,
    resets,
    decoys,
  };
}

/** TOTP code attempts in memory: the same window rules as the DynamoDB adapter (#domain/code-attempts.ts). */
export class MemoryCodeAttempts implements CodeAttemptStore {
  windows = new Map<string, CodeAttemptWindow>();
  async reserve(identityId: string, now: Date) {
    const at = epochSeconds(now);
    const current = this.windows.get(identityId);
    if (windowIsOver(current, at)) {
      this.windows.set(identityId, { windowStart: at, attempts: 1 });
      return { windowStart: at };
    }
    if (current!.attempts >= MFA_CODE_ATTEMPTS)
      throw tooManyCodeAttempts(secondsUntilWindowEnds(current!.windowStart, at));
    current!.attempts += 1;
    return { windowStart: current!.windowStart };
  }
  async release(identityId: string, windowStart: number) {
    const current = this.windows.get(identityId);
    if (current && current.windowStart === windowStart && current.attempts > 0) current.attempts -= 1;
  }
}
