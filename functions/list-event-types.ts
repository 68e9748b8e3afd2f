import { api } from '#http/api.ts';
import { route } from '#http/operations/list-event-types.ts';
import { ok } from '#http/responses.ts';
import { listEventTypes } from '#use-cases/webhooks.ts';

export const handler = api(route, {}, async () =>
  ok({ items: listEventTypes().map(({ type, summary }) => ({ type, summary })) }),
);
