/**
 * Data files a function reads at run time. They ship beside the function's `index.mjs` (the route's `dataFiles`;
 * infra/constructs/api-function.ts copies them), not inside it: data compiled as JavaScript would cost every cold start.
 * `from` is the file in an npm package, which is also where code run from source (local stack, tests) reads it.
 */
export interface DataFile {
  /** File name beside index.mjs. */
  name: string;
  /** Package path of the source file, resolved from the repository. */
  from: string;
}

/** The disposable-mail domains (npm disposable-email-domains-js, ~8,900 domains, 127 KB of JSON). */
export const disposableDomainsFile: DataFile = {
  name: 'disposable-domains.json',
  from: 'disposable-email-domains-js/dist/dict/disposable_email_blocklist.json',
};

/** Phone-number metadata for libphonenumber-js (its smallest complete set, all countries, ~83 KB of JSON). */
export const phoneMetadataFile: DataFile = {
  name: 'phone-metadata.json',
  from: 'libphonenumber-js/metadata.min.json',
};

/**
 * The compiled message catalogues (`npm run i18n:compile`), one per language, ~KB each. Every function ships all
 * of them (infra/constructs/api-function.ts), whatever its route: any use case may write a mail or a page.
 */
export const catalogueFiles: readonly DataFile[] = /* @__PURE__ */ (['en', 'de', 'fr', 'es'] as const).map(
  (language) => ({
    name: `i18n-${language}.json`,
    from: `./shared/i18n/compiled/${language}.json`,
  }),
);

/**
 * The deployment brand (`DeploymentBrand` as JSON), which synth writes beside every function's index.mjs from context
 * `brand` (infra/constructs/api-function.ts) and `settings().brand` reads (shared/adapters/runtime.ts). It is no
 * package file: its content is the deployer's, so it has no `from`. A file, not an environment variable: Lambda allows
 * 4 KB of variables per function in all, and a data URL logo may take 20 KB.
 */
export const deploymentBrandFileName = 'deployment-brand.json';
