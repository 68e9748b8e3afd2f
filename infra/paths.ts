import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

/** Absolute path inside the repository, independent of the working directory `cdk` or vitest runs in. */
export const repoPath = (...segments: string[]): string => join(root, ...segments);
