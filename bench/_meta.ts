import { build } from 'esbuild';
import { esbuildBuildOptions } from '/work/main/infra/bundling.ts';
const [entry] = process.argv.slice(2);
const r = await build({ ...esbuildBuildOptions(entry, '/tmp/metaout/index.mjs'), absWorkingDir: '/work/main', metafile: true, write: false });
const out = Object.values(r.metafile!.outputs).find((o) => o.entryPoint)!;
for (const [p, v] of Object.entries(out.inputs).filter(([p]) => !p.includes('node_modules/@aws-sdk') && !p.includes('@smithy')).sort((a, b) => b[1].bytesInOutput - a[1].bytesInOutput)) if (v.bytesInOutput > 0) console.log(v.bytesInOutput, p);
