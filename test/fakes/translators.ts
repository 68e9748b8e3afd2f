/**
 * Translators for unit tests: the real compiled catalogues (shared/i18n/compiled), read from the source tree, so a
 * test sees the words a deployed function would write. Pure and fast: each language is read once per test file.
 */
export { translators } from '#adapters/i18n/translators.ts';
