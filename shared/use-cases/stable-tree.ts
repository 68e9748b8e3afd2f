import { ConflictError, PreconditionFailedError } from '#domain/errors.ts';
import { TreeChangedError } from '#domain/org-unit.ts';

const ATTEMPTS = 4;

/** Runs a change again when the tree it read changed before it wrote (TreeChangedError): a unit moved, was deleted or added. */
export async function withStableTree<T>(attempt: () => Promise<T>): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await attempt();
    } catch (error) {
      if (!(error instanceof TreeChangedError)) throw error;
      if (i >= ATTEMPTS) throw new ConflictError('The organisation tree kept changing; try again', { cause: error });
    }
  }
}

/**
 * A read-modify-write whose version condition lost to a concurrent change: without `If-Match` the client asked for
 * no particular version, so read again and apply the change to what is there now (412 only for a stale If-Match).
 */
export async function retryWithoutIfMatch<T>(ifMatch: number | undefined, attempt: () => Promise<T>): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await attempt();
    } catch (error) {
      if (!(error instanceof PreconditionFailedError) || ifMatch !== undefined) throw error;
      if (i >= ATTEMPTS) throw new ConflictError('The resource kept changing; try again', { cause: error });
    }
  }
}
