/**
 * The SCIM claims and lookups in memory (the DynamoDB adapter: shared/adapters/dynamodb/scim-user-store.ts), over the
 * MemoryDirectory's members, usernames and emails. A claim whose holder is closed counts as gone, as closing deletes
 * it in DynamoDB.
 */
import { ScimError } from '#domain/scim/errors.ts';
import { ScimHandleTakenError } from '#domain/scim/user-resource.ts';
import { isPerson, USERNAME_PATTERN, type User } from '#domain/user.ts';
import type { ScimUserStore } from '#ports/scim-users.ts';
import type { MemoryDirectory } from './memory.ts';

const taken = (what: string) => new ScimError(409, 'uniqueness', `${what} is already taken in this account`);

export class MemoryScimUsers {
  /** `<accountId>/SCIMNAME#<lower>` and `<accountId>/EXTID#USER#<id>` → userId. */
  claims = new Map<string, string>();
  /** The member's current setup link when an email change replaced it (the email claim's pointer). */
  links = new Map<string, string>();
  constructor(private dir: MemoryDirectory) {}

  private holder(key: string): string | undefined {
    const userId = this.claims.get(key);
    if (!userId) return undefined;
    const [accountId] = key.split('/');
    return this.dir.users.get(`${accountId}/${userId}`)?.status === 'closed' ? undefined : userId;
  }

  /** A username claim is marked scimNamed exactly when its holder has a SCIM userName of their own. */
  private scimNamed(accountId: string, username: string): boolean {
    return this.memberNamed(accountId, username)?.scimProfile?.userName !== undefined;
  }

  private memberNamed(accountId: string, username: string): User | undefined {
    return [...this.dir.users.values()].find(
      (u) => u.accountId === accountId && u.username === username && u.status !== 'closed',
    );
  }

  /** The checks of the SCIM claims a write takes (the adapter's conditions). */
  private assertClaimsFree(user: User, own: boolean) {
    const a = user.accountId;
    const name = user.scimProfile?.userName;
    const free = (key: string) => {
      const held = this.holder(key);
      return held === undefined || (own && held === user.id);
    };
    if (name !== undefined) {
      const l = name.toLowerCase();
      if (!free(`${a}/SCIMNAME#${l}`)) throw taken(`The userName "${name}"`);
      const handle = this.memberNamed(a, l);
      if (
        l !== user.username &&
        USERNAME_PATTERN.test(l) &&
        handle &&
        !(own && handle.id === user.id) &&
        !this.scimNamed(a, l)
      )
        throw taken(`The userName "${name}"`);
    }
    const externalId = user.scimProfile?.externalId;
    if (externalId !== undefined && !free(`${a}/EXTID#USER#${externalId}`))
      throw taken(`The externalId "${externalId}"`);
  }

  private takeClaims(user: User) {
    const name = user.scimProfile?.userName;
    if (name !== undefined) {
      this.claims.set(`${user.accountId}/SCIMNAME#${name.toLowerCase()}`, user.id);
    }
    const externalId = user.scimProfile?.externalId;
    if (externalId !== undefined) this.claims.set(`${user.accountId}/EXTID#USER#${externalId}`, user.id);
  }

  store: ScimUserStore = {
    create: async ({ user, invitation, event, quota }) => {
      this.assertClaimsFree(user, false);
      if (this.dir.emails.has(`${user.accountId}/${user.email}`)) throw taken(`The email ${user.email}`);
      const l = user.scimProfile?.userName?.toLowerCase();
      if (this.dir.usernames.has(`${user.accountId}/${user.username}`)) {
        throw l !== user.username || this.scimNamed(user.accountId, user.username)
          ? new ScimHandleTakenError()
          : taken(`The userName "${user.scimProfile?.userName}"`);
      }
      // without the mail, no place of the day's quota: an unlimited stand-in day
      const day = quota ?? { day: 'no-mail', limit: Number.MAX_SAFE_INTEGER, endsAt: new Date(0) };
      await this.dir.userStore.create({ user, invitation, event, quota: day });
      this.takeClaims(user);
    },
    update: async (user, before, events, options, link) => {
      this.assertClaimsFree(user, true);
      const moved = link && user.email !== before.email;
      if (moved && this.dir.emails.has(`${user.accountId}/${user.email}`)) throw taken(`The email ${user.email}`);
      await this.dir.userStore.update(user, before.version, events, options);
      if (moved) {
        this.dir.emails.delete(`${user.accountId}/${before.email}`);
        this.dir.emails.add(`${user.accountId}/${user.email}`);
        for (const i of [link.next, ...(link.revoked ? [link.revoked] : [])])
          this.dir.invitations.set(`${i.accountId}/${i.id}`, i);
        this.dir.tokens.set(link.next.tokenHash, `${link.next.accountId}/${link.next.id}`);
        this.links.set(user.id, link.next.id);
      }
      for (const [key, holder] of this.claims) if (holder === user.id) this.claims.delete(key);
      this.takeClaims(user);
    },
    currentLink: async (user) => {
      const id =
        this.links.get(user.id) ??
        [...this.dir.invitations.values()].find((i) => i.userId === user.id && i.kind === 'setup')?.id;
      return id ? (this.dir.invitations.get(`${user.accountId}/${id}`) ?? null) : null;
    },
    findByUserName: async (accountId, userName) => {
      const l = userName.toLowerCase();
      const named = this.holder(`${accountId}/SCIMNAME#${l}`);
      if (named) return named;
      const handle = this.memberNamed(accountId, l);
      return handle && handle.scimProfile?.userName === undefined ? handle.id : null;
    },
    findByExternalId: async (accountId, externalId) => this.holder(`${accountId}/EXTID#USER#${externalId}`) ?? null,
    findByEmail: async (accountId, email) =>
      [...this.dir.users.values()].find(
        (u) => u.accountId === accountId && isPerson(u) && u.email === email && u.status !== 'closed',
      )?.id ?? null,
    listPersons: async (accountId, statuses) =>
      [...this.dir.users.values()]
        .filter((u) => u.accountId === accountId && isPerson(u) && statuses.includes(u.status))
        .sort((a, b) => (`${a.username}#${a.id}` < `${b.username}#${b.id}` ? -1 : 1)),
  };
}
