import { FAILURE_FLOOR_MS, signInDeps } from './wiring/sign-in.ts';
import { api } from '#http/api.ts';
import { route } from '#http/operations/complete-new-password.ts';
import { ok } from '#http/responses.ts';
import { withFailureTimingFloor } from '#http/timing.ts';
import { completeNewPassword } from '#use-cases/new-password.ts';
import { loadSealingKeys } from '#adapters/sealing-secret.ts';

export const handler = api(route, {}, async ({ body }) => {
  await loadSealingKeys();
  return ok(await withFailureTimingFloor(FAILURE_FLOOR_MS, () => completeNewPassword(signInDeps, body)));
});
