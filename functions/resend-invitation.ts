import { accountAuthentication } from '#adapters/dynamodb/identity-authentication.ts';
import { withSettings } from '#adapters/runtime.ts';
import { invitationResending } from '#adapters/dynamodb/invitation-store.ts';
import { invitationMailAdapters } from './wiring/invitations.ts';
import { api } from '#http/api.ts';
import { route } from '#http/operations/resend-invitation.ts';
import { asMember } from '#http/authenticate.ts';
import { ok } from '#http/responses.ts';
import { toInvitationDto } from '#http/schemas/invitations.ts';
import { resendInvitation } from '#use-cases/invitations.ts';

const deps = withSettings({ ...invitationMailAdapters, invitations: invitationResending });

export const handler = api(route, { identity: accountAuthentication }, async ({ caller, params }) => {
  const { invitation, now } = await resendInvitation(deps, asMember(caller), params.invitationId);
  return ok(toInvitationDto(invitation, now));
});
