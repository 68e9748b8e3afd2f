import { accessStore } from '#adapters/dynamodb/access-store.ts';
import { disposableDomains } from '#adapters/disposable-domains.ts';
import { accountStore } from '#adapters/dynamodb/account-store.ts';
import { idempotencyStore } from '#adapters/dynamodb/idempotency-store.ts';
import { identityStore } from '#adapters/dynamodb/identity-store.ts';
import { invitationStore } from '#adapters/dynamodb/invitation-store.ts';
import { userStore } from '#adapters/dynamodb/user-store.ts';
import { settings, ulidIds } from '#adapters/runtime.ts';
import { sesMailer } from '#adapters/ses/mailer.ts';
import { systemClock } from '#adapters/system-clock.ts';
import { api } from '#http/api.ts';
import { route } from '#http/operations/create-invitations.ts';
import { asMember } from '#http/authenticate.ts';
import { ok } from '#http/responses.ts';
import { inviteMembers } from '#use-cases/invitations.ts';

const deps = {
  access: accessStore,
  accounts: accountStore,
  users: userStore,
  invitations: invitationStore,
  mailer: sesMailer,
  clock: systemClock,
  ids: ulidIds,
  disposable: disposableDomains,
  get settings() {
    return settings();
  },
};

export const handler = api(
  route,
  { identity: identityStore, idempotency: idempotencyStore, clock: systemClock },
  async ({ caller, body }) => ok({ results: await inviteMembers(deps, asMember(caller), body) }),
);
