/** What a member holds, read from their item collection in one Query (`GET …/users/{u}?include=`). */
import type { Device } from '#domain/device.ts';
import type { GroupMembership } from '#domain/group.ts';
import type { PhoneNumber } from '#domain/phone-number.ts';
import type { Service } from '#domain/service.ts';

/** The lists `?include=` may ask for. */
export const userIncludes = ['services', 'numbers', 'devices', 'groups'] as const;
export type UserInclude = (typeof userIncludes)[number];

export interface MemberItems {
  services: Service[];
  numbers: PhoneNumber[];
  devices: Device[];
  /** The member's group memberships (group id, when added); the groups themselves are GET …/users/{u}/groups. */
  groups: GroupMembership[];
}

export interface MemberItemsStore {
  /** One consistent Query of the member's item collection (every page of it), sorted into the lists. */
  read(accountId: string, userId: string): Promise<MemberItems>;
}
