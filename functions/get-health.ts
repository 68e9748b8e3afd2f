import { api } from '#http/api.ts';
import { route } from '#http/operations/get-health.ts';
import { ok } from '#http/responses.ts';

export const handler = api(route, {}, async () => ok({ status: 'ok' }));
