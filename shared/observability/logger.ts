/**
 * Structured one-line JSON logs through one Powertools Logger (service `switchboard`). Never log request bodies,
 * tokens, passwords or codes: what slips through anyway is cut by the replacer below.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import type { Context } from 'aws-lambda';

/** API key text (`sbk_<userId>_<keyId>_<secret>`, #domain/api-key.ts), wherever it appears in a line. */
const API_KEY_TEXT = /sbk_[0-9A-Za-z_]+/g;
/** Secrets inside text: link parameters (`?token=`, `otpauth://…?secret=`), bearer credentials, JWTs. */
const SECRET_TEXT: [RegExp, string][] = [
  [/([?&](?:token|secret|code|password|key|sig|signature)=)[^&#\s"']+/gi, '$1[redacted]'],
  [/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/g, '$1 [redacted]'],
  [/\beyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*/g, '[redacted-jwt]'],
];
/** Words that make a field secret-like, whatever else its name says (`accessToken`, `set-cookie`, `totp_code`). */
const SECRET_WORD =
  /^(passwords?|passwd|passcodes?|tokens?|secrets?|authorization|cookies?|otps?|totp|pins?|sessions?|csrf|jwts?|grants?)$/;
/** Whole names that are secrets though no single word says so (the operator key, a private key). */
const SECRET_NAME = /^(x-?)?(operator|private|signing|sealing|encryption)-?keys?$/;
/**
 * `code` is a secret as a name of its own or after one of these words (`verificationCode`, `mfa_code`), not as a
 * status, country or error code, which diagnosing a failure needs.
 */
const SECRET_CODE_KIND = /^(verification|confirmation|mfa|otp|totp|auth|authorization|reset|recovery|backup|setup)$/;
const words = (name: string) =>
  name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);

/** Whether a field's value is replaced by `[redacted]` in every line, by its name alone. */
export function isSecretField(name: string): boolean {
  const parts = words(name);
  if (parts.some((word) => SECRET_WORD.test(word)) || SECRET_NAME.test(parts.join('-'))) return true;
  const last = parts.length - 1;
  return parts[last] === 'code' && (last === 0 || SECRET_CODE_KIND.test(parts[last - 1]));
}

/** Secrets cut from a string; the cheap tests first, so most strings pass untouched. */
function redactText(value: string): string {
  let text = value.includes('sbk_') ? value.replace(API_KEY_TEXT, 'sbk_[redacted]') : value;
  if (text.includes('=') || text.includes('Bearer') || text.includes('Basic') || text.includes('eyJ'))
    for (const [pattern, replacement] of SECRET_TEXT) text = text.replace(pattern, replacement);
  return text;
}

/** Powertools' JSON replacer: secret-like fields are dropped to a marker, and secrets are cut from any string. */
export function redact(key: string, value: unknown): unknown {
  if (key !== '' && value !== undefined && value !== null && value !== '' && isSecretField(key)) return '[redacted]';
  return typeof value === 'string' ? redactText(value) : value;
}

/** `POWERTOOLS_LOG_LEVEL`, else `LOG_LEVEL`, else info; `silent` writes nothing. Read once, at load. */
const levelSetting = (process.env.POWERTOOLS_LOG_LEVEL || process.env.LOG_LEVEL || 'INFO').toUpperCase();

// the level given upper-cased (Powertools takes `silent` from the environment only as `SILENT`); the debug sample rate
// comes from POWERTOOLS_LOGGER_SAMPLE_RATE, read by Powertools
let powertools = new Logger({ serviceName: 'switchboard', logLevel: levelSetting as 'INFO', jsonReplacerFn: redact });

type Fields = Record<string, unknown>;

export const logger = {
  debug: (message: string, fields?: Fields) => powertools.debug(message, fields ?? {}),
  info: (message: string, fields?: Fields) => powertools.info(message, fields ?? {}),
  warn: (message: string, fields?: Fields) => powertools.warn(message, fields ?? {}),
  error: (message: string, fields?: Fields) => powertools.error(message, fields ?? {}),
  /**
   * The start of an invocation: the last one's keys are dropped, debug sampling is decided anew, Lambda's request id
   * (`function_request_id`) and the given keys go on every line until the next one.
   */
  startInvocation(context: Context | undefined, keys: Fields): void {
    powertools.resetKeys();
    powertools.refreshSampleRateCalculation();
    if (context) powertools.addContext(context);
    powertools.appendKeys(keys);
  },
  /** Keys learnt during the invocation (the caller, once authenticated), on every line after this one. */
  appendKeys(keys: Fields): void {
    powertools.appendKeys(keys);
  },
  /**
   * The level from now on (`debug` … `error`, `silent`): for tests; a function keeps the one it loaded with. A child
   * logger (same keys, context, sampling and replacer) takes it, since each invocation's sampling decision resets the
   * level to the logger's initial one.
   */
  setLevel(level: string): void {
    powertools = powertools.createChild({ logLevel: level.toUpperCase() as 'INFO' });
  },
};
