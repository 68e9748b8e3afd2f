import { disposableDomains } from '#adapters/disposable-domains.ts';
import { idempotencyStore } from '#adapters/dynamodb/idempotency-store.ts';
import { accountAuthentication } from '#adapters/dynamodb/identity-authentication.ts';
import { withSettings } from '#adapters/runtime.ts';
import { systemClock } from '#adapters/system-clock.ts';
import { invitationAdapters } from './wiring/invitations.ts';
import { api } from '#http/api.ts';
import { idempotencyWith } from '#http/idempotency.ts';
import { route } from '#http/operations/create-invitations.ts';
import { asMember } from '#http/authenticate.ts';
import { ok } from '#http/responses.ts';
import { inviteMembers } from '#use-cases/invitations.ts';

const deps = withSettings({ ...invitationAdapters, disposable: disposableDomains });

export const handler = api(
  route,
  { identity: accountAuthentication, idempotency: idempotencyWith(idempotencyStore, systemClock) },
  async ({ caller, body }) => ok({ results: await inviteMembers(deps, asMember(caller), body) }),
);
