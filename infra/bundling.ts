import type { BuildOptions } from 'esbuild';
import { createRequire } from 'node:module';
import { relative } from 'node:path';
import { LogLevel, OutputFormat, type BundlingOptions } from 'aws-cdk-lib/aws-lambda-nodejs';
import type { DataFile } from '#config/data-files.ts';
import { repoPath } from './paths.ts';

/** ESM output has no `require`; CommonJS dependencies bundled into it need one. */
const requireShim = "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);";

/**
 * Modules replaced in every bundle by a stand-in that behaves the same for what the functions use.
 * `node:stream/web`: @middy/core loads it only for streamed responses, which no function sends (see the shim).
 */
const aliases = { 'node:stream/web': repoPath('infra/shims/stream-web.ts') } as const;

/**
 * `process.env.SB_TRACING` as a constant in the bundle (context `tracing`): shared/observability/tracing.ts loads the
 * Powertools tracer only when it reads "on", so with "off" esbuild drops that branch and the tracer with it.
 */
export const tracingDefine = (tracing: boolean) => ({ 'process.env.SB_TRACING': tracing ? '"on"' : '"off"' }) as const;

/**
 * The one set of esbuild options for every function bundle. NodejsFunction gets its bundling props from
 * this object (`lambdaBundling`), and the bench builds identical bundles with `esbuildBuildOptions`.
 * The AWS SDK is bundled, not taken from the runtime, so the versions in package-lock.json are the ones that run.
 */
export const esbuildOptions = Object.freeze({
  bundle: true,
  platform: 'node',
  target: 'node22',
  format: 'esm',
  // prefer packages' ES module builds: they tree-shake (the SDK's dist-es does)
  mainFields: ['module', 'main'],
  minify: true,
  sourcemap: true,
  // stack traces need only the mappings, not the sources
  sourcesContent: false,
  banner: { js: requireShim },
  // libraries' production paths (lingui's runtime message compiler is dev-only: catalogues ship precompiled)
  // and tracing off: the default bundle (the bench's); a deployment with context `tracing` builds with it on
  define: { 'process.env.NODE_ENV': '"production"', ...tracingDefine(false) },
  alias: aliases,
  external: [],
  logLevel: 'warning',
} satisfies BuildOptions);

/** The output file name Lambda loads (`index.handler`): `.mjs` makes Node treat the bundle as ESM. */
export const bundleFileName = 'index.mjs';

/** What changes a bundle besides its entry: the tracing flag (context `tracing`, off unless given). */
export interface BundleFlags {
  tracing?: boolean;
}

/**
 * Options for esbuild's JS API that produce the same bundle as a deployed function:
 * `build(esbuildBuildOptions(entry, outfile))` (tracing off, as the bench measures), or with `{ tracing: true }`.
 */
export const esbuildBuildOptions = (entry: string, outfile: string, flags: BundleFlags = {}): BuildOptions => ({
  ...esbuildOptions,
  define: { ...esbuildOptions.define, ...tracingDefine(flags.tracing ?? false) },
  entryPoints: [entry],
  outfile,
});

/** NodejsFunction's bundling props, derived field by field from `esbuildOptions`. */
export const lambdaBundling: BundlingOptions = {
  target: esbuildOptions.target,
  format: esbuildOptions.format === 'esm' ? OutputFormat.ESM : OutputFormat.CJS,
  mainFields: [...esbuildOptions.mainFields],
  minify: esbuildOptions.minify,
  sourceMap: esbuildOptions.sourcemap,
  sourcesContent: esbuildOptions.sourcesContent,
  banner: esbuildOptions.banner.js,
  externalModules: [...esbuildOptions.external],
  // nothing external (see above): without this the SDK would be left to the runtime's copy
  bundleAwsSDK: true,
  logLevel: LogLevel.WARNING,
  define: esbuildOptions.define,
  // NodejsFunction has no alias prop; esbuild's CLI flag is the same option
  esbuildArgs: Object.fromEntries(Object.entries(esbuildOptions.alias).map(([from, to]) => [`--alias:${from}`, to])),
};

/** Where a data file's source is on this machine: its package, resolved from the repository's node_modules. */
export const dataFileSource = (file: DataFile): string => createRequire(repoPath('package.json')).resolve(file.from);

const quote = (path: string) => `'${path.replaceAll("'", "'\\''")}'`;

/** A file synth writes beside index.mjs from a value it holds (the deployment brand), not a file of the repository. */
export interface WrittenFile {
  /** File name beside index.mjs. */
  name: string;
  content: string;
}

/**
 * Writes `content` to `path`: node decodes it from base64, so no character of it meets the shell. Node runs the CDK
 * and is in the bundling image, where `base64 -d` might not be.
 */
const writeCommand = (path: string, content: string) =>
  `node -e ${quote('require("node:fs").writeFileSync(process.argv[1], Buffer.from(process.argv[2], "base64"))')} ${quote(path)} ${quote(Buffer.from(content, 'utf8').toString('base64'))}`;

/**
 * A function's bundling props: the shared ones, plus its data files copied beside index.mjs once esbuild is done and
 * the files synth writes (their content rides in the command). Bundling is local: esbuild is a devDependency, so CDK
 * never falls back to Docker (the alias above is a path on this machine). The copy's paths start from the hook's
 * input directory, the repository.
 *
 * The asset is hashed from the output directory (NodejsFunction's `AssetHashType.OUTPUT`) and CDK reuses a bundle
 * within one synth only for identical bundling props, commands included: a written file's new content is a new
 * command, a new bundle and a new asset hash, never a stale asset.
 */
export function bundlingWith(
  dataFiles: readonly DataFile[],
  written: readonly WrittenFile[] = [],
  flags: BundleFlags = {},
): BundlingOptions {
  const bundling: BundlingOptions = flags.tracing
    ? { ...lambdaBundling, define: { ...esbuildOptions.define, ...tracingDefine(true) } }
    : lambdaBundling;
  if (dataFiles.length === 0 && written.length === 0) return bundling;
  return {
    ...bundling,
    commandHooks: {
      beforeBundling: () => [],
      beforeInstall: () => [],
      afterBundling: (inputDir, outputDir) => [
        ...dataFiles.map(
          (file) =>
            `cp ${quote(`${inputDir}/${relative(repoPath(), dataFileSource(file))}`)} ${quote(`${outputDir}/${file.name}`)}`,
        ),
        ...written.map((file) => writeCommand(`${outputDir}/${file.name}`, file.content)),
      ],
    },
  };
}

/** Runtime environment the bundle expects: source-mapped stack traces. */
export const bundleEnvironment = { NODE_OPTIONS: '--enable-source-maps' } as const;
