/** Where a bundle's bytes come from, beyond its floor, read from esbuild's metafile. */
import type { Metafile } from 'esbuild';

type Output = Metafile['outputs'][string];

export interface Breakdown {
  /** Bytes in the output by origin, minus the floor's bytes of the same origin. */
  ourCode: number;
  valibot: number;
  middy: number;
  ulid: number;
  /** SDK packages (and packages the floor also has) beyond what the floor holds: commands, schemas, … */
  sdk: number;
  otherPackages: number;
  /** Per origin, largest first (deltas against the floor). */
  byOrigin: { origin: string; bytes: number }[];
  /** The largest single inputs the floor does not have. */
  topInputs: { path: string; bytes: number }[];
}

const SDK_SCOPE = /^@(aws-sdk|smithy|aws-crypto|aws)\//;

/** `node_modules/<package>` (the innermost), `our code` for the repository's own files. */
export function originOf(path: string): string {
  const at = path.lastIndexOf('node_modules/');
  if (at < 0) return /^(shared|functions)\//.test(path) ? 'our code' : '(entry/runtime)';
  const parts = path.slice(at + 'node_modules/'.length).split('/');
  return parts[0].startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0];
}

function byOrigin(output: Output): Map<string, number> {
  const sums = new Map<string, number>();
  for (const [path, { bytesInOutput }] of Object.entries(output.inputs)) {
    const origin = originOf(path);
    sums.set(origin, (sums.get(origin) ?? 0) + bytesInOutput);
  }
  return sums;
}

export function breakdown(output: Output, floor: Output): Breakdown {
  const mine = byOrigin(output);
  const base = byOrigin(floor);
  const deltas = [...new Set([...mine.keys(), ...base.keys()])]
    .map((origin) => ({ origin, bytes: (mine.get(origin) ?? 0) - (base.get(origin) ?? 0) }))
    .filter((d) => d.bytes !== 0)
    .sort((a, b) => b.bytes - a.bytes);
  const of = (origin: string) => deltas.find((d) => d.origin === origin)?.bytes ?? 0;
  const named = new Set(['our code', 'valibot', '@middy/core', 'ulid', '(entry/runtime)']);
  let sdk = 0;
  let otherPackages = 0;
  for (const d of deltas) {
    if (named.has(d.origin)) continue;
    if (SDK_SCOPE.test(d.origin) || base.has(d.origin)) sdk += d.bytes;
    else otherPackages += d.bytes;
  }
  const topInputs = Object.entries(output.inputs)
    .filter(([path]) => !(path in floor.inputs))
    .map(([path, { bytesInOutput }]) => ({ path, bytes: bytesInOutput }))
    .sort((a, b) => b.bytes - a.bytes)
    .slice(0, 12);
  return {
    ourCode: of('our code'),
    valibot: of('valibot'),
    middy: of('@middy/core'),
    ulid: of('ulid'),
    sdk,
    otherPackages,
    byOrigin: deltas,
    topInputs,
  };
}
