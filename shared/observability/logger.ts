/** Structured one-line JSON logs. Never log request bodies, tokens, passwords or codes. */
type Level = 'debug' | 'info' | 'warn' | 'error';
const order: Record<Level, number> = { debug: 10, info: 20, warn: 30, error: 40 };
const threshold = order[(process.env.LOG_LEVEL?.toLowerCase() as Level) ?? 'info'] ?? order.info;
let context: Record<string, unknown> = {};

function write(level: Level, message: string, fields?: Record<string, unknown>): void {
  if (order[level] < threshold || process.env.LOG_LEVEL === 'silent') return;
  const line = JSON.stringify({ level, message, time: new Date().toISOString(), ...context, ...fields });
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
