import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defaultDeploymentBrand, type DeploymentBrand } from '#domain/brand.ts';
import type { AppSettings } from '#ports/app-settings.ts';
import type { IdGenerator } from '#ports/ids.ts';
import { deploymentBrandFileName } from '#config/data-files.ts';
import { env, envInt, settingNames } from '#config/env.ts';
import { monotonicUlid } from './ulid.ts';

const ulid = /* @__PURE__ */ monotonicUlid();
/** ULIDs: sortable by creation time, which the audit log and invitation listings rely on. */
export const ulidIds: IdGenerator = { next: () => ulid() };

let cached: AppSettings | undefined;
export const settings = (): AppSettings =>
  (cached ??= {
    appUrl: env(settingNames.appUrl),
    invitationTtlSeconds: envInt(settingNames.invitationTtlSeconds, 604800),
    brand: loadDeploymentBrand(brandFileBeside, process.env[settingNames.brand]),
  });

/** Beside the bundle in a function: synth writes it there (infra/constructs/api-function.ts). Run from source, absent. */
const brandFileBeside = /* @__PURE__ */ fileURLToPath(
  /* @__PURE__ */ new URL(`./${deploymentBrandFileName}`, import.meta.url),
);

/**
 * The deployment brand: the file beside the bundle when there is one (a deployed function), otherwise the BRAND
 * setting (`npm start` sets it from BRAND_*), otherwise the default brand. Read once per container, by `settings()`.
 */
export function loadDeploymentBrand(file: string, json: string | undefined): DeploymentBrand {
  if (existsSync(file)) return brandFromJson(readFileSync(file, 'utf8'), `The deployment brand file ${file}`);
  return deploymentBrand(json);
}

/**
 * The deployment brand from its setting (JSON, checked when the stack was synthesized or `npm start` began); without
 * it, the default brand. Fields the JSON lacks come from the default, so an older setting still reads.
 */
export function deploymentBrand(json: string | undefined): DeploymentBrand {
  if (json === undefined || json === '') return defaultDeploymentBrand;
  return brandFromJson(json, `Environment variable ${settingNames.brand}`);
}

function brandFromJson(json: string, source: string): DeploymentBrand {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    throw new Error(`${source} must be the deployment brand as JSON`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new Error(`${source} must be the deployment brand as JSON`);
  return { ...defaultDeploymentBrand, ...(value as Partial<DeploymentBrand>) };
}

/** `deps` plus the deployment's settings, read on first use (so a handler module loads without its environment). */
export function withSettings<T extends object>(deps: T): T & { readonly settings: AppSettings } {
  return Object.defineProperty(deps, 'settings', { get: settings, enumerable: true }) as T & {
    readonly settings: AppSettings;
  };
}
