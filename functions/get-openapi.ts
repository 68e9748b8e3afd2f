import { api } from '#http/api.ts';
import { publicRoute } from '#http/authenticate.ts';
import { openApiDocument } from '#http/openapi.ts';
import { ok } from '#http/responses.ts';

let doc: unknown;
export const handler = api({ auth: publicRoute }, async () => {
  doc ??= openApiDocument();
  return ok(doc, { 'cache-control': 'public, max-age=300' });
});
