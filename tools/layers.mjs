// `npm run lint` runs the layer rules of .dependency-cruiser.cjs through dependency-cruiser's API: its CLI refuses
// to start on Node 20, the API runs there. Usage: node tools/layers.mjs <folders…>; exits non-zero on a violation.
import { cruise, format } from 'dependency-cruiser';
import extractDepcruiseOptions from 'dependency-cruiser/config-utl/extract-depcruise-options';

const folders = process.argv.slice(2);
const options = await extractDepcruiseOptions('./.dependency-cruiser.cjs');
const { output } = await cruise(folders, options);
if (!output.modules.some((m) => m.source.endsWith('.ts'))) {
  // every rule passes on a tree nobody read
  console.error('layers: dependency-cruiser read no TypeScript source (it parses them with @swc/core: npm ci)');
  process.exit(1);
}
const { environment } = output.summary;
// TypeScript 7 has no compiler API it can load, so it warns; the config parses TypeScript with swc instead
if (environment?.issues) environment.issues = environment.issues.filter((i) => i.name !== 'missing-tsc-transpiler');
const report = await format(output, { outputType: 'err' });
process.stdout.write(report.output);
process.exitCode = report.exitCode;
