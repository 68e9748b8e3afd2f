/**
 * `npm run i18n:compile`: merges every message catalogue `shared/i18n/messages/<area>.<language>.json` into one file
 * per language, `shared/i18n/compiled/<language>.json`, each message precompiled from ICU MessageFormat (lingui's
 * compileMessage), ids sorted. Functions ship the compiled files beside their bundle (infra/constructs/api-function.ts)
 * and the i18n adapter reads them, so no parser runs in a function. A unit test fails when a compiled file is stale.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { compileMessage } from '@lingui/message-utils/compileMessage';
import { type Language, languages } from '#domain/i18n.ts';

export const messagesDir = new URL('../shared/i18n/messages/', import.meta.url);
export const compiledDir = new URL('../shared/i18n/compiled/', import.meta.url);

/** Every source catalogue of a language: `{file, messages}` by area, in file-name order. */
export function sourcesOf(language: Language): { file: string; messages: Record<string, string> }[] {
  return readdirSync(messagesDir)
    .filter((file) => file.endsWith(`.${language}.json`))
    .sort()
    .map((file) => ({ file, messages: JSON.parse(readFileSync(new URL(file, messagesDir), 'utf8')) }));
}

/** The merged source messages of a language; an id defined in two files is an error. */
export function messagesOf(language: Language): Record<string, string> {
  const merged: Record<string, string> = {};
  const from: Record<string, string> = {};
  for (const { file, messages } of sourcesOf(language)) {
    for (const [id, message] of Object.entries(messages)) {
      if (typeof message !== 'string') throw new Error(`${file}: ${id} is not a string`);
      if (id in merged) throw new Error(`${file}: ${id} is already defined in ${from[id]}`);
      merged[id] = message;
      from[id] = file;
    }
  }
  return merged;
}

/** The compiled catalogue of a language as its file holds it: one message per line, ids sorted. */
export function compiledFile(language: Language): string {
  const messages = messagesOf(language);
  const lines = Object.keys(messages)
    .sort()
    .map((id) => {
      try {
        return `  ${JSON.stringify(id)}: ${JSON.stringify(compileMessage(messages[id]))}`;
      } catch (error) {
        throw new Error(`${language}: ${id} is not an ICU message: ${(error as Error).message}`);
      }
    });
  return `{\n${lines.join(',\n')}\n}\n`;
}

/** The placeholder names a message uses (`{name}`, the argument of a plural or select, and those inside its cases). */
export function placeholdersOf(message: string): string[] {
  const names = new Set<string>();
  // compiled: an array of text and arguments; an argument is [name] or [name, type, cases] (cases hold messages)
  const walk = (node: unknown): void => {
    if (!Array.isArray(node)) return;
    for (const part of node) {
      if (!Array.isArray(part)) continue;
      names.add(part[0]);
      if (part[2] && typeof part[2] === 'object') for (const inner of Object.values(part[2])) walk(inner);
    }
  };
  walk(compileMessage(message));
  return [...names].sort();
}

export const compiledPath = (language: Language) => fileURLToPath(new URL(`${language}.json`, compiledDir));

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  for (const language of languages) {
    writeFileSync(compiledPath(language), compiledFile(language));
    console.log(`wrote ${compiledPath(language)}`);
  }
}
