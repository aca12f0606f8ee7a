import { join } from 'node:path';
import { systemClock, type Clock } from '../clock.js';
import { LOG_LEVELS, type Logger, type LogLevel } from '../logger.js';
import { formatLogLine } from './log-line.js';
import { openRotatingFile, type RotatingFile } from './rotating-file.js';

export const LOG_FILE_NAME = 'sentinel.log';
/** 5 files of 5 MB: weeks of a normal hotel's entries, and never more than 25 MB of disk. */
export const DEFAULT_MAX_LOG_BYTES = 5 * 1024 * 1024;
export const DEFAULT_MAX_LOG_FILES = 5;
const DEFAULT_RETRY_MS = 60_000;

export interface FileLoggerOptions {
  /** The folder of `sentinel.log` and its rotated copies; made if missing. */
  dir: string;
  /** The least serious entry written (default info). */
  level?: LogLevel;
  /** The size at which the file is rotated (default 5 MB). */
  maxBytes?: number;
  /** Files kept, the current one included (default 5: `sentinel.log`, `sentinel.1.log` … `sentinel.4.log`). */
  maxFiles?: number;
  /** Also write every entry to stderr, where a terminal or a service manager shows it. */
  echo?: boolean;
  /** After the file failed, entries go to stderr this long before the file is tried again (default 1 min). */
  retryMs?: number;
  clock?: Pick<Clock, 'now'>;
  /** Where stderr is; tests pass a recorder. */
  stderr?: (text: string) => void;
}

export interface FileLogger extends Logger {
  /** The current log file, named in messages that send a person to the log. */
  readonly location: string;
  debug(message: string, fields?: Record<string, unknown>): void;
  /** Closes the file; an entry logged afterwards opens it again. */
  close(): void;
}

/**
 * JSON lines in `<dir>/sentinel.log`, rotated by size. Writes are synchronous (see
 * rotating-file.ts): a few entries a minute cost microseconds each, and a crash keeps the entry
 * that explains it. Logging never throws into the caller: when the file cannot be written (disk
 * full, folder gone or unwritable) one note says so on stderr, entries go to stderr meanwhile,
 * and the file is tried again every `retryMs`.
 */
export function createFileLogger(options: FileLoggerOptions): FileLogger {
  const clock = options.clock ?? systemClock;
  const retryMs = options.retryMs ?? DEFAULT_RETRY_MS;
  const minimum = LOG_LEVELS.indexOf(options.level ?? 'info');
  const location = join(options.dir, LOG_FILE_NAME);
  const stderr = (text: string) => {
    try {
      (options.stderr ?? ((line: string) => process.stderr.write(line)))(text);
    } catch {
      // stderr closed (a detached process): there is nowhere left to tell.
    }
  };
  let file: RotatingFile | undefined;
  /** Since when entries have gone to stderr, and when the file was last tried. */
  let failure: { since: number; lastTry: number } | undefined;

  const fail = (error: unknown) => {
    const now = clock.now();
    if (!failure) {
      stderr(
        formatLogLine('error', 'the log file cannot be written; log entries go to stderr until it can', {
          location,
          reason: error instanceof Error ? error.message : String(error),
          retryInMs: retryMs,
        }),
      );
    }
    failure = { since: failure?.since ?? now, lastTry: now };
    try {
      file?.close();
    } catch {
      // The descriptor is already unusable; it is dropped either way.
    }
    file = undefined;
  };

  /** Appends to the file, opening it if needed; false when the entry must go elsewhere. */
  const toFile = (line?: string): boolean => {
    if (!file && failure && clock.now() - failure.lastTry < retryMs) return false;
    try {
      if (!file) {
        file = openRotatingFile({
          dir: options.dir,
          name: LOG_FILE_NAME,
          maxBytes: options.maxBytes ?? DEFAULT_MAX_LOG_BYTES,
          maxFiles: options.maxFiles ?? DEFAULT_MAX_LOG_FILES,
        });
        if (failure) {
          const since = new Date(failure.since).toISOString();
          const note = 'the log file can be written again; the entries since then went to stderr';
          file.append(formatLogLine('warn', note, { since }, new Date(clock.now())));
          failure = undefined;
        }
      }
      if (line !== undefined) file.append(line);
      return true;
    } catch (error) {
      fail(error);
      return false;
    }
  };

  const write = (level: LogLevel, message: string, fields?: Record<string, unknown>) => {
    if (LOG_LEVELS.indexOf(level) < minimum) return;
    const line = formatLogLine(level, message, fields, new Date(clock.now()));
    if (options.echo) stderr(line);
    if (!toFile(line) && !options.echo) stderr(line);
  };

  // Opened now, so a folder that cannot hold the log is reported at start, not at the first entry.
  toFile();
  return {
    location,
    debug: (message, fields) => write('debug', message, fields),
    info: (message, fields) => write('info', message, fields),
    warn: (message, fields) => write('warn', message, fields),
    error: (message, fields) => write('error', message, fields),
    close() {
      try {
        file?.close();
      } catch {
        // Closing is best effort.
      }
      file = undefined;
    },
  };
}
