import { type Html, html } from '#domain/html.ts';
import { layout, type PageView } from './layout.ts';

/** Why the pipeline answered with its own page instead of the page's. */
export type ErrorReason = 'bad_request' | 'csrf' | 'too_large' | 'media_type' | 'internal';

/**
 * The page of a request the pipeline refused or a failure nobody expected: what happened and what to do, in the
 * visitor's language. Never the error itself: no message, code or stack reaches the page.
 */
export function errorPage({ t, brand, nonce, reason }: PageView & { reason: ErrorReason }): Html {
  const key = reason === 'csrf' ? 'csrf' : reason === 'internal' ? 'internal' : 'badRequest';
  return layout({
    t,
    brand,
    nonce,
    title: t.t(`page.error.${key}.title`),
    main: html`<p>${t.t(`page.error.${key}.body`)}</p>
<p><a href="/sign-in">${t.t('page.error.start')}</a></p>`,
  });
}
