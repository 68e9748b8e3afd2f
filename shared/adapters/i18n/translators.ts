import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type Messages, setupI18n } from '@lingui/core';
import { defaultLanguage, type Language, type Translator, type Translators } from '#domain/i18n.ts';

/**
 * Translators over the compiled message catalogues (`npm run i18n:compile`, ICU messages precompiled by lingui, so
 * no message parser runs here). A catalogue is data, not code: a function ships each language's file beside its
 * `index.mjs` as `i18n-<language>.json` (infra/constructs/api-function.ts), read on the first use of that language,
 * once per container. Run from source (local stack, tests), the file is read from shared/i18n/compiled.
 * A message a language lacks falls back to English, then to its id (a unit test keeps the catalogues complete).
 */

/** Beside the bundle in a function; run from source (a `.ts` module), the compiled file in the tree. */
function cataloguePath(language: Language): string {
  const beside = fileURLToPath(new URL(`./i18n-${language}.json`, import.meta.url));
  const fromSource = import.meta.url.endsWith('.ts');
  return fromSource && !existsSync(beside)
    ? fileURLToPath(new URL(`../../i18n/compiled/${language}.json`, import.meta.url))
    : beside;
}

function load(language: Language): Messages {
  const messages = JSON.parse(readFileSync(cataloguePath(language), 'utf8')) as Messages;
  if (!messages || typeof messages !== 'object' || Array.isArray(messages))
    throw new Error(`The ${language} message catalogue is not a compiled catalogue`);
  return messages;
}

const dateStyle = { dateStyle: 'long', timeStyle: 'short' } as const;

/**
 * Formatters by language and zone, built once per container: building one loads ICU data and costs about 0.2 ms,
 * a mail's every date used to pay it.
 */
const formats = new Map<string, Intl.DateTimeFormat>();

/** The formatter of a language and zone; an unknown zone falls back to UTC rather than failing the mail. */
function dateFormat(language: Language, timeZone: string | null | undefined): Intl.DateTimeFormat {
  const key = `${language} ${timeZone || 'UTC'}`;
  let format = formats.get(key);
  if (!format) {
    try {
      format = new Intl.DateTimeFormat(language, { ...dateStyle, timeZone: timeZone || 'UTC' });
    } catch {
      format = new Intl.DateTimeFormat(language, { ...dateStyle, timeZone: 'UTC' });
    }
    formats.set(key, format);
  }
  return format;
}

function translator(language: Language): Translator {
  const english = language === defaultLanguage ? undefined : translators(defaultLanguage);
  const i18n = setupI18n({
    locale: language,
    messages: { [language]: load(language) },
    // a message missing in English too: its id (never lingui's runtime compiler)
    missing: (_locale, id) => id,
  });
  return {
    language,
    t: (id, values) => (english && !(id in i18n.messages) ? english.t(id, values) : i18n._(id, values)),
    dateTime: (iso, timeZone) => dateFormat(language, timeZone).format(new Date(iso)),
  };
}

const loaded = new Map<Language, Translator>();

export const translators: Translators = (language) => {
  let found = loaded.get(language);
  if (!found) {
    found = translator(language);
    loaded.set(language, found);
  }
  return found;
};
