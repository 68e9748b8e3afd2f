import { disposableEmailBlocklistSet } from 'disposable-email-domains-js';
import type { DisposableDomains } from '#ports/invitations.ts';

/**
 * The maintained list of disposable-mail domains from npm (disposable-email-domains-js, generated from the
 * disposable-email-domains project; ~9,000 domains, ~130 KB in the bundle). Built into a Set once per container.
 */
let domains: Set<string> | undefined;

export const disposableDomains: DisposableDomains = {
  /** The domain or any parent of it is on the list (`x.mailinator.com` is as disposable as `mailinator.com`). */
  isDisposable(domain) {
    domains ??= disposableEmailBlocklistSet();
    const labels = domain.toLowerCase().split('.');
    for (let i = 0; i < labels.length - 1; i++) if (domains.has(labels.slice(i).join('.'))) return true;
    return false;
  },
};
