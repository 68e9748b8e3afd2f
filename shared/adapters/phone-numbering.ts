import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { parsePhoneNumberFromString, type MetadataJson } from 'libphonenumber-js/core';
import { phoneMetadataFile } from '#config/data-files.ts';
import type { PhoneNumbering } from '#ports/phone-numbering.ts';

/**
 * Phone numbers checked and normalised with libphonenumber-js. Its metadata (the numbering plans of every country) is
 * data, not code: the function ships it as a file beside `index.mjs` (#config/data-files.ts), read on first use, once
 * per container, so the bundle carries only the library's code. Run from source (local stack, tests), the same file is
 * read from the package.
 */

/** Beside the bundle in a function; run from source (a `.ts` module), the package's file. A bundle never falls back. */
function metadataPath(): string {
  const beside = fileURLToPath(new URL(`./${phoneMetadataFile.name}`, import.meta.url));
  const fromSource = import.meta.url.endsWith('.ts');
  return fromSource && !existsSync(beside) ? createRequire(import.meta.url).resolve(phoneMetadataFile.from) : beside;
}

function load(): MetadataJson {
  const metadata = JSON.parse(readFileSync(metadataPath(), 'utf8')) as MetadataJson;
  if (typeof metadata?.countries !== 'object' || Object.keys(metadata.countries).length < 200)
    throw new Error('The phone-number metadata is not libphonenumber-js metadata');
  return metadata;
}

let metadata: MetadataJson | undefined;

export const phoneNumbering: PhoneNumbering = {
  toE164(input) {
    if (!input.trim().startsWith('+')) return null;
    metadata ??= load();
    const parsed = parsePhoneNumberFromString(input, metadata);
    return parsed?.isValid() && !parsed.ext ? parsed.number : null;
  },
};
