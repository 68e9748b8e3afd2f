/** A member's item collection read at once (entities/user.ts memberItemCollection), sorted by kind. */
import type { MemberItems, MemberItemsStore } from '#ports/member-items.ts';
import { fromDeviceItem } from './entities/device.ts';
import { fromGroupMembershipItem } from './entities/group.ts';
import { fromNumberItem } from './entities/phone-number.ts';
import { fromServiceItem } from './entities/service.ts';
import { memberItemCollection } from './entities/user.ts';
import { queryAll, queryInput } from './query.ts';

export const memberItemsStore: MemberItemsStore = {
  async read(accountId, userId) {
    const items: MemberItems = { services: [], numbers: [], devices: [], groups: [] };
    const prefix = memberItemCollection.prefix(userId);
    // one page holds a member's usual collection (1 MB); a larger one takes more
    for (const item of await queryAll((start) => queryInput(memberItemCollection, [accountId], { prefix, start }))) {
      const kind = String(item.SK).slice(prefix.length).split('#')[0];
      if (kind === 'SERVICE') items.services.push(fromServiceItem(item));
      else if (kind === 'NUMBER') items.numbers.push(fromNumberItem(item));
      else if (kind === 'DEVICE') items.devices.push(fromDeviceItem(item));
      else if (kind === 'GROUP') items.groups.push(fromGroupMembershipItem(item));
      // anything else (API keys, …) is not shown here
    }
    return items;
  },
};
