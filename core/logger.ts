import { formatLogLine } from './logging/log-line.js';

/** How serious an entry is, least first: a logger writes its minimum level and those above. */
export const LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export function isLogLevel(text: string): text is LogLevel {
  return (LOG_LEVELS as readonly string[]).includes(text);
}

/**
 * What the core and the hosts log through. Every logger redacts secrets (see
 * `logging/redact.ts`), so a field named `token` or a `Bearer …` in a message is never written.
 */
export interface Logger {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
  /** Detail for a person chasing a problem; optional, so call it as `logger.debug?.(…)`. */
  debug?(message: string, fields?: Record<string, unknown>): void;
  /** The file this logger writes to, for messages that send a person to the log. */
  readonly location?: string;
}

/** One JSON line per entry on stderr, so stdout stays for what a host prints on purpose. */
export const consoleLogger: Logger = {
  info: (message, fields) => write('info', message, fields),
  warn: (message, fields) => write('warn', message, fields),
  error: (message, fields) => write('error', message, fields),
};

function write(level: LogLevel, message: string, fields?: Record<string, unknown>): void {
  process.stderr.write(formatLogLine(level, message, fields));
}

export const silentLogger: Logger = { info() {}, warn() {}, error() {} };

/** "its log", naming the file when the logger has one: the end of a "something went wrong" message. */
export function itsLog(logger: Logger): string {
  return logger.location ? `its log (${logger.location})` : 'its log';
}
