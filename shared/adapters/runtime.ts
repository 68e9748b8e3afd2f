import { monotonicFactory } from 'ulid';
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
  });
