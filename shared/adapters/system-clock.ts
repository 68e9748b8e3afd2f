import type { Clock } from '#domain/clock.ts';

let offsetMs = 0;

export const systemClock: Clock = {
  now: () => new Date(Date.now() + offsetMs),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms))),
};

/**
 * Moves the clock of this process. Only the local gateway's test controls call it (like Keycloak's
 * setTimeOffset), so integration tests can test expiry without sleeping; deployed functions never do.
 */
export const setClockOffset = (ms: number): void => {
  offsetMs = ms;
};
