/** Time as the domain sees it. Tests inject a clock they can move; nothing sleeps to test expiry. */
export interface Clock {
  now(): Date;
}

export const epochSeconds = (d: Date): number => Math.floor(d.getTime() / 1000);
export const addSeconds = (d: Date, seconds: number): Date => new Date(d.getTime() + seconds * 1000);
