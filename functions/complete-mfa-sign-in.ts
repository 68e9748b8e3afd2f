import { FAILURE_FLOOR_MS, signInDeps } from './wiring/sign-in.ts';
import { api } from '#http/api.ts';
import { route } from '#http/operations/complete-mfa-sign-in.ts';
import { ok } from '#http/responses.ts';
import { withFailureTimingFloor } from '#http/timing.ts';
import { completeMfaSignIn } from '#use-cases/sign-in.ts';
import { loadSealingKeys } from '#adapters/sealing-secret.ts';

export const handler = api(route, {}, async ({ body }) => {
  await loadSealingKeys();
  return ok(await withFailureTimingFloor(FAILURE_FLOOR_MS, () => completeMfaSignIn(signInDeps, body)));
});
