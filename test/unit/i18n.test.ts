import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { languages } from '#domain/i18n.ts';
import { compiledFile, compiledPath, messagesOf, placeholdersOf, sourcesOf } from '../../scripts/i18n-compile.ts';
import { translators } from '../fakes/translators.ts';

const others = languages.filter((l) => l !== 'en');
const english = messagesOf('en');
/**
 * `<language>:<id>` of messages that are rightly the same words as English in that language (a word both languages
 * spell alike, "Status" in German). Add one only with a reason beside it.
 */
const sameAsEnglish = new Set<string>([]);

describe('message catalogues', () => {
  it('the compiled files are what `npm run i18n:compile` writes from the sources (run it after editing a catalogue)', () => {
    for (const language of languages) {
      expect(readFileSync(compiledPath(language), 'utf8'), `shared/i18n/compiled/${language}.json is stale`).toBe(
        compiledFile(language),
      );
    }
  });

  it('every language has every id English has, and no other', () => {
    expect(Object.keys(english).length).toBeGreaterThan(0);
    for (const language of others) {
      const ids = Object.keys(messagesOf(language));
      expect(
        Object.keys(english).filter((id) => !ids.includes(id)),
        `missing in ${language}`,
      ).toEqual([]);
      expect(
        ids.filter((id) => !(id in english)),
        `only in ${language}`,
      ).toEqual([]);
    }
  });

  it('every message uses the placeholders its English one does', () => {
    for (const language of others) {
      const messages = messagesOf(language);
      for (const id of Object.keys(english)) {
        expect(placeholdersOf(messages[id]), `${language} ${id}`).toEqual(placeholdersOf(english[id]));
      }
    }
  });

  it('German, French and Spanish are translations, not English copies (words beside placeholders differ)', () => {
    for (const language of others) {
      const messages = messagesOf(language);
      const copied = Object.keys(english).filter(
        (id) =>
          messages[id] === english[id] &&
          /[a-z]{4}/i.test(english[id].replace(/\{\w+\}/g, '')) &&
          !sameAsEnglish.has(`${language}:${id}`),
      );
      expect(copied, `${language} messages identical to English`).toEqual([]);
    }
  });

  it('source files are per area and language, ids prefixed by their area', () => {
    for (const language of languages) {
      for (const { file, messages } of sourcesOf(language)) {
        const area = file.split('.')[0];
        expect(file).toMatch(new RegExp(`^[a-z-]+\\.${language}\\.json$`));
        for (const id of Object.keys(messages))
          expect(id.startsWith(`${area}.`) || area !== 'mail', `${file}: ${id}`).toBe(true);
      }
    }
  });

  it('the checks catch a missing id, an extra id and a changed placeholder (positive control of the checks)', () => {
    expect(placeholdersOf('Hello {name}')).toEqual(['name']);
    expect(placeholdersOf('Hallo {nam}')).not.toEqual(placeholdersOf('Hello {name}'));
    expect(placeholdersOf('{type, select, fax {Fax {x}} other {Voice}} at {account}')).toEqual([
      'account',
      'type',
      'x',
    ]);
    expect(placeholdersOf('{n, plural, one {# day} other {# days}}')).toEqual(['n']);
  });
});

describe('translators', () => {
  it('fill placeholders in the language asked for', () => {
    expect(translators('en').t('mail.greeting', { name: 'Ada' })).toBe('Hello Ada,');
    expect(translators('de').t('mail.greeting', { name: 'Ada' })).toBe('Hallo Ada,');
    expect(translators('fr').t('mail.greeting', { name: 'Ada' })).toBe('Bonjour Ada,');
    expect(translators('es').t('mail.greeting', { name: 'Ada' })).toBe('Hola, Ada:');
    expect(translators('de').language).toBe('de');
  });

  it('leave placeholder values as they are (the template engine escapes them, not the catalogue)', () => {
    expect(translators('en').t('mail.greeting', { name: '<b>{x}</b> & #' })).toBe('Hello <b>{x}</b> & #,');
  });

  it('choose the case of a select', () => {
    const t = translators('de');
    expect(t.t('mail.service.subject', { type: 'fax', account: 'Acme' })).toBe('Ihr Faxdienst bei Acme ist bereit');
    expect(t.t('mail.service.subject', { type: 'voice', account: 'Acme' })).toBe(
      'Ihr Telefondienst bei Acme ist bereit',
    );
  });

  it('an unknown id is its id (positive control: a known one is its message)', () => {
    expect(translators('fr').t('mail.nothing.here')).toBe('mail.nothing.here');
    expect(translators('fr').t('mail.greetingNoName')).toBe('Bonjour,');
  });

  it('write dates in the language and time zone, UTC when the zone is absent or unknown', () => {
    const iso = '2026-03-05T17:30:00.000Z';
    expect(translators('en').dateTime(iso, 'UTC')).toBe('March 5, 2026 at 5:30 PM');
    expect(translators('de').dateTime(iso, 'Europe/Berlin')).toBe('5. März 2026 um 18:30');
    expect(translators('fr').dateTime(iso, 'Europe/Paris')).toMatch(/^5 mars 2026 (à )?18:30$/);
    expect(translators('es').dateTime(iso)).toMatch(/^5 de marzo de 2026(,| a las) 17:30$/);
    expect(translators('en').dateTime(iso, 'Not/AZone')).toBe(translators('en').dateTime(iso, 'UTC'));
  });
});
