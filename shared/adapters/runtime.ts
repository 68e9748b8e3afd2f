import { monotonicFactory } from 'ulid';
import type { IdGenerator } from '#ports/services.ts';
import type { Settings } from '#use-cases/deps.ts';
import { env, envInt, settingNames } from '#config/env.ts';

const ulid = monotonicFactory();
/** ULIDs: sortable by creation time, which the audit log and invitation listings rely on. */
export const ulidIds: IdGenerator = { next: () => ulid() };

let cached: Settings | undefined;
export const settings = (): Settings =>
  (cached ??= {
    appUrl: env(settingNames.appUrl),
    invitationTtlSeconds: envInt(settingNames.invitationTtlSeconds, 604800),
  });
