import { serviceStore } from '#adapters/dynamodb/service-store.ts';
import { userReads } from '#adapters/dynamodb/user-store.ts';
import { ulidIds } from '#adapters/runtime.ts';
import { systemClock } from '#adapters/system-clock.ts';
import { api } from '#http/api.ts';
import { route } from '#http/operations/set-voicemail-pin.ts';
import { noContent } from '#http/responses.ts';
import { setVoicemailPin } from '#use-cases/voicemail-pin.ts';

const deps = { users: userReads, services: serviceStore, clock: systemClock, ids: ulidIds };

export const handler = api(route, {}, async ({ body }) => {
  await setVoicemailPin(deps, body);
  return noContent();
});
