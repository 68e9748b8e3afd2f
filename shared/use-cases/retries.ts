/** Read-modify-writes that lost a race are read again and retried, a few times, then answered 409. */
import { ConflictError, PreconditionFailedError } from '#domain/errors.ts';
import { TreeChangedError } from '#domain/org-unit.ts';
import { logger } from '#observability/logger.ts';

const ATTEMPTS = 4;

/**
 * Runs `attempt` (told which try it is, from 1) again while it fails with an error `lostRace` recognises, at most
 * `attempts` times; then 409 with `gaveUp`.
 */
export async function retrying<T>(
  lostRace: (error: unknown) => boolean,
  gaveUp: string,
  attempt: (n: number) => Promise<T>,
  attempts = ATTEMPTS,
): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await attempt(i);
    } catch (error) {
      if (!lostRace(error)) throw error;
      // sampled invocations show how often a change loses a race (and to what) before it lands
      logger.debug('lost a race; reading again', { attempt: i, error: (error as Error).name });
      if (i >= attempts) throw new ConflictError(gaveUp, { cause: error });
    }
  }
}

/** Runs a change again when the tree it read changed before it wrote (TreeChangedError): a unit moved, was deleted or added. */
export const withStableTree = <T>(attempt: () => Promise<T>): Promise<T> =>
  retrying((error) => error instanceof TreeChangedError, 'The organisation tree kept changing; try again', attempt);

/**
 * A read-modify-write whose version condition lost to a concurrent change: without `If-Match` the client asked for
 * no particular version, so read again and apply the change to what is there now (412 only for a stale If-Match).
 */
export const retryWithoutIfMatch = <T>(ifMatch: number | undefined, attempt: (n: number) => Promise<T>): Promise<T> =>
  retrying(
    (error) => ifMatch === undefined && error instanceof PreconditionFailedError,
    'The resource kept changing; try again',
    attempt,
  );
