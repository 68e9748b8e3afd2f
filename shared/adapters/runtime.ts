import { monotonicFactory } from 'ulid';
import { defaultDeploymentBrand, type DeploymentBrand } from '#domain/brand.ts';
import type { AppSettings } from '#ports/app-settings.ts';
import type { IdGenerator } from '#ports/ids.ts';
import { env, envInt, settingNames } from '#config/env.ts';

const ulid = monotonicFactory();
/** ULIDs: sortable by creation time, which the audit log and invitation listings rely on. */
export const ulidIds: IdGenerator = { next: () => ulid() };

let cached: AppSettings | undefined;
export const settings = (): AppSettings =>
  (cached ??= {
    appUrl: env(settingNames.appUrl),
    invitationTtlSeconds: envInt(settingNames.invitationTtlSeconds, 604800),
    brand: deploymentBrand(process.env[settingNames.brand]),
  });

/**
 * The deployment brand from its setting (JSON, checked when the stack was synthesized or `npm start` began); without
 * it, the default brand. Fields the JSON lacks come from the default, so an older setting still reads.
 */
export function deploymentBrand(json: string | undefined): DeploymentBrand {
  if (json === undefined || json === '') return defaultDeploymentBrand;
  try {
    return { ...defaultDeploymentBrand, ...(JSON.parse(json) as Partial<DeploymentBrand>) };
  } catch {
    throw new Error(`Environment variable ${settingNames.brand} must be the deployment brand as JSON`);
  }
}

/** `deps` plus the deployment's settings, read on first use (so a handler module loads without its environment). */
export function withSettings<T extends object>(deps: T): T & { readonly settings: AppSettings } {
  return Object.defineProperty(deps, 'settings', { get: settings, enumerable: true }) as T & {
    readonly settings: AppSettings;
  };
}
