import { type Html, html } from '#domain/html.ts';
import type { LinkState } from '#domain/link-state.ts';
import { layout, type PageView } from './layout.ts';

export type GoneState = Exclude<LinkState, 'valid'>;

/** The status a page of a link that no longer works answers, as the JSON routes do: 404 unknown, 410 otherwise. */
export const goneStatus = (state: GoneState): 404 | 410 => (state === 'unknown' ? 404 : 410);

/**
 * The page of a mailed link that no longer works: what happened and what to do, from the page's messages
 * (`<area>.<state>.title` and `.body`), and the way on (`next`: sign in, ask for a new link). It names nobody.
 */
export function linkGonePage(
  input: PageView & {
    area: 'accept' | 'reset' | 'pin';
    state: GoneState;
    next?: Html;
  },
): Html {
  const { t, area, state } = input;
  return layout({
    ...input,
    title: t.t(`${area}.${state}.title`),
    main: html`<p>${t.t(`${area}.${state}.body`)}</p>
${input.next ?? ''}`,
  });
}
