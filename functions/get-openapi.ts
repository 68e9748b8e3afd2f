import { api } from '#http/api.ts';
import { route } from '#http/operations/get-openapi.ts';
import { openApiDocument } from '#http/openapi.ts';
import { ok } from '#http/responses.ts';

let doc: unknown;
export const handler = api(route, {}, async () => {
  doc ??= openApiDocument();
  return ok(doc, { 'cache-control': 'public, max-age=300' });
});
