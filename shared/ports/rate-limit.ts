/** A per-account request budget (SCIM: so many requests in one second of the clock). */
export interface RateLimiter {
  /** Counts one request of the account at `now`; false when the account's budget for that second is spent. */
  take(accountId: string, now: Date): Promise<boolean>;
}
