/**
 * Structured one-line JSON logs through one Powertools Logger (service `switchboard`). Never log request bodies,
 * tokens, passwords or codes: what slips through anyway is cut by the replacer below.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import type { Context } from 'aws-lambda';

/** API key text (`sbk_<userId>_<keyId>_<secret>`, #domain/api-key.ts), wherever it appears in a line. */
const API_KEY_TEXT = /sbk_[0-9A-Za-z_]+/g;
/** Words that make a field secret-like, whatever else its name says (`accessToken`, `set-cookie`, `totp_code`). */
const SECRET_WORD =
  /^(passwords?|passwd|passcodes?|tokens?|secrets?|codes?|authorization|cookies?|otps?|totp|pins?|sessions?)$/;
const words = (name: string) =>
  name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/);

/** Whether a field's value is replaced by `[redacted]` in every line, by its name alone. */
export const isSecretField = (name: string): boolean => words(name).some((word) => SECRET_WORD.test(word));

/** Powertools' JSON replacer: secret-like fields are dropped to a marker, and API key text is cut from any string. */
export function redact(key: string, value: unknown): unknown {
  if (key !== '' && value !== undefined && value !== null && value !== '' && isSecretField(key)) return '[redacted]';
  // the cheap test first: the regex runs only on the rare string that holds the marker
  return typeof value === 'string' && value.includes('sbk_') ? value.replace(API_KEY_TEXT, 'sbk_[redacted]') : value;
}

/** `POWERTOOLS_LOG_LEVEL`, else `LOG_LEVEL`, else info; `silent` writes nothing. */
const levelSetting = () => (process.env.POWERTOOLS_LOG_LEVEL || process.env.LOG_LEVEL || 'INFO').toUpperCase();

let level = levelSetting();
// the level given upper-cased (Powertools takes `silent` from the environment only as `SILENT`); the debug sample rate
// comes from POWERTOOLS_LOGGER_SAMPLE_RATE, read by Powertools
let powertools = new Logger({ serviceName: 'switchboard', logLevel: level as 'INFO', jsonReplacerFn: redact });

/**
 * The one Logger, at the level the environment names now. In a function the setting never changes; tests change it
 * at run time, and a child logger (same keys, context, sampling and replacer) then takes the new level.
 */
function current(): Logger {
  const wanted = levelSetting();
  if (wanted !== level) {
    level = wanted;
    powertools = powertools.createChild({ logLevel: wanted as 'INFO' });
  }
  return powertools;
}

type Fields = Record<string, unknown>;

export const logger = {
  debug: (message: string, fields?: Fields) => current().debug(message, fields ?? {}),
  info: (message: string, fields?: Fields) => current().info(message, fields ?? {}),
  warn: (message: string, fields?: Fields) => current().warn(message, fields ?? {}),
  error: (message: string, fields?: Fields) => current().error(message, fields ?? {}),
  /**
   * The start of an invocation: the last one's keys are dropped, debug sampling is decided anew, Lambda's request id
   * (`function_request_id`) and the given keys go on every line until the next one.
   */
  startInvocation(context: Context | undefined, keys: Fields): void {
    const log = current();
    log.resetKeys();
    log.refreshSampleRateCalculation();
    if (context) log.addContext(context);
    log.appendKeys(keys);
  },
  /** Keys learnt during the invocation (the caller, once authenticated), on every line after this one. */
  appendKeys(keys: Fields): void {
    current().appendKeys(keys);
  },
};
