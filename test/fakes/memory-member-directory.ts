/**
 * In memory: the directory listing of the export (MemberDirectoryStore), over the members of a MemoryDirectory and
 * what the other fakes hold for them. The same order as the DynamoDB adapter (user id), the same cursor rules
 * (resumes after a member; one from another account, or forged, is a ValidationError).
 */
import type { Device } from '#domain/device.ts';
import { ValidationError } from '#domain/errors.ts';
import type { GroupMembership } from '#domain/group.ts';
import type { Service } from '#domain/service.ts';
import type { User } from '#domain/user.ts';
import type { DirectoryEntry, MemberDirectoryStore } from '#ports/member-directory.ts';

interface Sources {
  users: Map<string, User>;
  services?: { services: Map<string, Service> };
  telephony?: { devices: Map<string, Device> };
  groups?: { memberships: Map<string, GroupMembership> };
}

const seal = (accountId: string, userId: string) =>
  Buffer.from(JSON.stringify({ l: `directory/${accountId}`, k: userId }), 'utf8').toString('base64url');

function open(accountId: string, cursor: string): string {
  try {
    const data = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { l?: unknown; k?: unknown };
    if (data.l === `directory/${accountId}` && typeof data.k === 'string') return data.k;
  } catch {
    // not one of ours
  }
  throw new ValidationError([{ path: 'cursor', message: 'is not a valid cursor for this listing' }]);
}

export class MemoryMemberDirectory {
  /** How many members the listing has handed out (to see that stopping stops it). */
  yielded = 0;
  constructor(private readonly sources: Sources) {}

  readonly store: MemberDirectoryStore = {
    members: (accountId, cursor) => this.members(accountId, cursor),
    cursorAfter: (accountId, entry) => seal(accountId, entry.user.id),
  };

  private async *members(accountId: string, cursor?: string): AsyncGenerator<DirectoryEntry> {
    const after = cursor === undefined ? undefined : open(accountId, cursor);
    const users = [...this.sources.users.values()]
      .filter((u) => u.accountId === accountId && (after === undefined || u.id > after))
      .sort((a, b) => (a.id < b.id ? -1 : 1));
    const owned = <T extends { accountId: string; userId: string }>(items: Iterable<T> | undefined, u: User) =>
      [...(items ?? [])].filter((i) => i.accountId === accountId && i.userId === u.id);
    for (const user of users) {
      this.yielded++;
      yield {
        user,
        services: owned(this.sources.services?.services.values(), user),
        devices: owned(this.sources.telephony?.devices.values(), user).sort((a, b) => (a.id < b.id ? -1 : 1)),
        groupIds: owned(this.sources.groups?.memberships.values(), user)
          .map((m) => m.groupId)
          .sort(),
        position: user.id,
      };
    }
  }
}
