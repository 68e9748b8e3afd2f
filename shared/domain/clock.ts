/** Time as the domain sees it. Tests inject a clock they can move; nothing sleeps to test expiry. */
export interface Clock {
  now(): Date;
  /** Waits `ms` milliseconds (a test clock moves on at once instead). Only sign-in waits, and never long. */
  sleep(ms: number): Promise<void>;
}

export const epochSeconds = (d: Date): number => Math.floor(d.getTime() / 1000);
export const addSeconds = (d: Date, seconds: number): Date => new Date(d.getTime() + seconds * 1000);
