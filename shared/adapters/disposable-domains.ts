import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { disposableDomainsFile } from '#config/data-files.ts';
import type { DisposableDomains } from '#ports/invitations.ts';

/**
 * The maintained list of disposable-mail domains (npm disposable-email-domains-js, generated from the
 * disposable-email-domains project). It is data, not code: the function ships it as a file beside `index.mjs`
 * (#config/data-files.ts), so no cold start compiles 127 KB of array literal. It is read and turned into a Set
 * on first use, once per container. Run from source (local stack, tests), the same file is read from the package.
 */

/** Beside the bundle in a function; run from source (a `.ts` module), the package's file. A bundle never falls back. */
function listPath(): string {
  const beside = fileURLToPath(new URL(`./${disposableDomainsFile.name}`, import.meta.url));
  const fromSource = import.meta.url.endsWith('.ts');
  return fromSource && !existsSync(beside)
    ? createRequire(import.meta.url).resolve(disposableDomainsFile.from)
    : beside;
}

function load(): Set<string> {
  const list: unknown = JSON.parse(readFileSync(listPath(), 'utf8'));
  if (!Array.isArray(list) || list.length < 1000 || !list.every((d) => typeof d === 'string'))
    throw new Error('The disposable-domain list is not a list of domains');
  return new Set(list.map((d: string) => d.toLowerCase()));
}

let domains: Set<string> | undefined;

export const disposableDomains: DisposableDomains = {
  /** The domain or any parent of it is on the list (`x.mailinator.com` is as disposable as `mailinator.com`). */
  isDisposable(domain) {
    domains ??= load();
    const labels = domain.toLowerCase().split('.');
    for (let i = 0; i < labels.length - 1; i++) if (domains.has(labels.slice(i).join('.'))) return true;
    return false;
  },
};
