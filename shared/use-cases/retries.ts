/** Read-modify-writes that lost a race are read again and retried, a few times, then answered 409. */
import { ConflictError, PreconditionFailedError } from '#domain/errors.ts';
import { TreeChangedError } from '#domain/org-unit.ts';

const ATTEMPTS = 4;

async function retrying<T>(
  lostRace: (error: unknown) => boolean,
  gaveUp: string,
  attempt: () => Promise<T>,
): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await attempt();
    } catch (error) {
      if (!lostRace(error)) throw error;
      if (i >= ATTEMPTS) throw new ConflictError(gaveUp, { cause: error });
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
export const retryWithoutIfMatch = <T>(ifMatch: number | undefined, attempt: () => Promise<T>): Promise<T> =>
  retrying(
    (error) => ifMatch === undefined && error instanceof PreconditionFailedError,
    'The resource kept changing; try again',
    attempt,
  );
