/** What every SCIM handler gives the SCIM pipeline (shared/http/scim/api.ts `scimApi`): one import for all of them. */
import { accountAuthentication } from './dynamodb/identity-authentication.ts';
import { scimRateLimit } from './dynamodb/rate-limit-store.ts';
import { systemClock } from './system-clock.ts';

export const scimWiring = { identity: accountAuthentication, rateLimit: scimRateLimit, clock: systemClock };
