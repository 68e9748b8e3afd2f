import { ConflictError } from '#domain/errors.ts';
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
