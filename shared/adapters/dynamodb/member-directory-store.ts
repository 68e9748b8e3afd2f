/** The directory export's listing (entities/user.ts membersWithItems): members with their items, page by page. */
import { QueryCommand } from './document.ts';
import type { DirectoryEntry, MemberDirectoryStore } from '#ports/member-directory.ts';
import { ddb } from './client.ts';
import { decodeCursor, encodeCursor } from './cursor.ts';
import { accountPartition } from './entities/account.ts';
import { fromDeviceItem } from './entities/device.ts';
import { fromGroupMembershipItem } from './entities/group.ts';
import { fromServiceItem } from './entities/service.ts';
import { fromUserItem, membersWithItems } from './entities/user.ts';
import type { Item } from './entity.ts';
import { queryInput } from './query.ts';

const binding = (accountId: string) => `membersWithItems|${accountPartition(accountId)}`;

export const memberDirectoryStore: MemberDirectoryStore = {
  async *members(accountId, cursor) {
    let start = decodeCursor(cursor, binding(accountId)) as Item | undefined;
    if (start && (start.PK !== accountPartition(accountId) || typeof start.SK !== 'string')) start = undefined;
    let current: DirectoryEntry | null = null;
    do {
      const input = queryInput(membersWithItems, [accountId], { prefix: membersWithItems.prefix, start });
      const out = await ddb.send(new QueryCommand(input));
      for (const item of out.Items ?? []) {
        const sk = String(item.SK);
        const [userId, kind] = sk.slice(membersWithItems.prefix.length).split('#');
        if (kind === undefined) {
          if (current) yield current;
          current = { user: fromUserItem(item), services: [], devices: [], groupIds: [], position: sk };
          continue;
        }
        // an item whose member came before the cursor, or is gone: not this member's
        if (!current || current.user.id !== userId) continue;
        current.position = sk;
        if (kind === 'SERVICE') current.services.push(fromServiceItem(item));
        else if (kind === 'DEVICE') current.devices.push(fromDeviceItem(item));
        else if (kind === 'GROUP') current.groupIds.push(fromGroupMembershipItem(item).groupId);
        // numbers, API keys: not in the member file
      }
      start = out.LastEvaluatedKey as Item | undefined;
    } while (start);
    if (current) yield current;
  },
  cursorAfter(accountId, entry) {
    return encodeCursor({ PK: accountPartition(accountId), SK: entry.position }, binding(accountId)) as string;
  },
};
