/** Phone-number rules of the world's numbering plans (libphonenumber-js behind an adapter). */
export interface PhoneNumbering {
  /** The E.164 form of a valid number in international format without an extension; null for anything else. */
  toE164(input: string): string | null;
}
