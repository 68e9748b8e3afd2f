/**
 * Email addresses as the API stores them: trimmed, lowercased, at most 254 characters, and matching one pattern:
 * the request schemas apply this very pattern (schemas/common.ts `Email`; test/unit/email.test.ts checks the two agree).
 * Here, without a schema library, for use cases that judge many addresses one by one (bulk invitations).
 */
export const EMAIL_PATTERN =
  /^(?:[A-Za-z0-9_'+-]+\.)*[A-Za-z0-9_'+-]*[A-Za-z0-9_+-]@(?:[A-Za-z0-9][A-Za-z0-9-]*\.)+[A-Za-z]{2,}$/;

/** The address as stored, or null when it is not one. */
export function normalizeEmail(raw: string): string | null {
  const trimmed = raw.trim();
  if (trimmed.length > 254 || !EMAIL_PATTERN.test(trimmed)) return null;
  return trimmed.toLowerCase();
}
