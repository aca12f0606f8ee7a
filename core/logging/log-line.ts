import type { LogLevel } from '../logger.js';
import { redactFields, redactText } from './redact.js';

/** Written first on every line; a field of the same name is kept as `_time`, `_level`, `_message`. */
const OWN_KEYS = new Set(['time', 'level', 'message']);

/**
 * One entry as one JSON line, `{time, level, message, ...fields}\n`, secrets redacted. Never
 * throws: fields that cannot be serialised (a getter that throws) are replaced by a note.
 */
export function formatLogLine(level: LogLevel, message: string, fields?: Record<string, unknown>, now = new Date()): string {
  const time = (Number.isNaN(now.getTime()) ? new Date() : now).toISOString();
  try {
    const entry: Record<string, unknown> = { time, level, message: redactText(String(message)) };
    for (const [name, value] of Object.entries(redactFields(fields ?? {}))) entry[OWN_KEYS.has(name) ? `_${name}` : name] = value;
    return `${JSON.stringify(entry)}\n`;
  } catch (error) {
    const text = typeof message === 'string' ? redactText(message) : '[the message could not be written]';
    const logError = `the fields could not be written: ${error instanceof Error ? error.message : typeof error}`;
    return `${JSON.stringify({ time, level, message: text, logError })}\n`;
  }
}
