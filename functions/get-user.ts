import { accessStore } from '#adapters/dynamodb/access-store.ts';
import { accountReads } from '#adapters/dynamodb/account-store.ts';
import { accountAuthentication } from '#adapters/dynamodb/identity-authentication.ts';
import { memberItemsStore } from '#adapters/dynamodb/member-items-store.ts';
import { userReads } from '#adapters/dynamodb/user-store.ts';
import { api } from '#http/api.ts';
import { route } from '#http/operations/get-user.ts';
import { asMember } from '#http/authenticate.ts';
import { etag, ok } from '#http/responses.ts';
import { toUserDetailDto } from '#http/dto.ts';
import { toGroupMemberDto } from '#http/groups-dto.ts';
import { toServiceDto } from '#http/service-dto.ts';
import { toDeviceDto, toNumberDto } from '#http/telephony-dto.ts';
import { getUser } from '#use-cases/users.ts';

const deps = { users: userReads, accounts: accountReads, access: accessStore, memberItems: memberItemsStore };

export const handler = api(route, { identity: accountAuthentication }, async ({ caller, params, query }) => {
  const view = await getUser(deps, asMember(caller), params.userId, query.include);
  const { services, numbers, devices, groups } = view.items ?? {};
  return ok(
    {
      ...toUserDetailDto(view),
      ...(services ? { services: services.map(toServiceDto) } : {}),
      ...(numbers ? { numbers: numbers.map(toNumberDto) } : {}),
      ...(devices ? { devices: devices.map(toDeviceDto) } : {}),
      ...(groups ? { groups: groups.map(toGroupMemberDto) } : {}),
    },
    etag(view.user.version),
  );
});
