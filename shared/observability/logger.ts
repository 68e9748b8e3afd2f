/** Structured one-line JSON logs. Never log request bodies, tokens, passwords or codes. */
type Level = 'debug' | 'info' | 'warn' | 'error';
const order: Record<Level, number> = { debug: 10, info: 20, warn: 30, error: 40 };
const threshold = order[(process.env.LOG_LEVEL?.toLowerCase() as Level) ?? 'info'] ?? order.info;
let context: Record<string, unknown> = {};
/** API key text (`sbk_<userId>_<keyId>_<secret>`, #domain/api-key.ts), wherever it appears in a line. */
const API_KEY_TEXT = /sbk_[0-9A-Za-z_]+/g;

function write(level: Level, message: string, fields?: Record<string, unknown>): void {
  if (order[level] < threshold || process.env.LOG_LEVEL === 'silent') return;
  // a system user's API key that reached a log line anyway (an error message, a path) is cut to its marker
  const line = JSON.stringify({ level, message, time: new Date().toISOString(), ...context, ...fields }).replace(
    API_KEY_TEXT,
    'sbk_[redacted]',
  );
  (level === 'error' ? console.error : console.log)(line);
}

export const logger = {
  debug: (m: string, f?: Record<string, unknown>) => write('debug', m, f),
  info: (m: string, f?: Record<string, unknown>) => write('info', m, f),
  warn: (m: string, f?: Record<string, unknown>) => write('warn', m, f),
  error: (m: string, f?: Record<string, unknown>) => write('error', m, f),
  /** Fields added to every line of the current invocation (request id, operation). */
  setContext: (fields: Record<string, unknown>) => {
    context = fields;
  },
};
