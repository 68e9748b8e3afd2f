/** Rules for text a tenant writes that others read (names, messages): the request schemas and the CSV import share them. */

/**
 * Characters tenant text that reaches mail may not hold: C0 and C1 controls (DEL included) and the bidirectional
 * formatting characters (embeddings, overrides, isolates, and the LRM, RLM and ALM marks), which can make a name or a
 * message read otherwise than it is written. Letters of any script, right-to-left ones included, are fine. `lines`:
 * line breaks (LF, CR) are allowed.
 */
const refusedInText = (code: number, lines: boolean): boolean =>
  (code <= 0x1f && !(lines && (code === 0x0a || code === 0x0d))) ||
  (code >= 0x7f && code <= 0x9f) ||
  code === 0x061c ||
  code === 0x200e ||
  code === 0x200f ||
  (code >= 0x202a && code <= 0x202e) ||
  (code >= 0x2066 && code <= 0x2069);

/** Whether the text holds a character tenant text may not hold (see `refusedInText`). */
export const hasRefusedCharacter = (text: string, lines = false): boolean =>
  [...text].some((c) => refusedInText(c.codePointAt(0) ?? 0, lines));

export const REFUSED_CHARACTER_MESSAGE = 'must not contain control characters or bidirectional formatting characters';
export const REFUSED_CHARACTER_IN_LINES_MESSAGE =
  'must not contain control characters (other than line breaks) or bidirectional formatting characters';

/** Names of members (first, last), units and groups: 1 to this many characters once trimmed. */
export const NAME_MAX_LENGTH = 100;

/** Why a name (already trimmed) is refused, or null when it is fine. */
export function nameProblem(name: string): string | null {
  if (name.length === 0) return 'must not be empty';
  if (name.length > NAME_MAX_LENGTH) return `must be at most ${NAME_MAX_LENGTH} characters`;
  if (hasRefusedCharacter(name)) return REFUSED_CHARACTER_MESSAGE;
  return null;
}
