import { api } from '#http/api.ts';
import { route } from '#http/operations/accept-invitation.ts';
import { ok } from '#http/responses.ts';
import { toUserDto } from '#http/dto.ts';
import { acceptInvitation } from '#use-cases/auth.ts';
import { acceptanceDeps } from './wiring/acceptance.ts';

const deps = acceptanceDeps;

export const handler = api(route, {}, async ({ body }) => {
  const { accountId, user } = await acceptInvitation(deps, body);
  return ok({ accountId, user: toUserDto(user) });
});
