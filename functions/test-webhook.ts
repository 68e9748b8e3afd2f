import { auditStore } from '#adapters/dynamodb/audit-store.ts';
import { accountAuthentication } from '#adapters/dynamodb/identity-authentication.ts';
import { webhookReads } from '#adapters/dynamodb/webhook-store.ts';
import { ulidIds } from '#adapters/runtime.ts';
import { systemClock } from '#adapters/system-clock.ts';
import { api } from '#http/api.ts';
import { route } from '#http/operations/test-webhook.ts';
import { asMember } from '#http/authenticate.ts';
import { json } from '#http/responses.ts';
import { testWebhook } from '#use-cases/webhooks.ts';

const deps = { webhooks: webhookReads, audit: auditStore, clock: systemClock, ids: ulidIds };

export const handler = api(route, { identity: accountAuthentication }, async ({ caller, params }) =>
  json(202, await testWebhook(deps, asMember(caller), params.webhookId)),
);
