/**
 * Languages of pages and mails. Messages live in catalogues (shared/i18n/messages/<language>.json, ICU
 * MessageFormat), compiled by `npm run i18n:compile`; the i18n adapter turns one into a `Translator`. The domain only
 * names messages by id and picks the language.
 */
export const languages = ['en', 'de', 'fr', 'es'] as const;
export type Language = (typeof languages)[number];
export const defaultLanguage: Language = 'en';

export type MessageValues = Record<string, string | number>;

/** Messages of one language, and dates in its locale. */
export interface Translator {
  readonly language: Language;
  /** The message `id` with its `{placeholders}` filled (plain text: the template engine escapes it). */
  t(id: string, values?: MessageValues): string;
  /** A timestamp as this language writes it, in `timeZone` (IANA; UTC when absent or unknown). */
  dateTime(iso: string, timeZone?: string | null): string;
}

/** Gives the translator of a language (the i18n adapter; in-memory catalogues in unit tests). */
export type Translators = (language: Language) => Translator;

/** The language a tag ("de", "de-CH", "DE") names, if it is one we have. */
export function supportedLanguage(tag: string | null | undefined): Language | undefined {
  const primary = tag?.trim().toLowerCase().split(/[-_]/)[0];
  return languages.find((l) => l === primary);
}

/**
 * The first of `candidates` we have, else English. Callers pass, in order: the member's own `language`, their
 * account's, then (pages only) the browser's `Accept-Language` preferences.
 */
export function pickLanguage(...candidates: readonly (string | null | undefined)[]): Language {
  for (const candidate of candidates) {
    const found = supportedLanguage(candidate);
    if (found) return found;
  }
  return defaultLanguage;
}

/** `Accept-Language` as tags by preference (q-values, highest first; `*` and q=0 dropped). At most 20 entries. */
export function acceptedLanguages(header: string | null | undefined): string[] {
  if (!header) return [];
  return header
    .split(',')
    .slice(0, 20)
    .map((part, index) => {
      const [tag, ...params] = part.trim().split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      const weight = q ? Number(q.slice(2)) : 1;
      return { tag: tag.trim(), weight: Number.isFinite(weight) ? weight : 0, index };
    })
    .filter((e) => e.tag && e.tag !== '*' && e.weight > 0)
    .sort((a, b) => b.weight - a.weight || a.index - b.index)
    .map((e) => e.tag);
}
