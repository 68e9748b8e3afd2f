import { monotonicFactory } from 'ulid';
import { defaultDeploymentBrand } from '#domain/brand.ts';
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
    brand: defaultDeploymentBrand,
  });

/** `deps` plus the deployment's settings, read on first use (so a handler module loads without its environment). */
export function withSettings<T extends object>(deps: T): T & { readonly settings: AppSettings } {
  return Object.defineProperty(deps, 'settings', { get: settings, enumerable: true }) as T & {
    readonly settings: AppSettings;
  };
}
