/**
 * The one retry policy of the DynamoDB adapters: a step (one SDK call and what it decides) is tried again, after a
 * backoff, when it reports that another try may succeed (a transaction conflict, unprocessed keys, a lost race);
 * when the tries run out, the caller says what that means (a 409, or just "left for the next run").
 */
import { logger } from '#observability/logger.ts';

/** What one try came to: done with a value, or worth another try. */
export type Attempt<T> = { done: true; value: T } | { done: false; cause: unknown; backoff: boolean };

export const done = <T>(value: T): Attempt<T> => ({ done: true, value });
/** Try again; `backoff: false` tries again at once (the retry changed what it sends, nothing to wait for). */
export const again = <T>(cause?: unknown, backoff = true): Attempt<T> => ({ done: false, cause, backoff });

export interface RetryPolicy {
  /** Tries in all (Infinity: until the step is done). */
  attempts: number;
  /** The wait after the n-th try (n from 1) before the next one, in milliseconds. */
  backoffMs: (attempt: number) => number;
}

/** A transaction cancelled by another one touching the same items: judged again after a short, jittered wait. */
export const TRANSACTION_CONFLICT: RetryPolicy = { attempts: 3, backoffMs: (n) => 20 * n + Math.random() * 40 };
/** Keys a BatchGetItem left unprocessed (throttling): asked for again with exponential backoff, up to a second. */
export const UNPROCESSED_KEYS: RetryPolicy = { attempts: Infinity, backoffMs: (n) => Math.min(1000, 25 * 2 ** n) };
/** A bulk invite's chunk: written again without the emails it lost, or after a conflict. */
export const INVITATION_CHUNK: RetryPolicy = { attempts: 4, backoffMs: (n) => 20 * n };
/** The cleanup's group: written again at once without the invitations another writer changed. */
export const CLEANUP_GROUP: RetryPolicy = { attempts: 3, backoffMs: () => 0 };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs `step` until it is done or the policy's tries run out; then `exhausted` (which may throw) gives the result. */
export async function retrying<T>(
  policy: RetryPolicy,
  step: (attempt: number) => Promise<Attempt<T>>,
  exhausted: (cause: unknown) => T,
): Promise<T> {
  let cause: unknown;
  for (let attempt = 1; attempt <= policy.attempts; attempt++) {
    const outcome = await step(attempt);
    if (outcome.done) return outcome.value;
    cause = outcome.cause;
    logger.debug('write tried again', { attempt, cause: (cause as Error | undefined)?.name });
    const wait = outcome.backoff && attempt < policy.attempts ? policy.backoffMs(attempt) : 0;
    if (wait > 0) await sleep(wait);
  }
  return exhausted(cause);
}
