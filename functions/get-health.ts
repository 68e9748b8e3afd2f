import { api } from '#http/api.ts';
import { publicRoute } from '#http/authenticate.ts';
import { ok } from '#http/responses.ts';

export const handler = api({ auth: publicRoute }, async () => ok({ status: 'ok' }));
