import { accessStore } from '#adapters/dynamodb/access-store.ts';
import { numberRecords } from '#adapters/dynamodb/number-store.ts';
import { accountAuthentication } from '#adapters/dynamodb/identity-authentication.ts';
import { userReads } from '#adapters/dynamodb/user-store.ts';
import { phoneNumbering } from '#adapters/phone-numbering.ts';
import { idempotencyStore } from '#adapters/dynamodb/idempotency-store.ts';
import { ulidIds } from '#adapters/runtime.ts';
import { systemClock } from '#adapters/system-clock.ts';
import { api } from '#http/api.ts';
import { idempotencyWith } from '#http/idempotency.ts';
import { route } from '#http/operations/create-number.ts';
import { asMember } from '#http/authenticate.ts';
import { created, etag } from '#http/responses.ts';
import { toNumberDto } from '#http/telephony-dto.ts';
import { createNumber } from '#use-cases/numbers.ts';

const deps = {
  numbering: phoneNumbering,
  numbers: numberRecords,
  users: userReads,
  access: accessStore,
  clock: systemClock,
  ids: ulidIds,
};

export const handler = api(
  route,
  { identity: accountAuthentication, idempotency: idempotencyWith(idempotencyStore, systemClock) },
  async ({ caller, body, location }) => {
    const number = await createNumber(deps, asMember(caller), body);
    return created(location(number.id), toNumberDto(number), etag(number.version));
  },
);
