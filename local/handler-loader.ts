/** Loads a function's handler the way the local runtime runs one: by its declared name, on first use. */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { handlerFile } from '../shared/http/route-types.ts';

/**
 * The handler of `functions/<kebab-case of name>.ts` under `root`, imported on the first call. A failed import is
 * not kept: the file may be written while `npm start` runs, and the next call tries again.
 */
export function lazyHandler<H>(root: string, name: string): () => Promise<H> {
  let loading: Promise<H> | undefined;
  return () => {
    loading ??= import(pathToFileURL(join(root, handlerFile(name))).href).then((mod: { handler?: H }) => {
      if (typeof mod.handler !== 'function') throw new Error(`${handlerFile(name)} does not export a handler`);
      return mod.handler;
    });
    loading.catch(() => {
      loading = undefined;
    });
    return loading;
  };
}
