import { build } from 'esbuild';
import { esbuildBuildOptions } from '../infra/bundling.ts';
import { handlerFile } from '../shared/http/route-types.ts';
import { routes } from '../shared/http/routes.ts';
const out: Record<string, number> = {};
for (const r of routes) {
  const res = await build({ ...esbuildBuildOptions(handlerFile(r.operationId), `/tmp/sizes/${r.operationId}/index.mjs`), absWorkingDir: process.cwd(), metafile: true });
  const o = Object.values(res.metafile!.outputs).find((x) => x.entryPoint)!;
  const lib = Object.entries(o.inputs).filter(([p]) => p.includes('node_modules/valibot')).reduce((a, [, v]) => a + v.bytesInOutput, 0);
  out[r.operationId] = o.bytes; console.log(r.operationId, (o.bytes / 1024).toFixed(1), 'valibot', (lib / 1024).toFixed(1));
}
