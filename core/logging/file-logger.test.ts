import { existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../testing/manual-clock.js';
import { makeTempDir } from '../testing/temp-dir.js';
import { createFileLogger, type FileLogger, type FileLoggerOptions } from './file-logger.js';

let dir: ReturnType<typeof makeTempDir>;
let stderr: string[];
const loggers: FileLogger[] = [];

beforeEach(() => {
  dir = makeTempDir('sentinel-log-');
  stderr = [];
});
afterEach(() => {
  for (const logger of loggers.splice(0)) logger.close();
  dir.remove();
});

function open(options: Partial<FileLoggerOptions> = {}): FileLogger {
  const logger = createFileLogger({ dir: join(dir.path, 'logs'), stderr: (text) => stderr.push(text), ...options });
  loggers.push(logger);
  return logger;
}

const linesOf = (path: string) => (existsSync(path) ? readFileSync(path, 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line)) : []);
const logFile = (name = 'sentinel.log') => join(dir.path, 'logs', name);

describe('the file logger', () => {
  it('appends one JSON line per entry to <dir>/sentinel.log, with time, level, message and fields', () => {
    const clock = new ManualClock(Date.UTC(2026, 2, 1, 8, 30));
    const logger = open({ clock });
    logger.info('schedule fired', { schedule: 'nightly' });
    logger.error('call failed', { call: 'jobs/list', nested: { attempt: 2 } });

    expect(logger.location).toBe(logFile());
    expect(linesOf(logFile())).toEqual([
      { time: '2026-03-01T08:30:00.000Z', level: 'info', message: 'schedule fired', schedule: 'nightly' },
      { time: '2026-03-01T08:30:00.000Z', level: 'error', message: 'call failed', call: 'jobs/list', nested: { attempt: 2 } },
    ]);
    expect(stderr).toEqual([]);
  });

  it('makes the folder, readable by its owner only, and keeps what an earlier run wrote', () => {
    open().info('first run');
    loggers.pop()!.close();
    open().info('second run');
    expect(linesOf(logFile()).map((entry) => entry.message)).toEqual(['first run', 'second run']);
    if (process.platform !== 'win32') expect(statSync(logFile()).mode & 0o777).toBe(0o600);
  });

  it('has every line on disk as soon as the call returns, before any close', () => {
    const logger = open();
    logger.warn('just before a crash');
    expect(readFileSync(logFile(), 'utf8')).toContain('"message":"just before a crash"');
  });

  it('writes the minimum level and above, and nothing below it', () => {
    const logger = open({ level: 'warn' });
    logger.debug('detail');
    logger.info('routine');
    logger.warn('odd');
    logger.error('broken');
    expect(linesOf(logFile()).map((entry) => entry.level)).toEqual(['warn', 'error']);

    const chatty = open({ dir: join(dir.path, 'debug'), level: 'debug' });
    chatty.debug('detail');
    expect(linesOf(join(dir.path, 'debug', 'sentinel.log')).map((entry) => entry.message)).toEqual(['detail']);
  });

  it('keeps a field named like its own keys without letting it replace them', () => {
    open().info('the real message', { message: 'a field', level: 'fake', time: 0 });
    expect(linesOf(logFile())).toEqual([
      expect.objectContaining({ message: 'the real message', level: 'info', _message: 'a field', _level: 'fake', _time: 0 }),
    ]);
  });

  it('rotates by size to sentinel.1.log, sentinel.2.log…, keeping maxFiles files and dropping the oldest', () => {
    const logger = open({ maxBytes: 1000, maxFiles: 3 });
    // About 120 bytes a line: 60 lines fill seven files, of which three are kept.
    for (let n = 0; n < 60; n += 1) logger.info('entry', { n, padding: 'x'.repeat(30) });

    expect(readdirSync(join(dir.path, 'logs')).sort()).toEqual(['sentinel.1.log', 'sentinel.2.log', 'sentinel.log']);
    const kept = [logFile('sentinel.2.log'), logFile('sentinel.1.log'), logFile()];
    for (const file of kept) expect(statSync(file).size).toBeLessThanOrEqual(1000);
    // Oldest to newest, without gaps, ending with the last entry.
    const numbers = kept.flatMap((file) => linesOf(file).map((entry) => entry.n as number));
    expect(numbers.at(-1)).toBe(59);
    expect(numbers).toEqual(numbers.map((_, i) => numbers[0]! + i));
    expect(numbers[0]).toBeGreaterThan(0);
    // A file was rotated only when the next line would not fit: the rotated ones are full.
    const lineBytes = Buffer.byteLength(readFileSync(logFile(), 'utf8').split('\n')[0]!) + 1;
    for (const file of kept.slice(0, 2)) expect(statSync(file).size).toBeGreaterThan(1000 - lineBytes - 1);
  });

  it('counts what an earlier run left in the file towards the size', () => {
    open({ maxBytes: 1000 }).info('old', { padding: 'x'.repeat(900) });
    loggers.pop()!.close();
    open({ maxBytes: 1000 }).info('new', { padding: 'x'.repeat(200) });
    expect(linesOf(logFile()).map((entry) => entry.message)).toEqual(['new']);
    expect(linesOf(logFile('sentinel.1.log')).map((entry) => entry.message)).toEqual(['old']);
  });

  it('writes a line longer than the limit whole, alone in a fresh file', () => {
    const logger = open({ maxBytes: 200 });
    logger.info('short');
    logger.info('long', { padding: 'x'.repeat(500) });
    expect(linesOf(logFile()).map((entry) => entry.message)).toEqual(['long']);
    expect(linesOf(logFile('sentinel.1.log')).map((entry) => entry.message)).toEqual(['short']);
  });

  it('also writes each entry to stderr when asked to echo', () => {
    const logger = open({ echo: true, level: 'info' });
    logger.info('both places');
    logger.debug('neither');
    expect(stderr).toHaveLength(1);
    expect(JSON.parse(stderr[0]!)).toMatchObject({ level: 'info', message: 'both places' });
    expect(linesOf(logFile())).toHaveLength(1);
  });
});

describe('when the log cannot be written', () => {
  it('never throws, says so once on stderr naming the file, and sends the entries to stderr', () => {
    // A file where the folder should be: nothing can be made inside it.
    writeFileSync(join(dir.path, 'logs'), 'in the way');
    let logger!: FileLogger;
    expect(() => {
      logger = open();
      logger.info('one');
      logger.error('two', { call: 'jobs/list' });
    }).not.toThrow();

    const entries = stderr.map((line) => JSON.parse(line));
    expect(entries).toEqual([
      expect.objectContaining({ level: 'error', message: expect.stringMatching(/log file cannot be written/), location: logFile() }),
      expect.objectContaining({ level: 'info', message: 'one' }),
      expect.objectContaining({ level: 'error', message: 'two', call: 'jobs/list' }),
    ]);
    expect(logger.location).toBe(logFile());
  });

  it('does not write an entry twice to stderr when it already echoes there', () => {
    writeFileSync(join(dir.path, 'logs'), 'in the way');
    open({ echo: true }).info('once');
    expect(stderr.filter((line) => line.includes('"once"'))).toHaveLength(1);
  });

  it('tries the file again after a while, and notes there the time its entries went to stderr', async () => {
    const clock = new ManualClock();
    writeFileSync(join(dir.path, 'logs'), 'in the way');
    const logger = open({ clock, retryMs: 60_000 });
    logger.info('while blocked');
    await clock.advance(60_000);
    logger.info('retried, still blocked');
    rmSync(join(dir.path, 'logs'));
    await clock.advance(30_000);
    logger.info('still too soon');
    expect(existsSync(logFile())).toBe(false);

    await clock.advance(30_000);
    logger.info('back in the file');
    expect(linesOf(logFile())).toEqual([
      expect.objectContaining({ level: 'warn', message: expect.stringMatching(/can be written again/) }),
      expect.objectContaining({ message: 'back in the file' }),
    ]);
    // One note for the whole time, however many retries failed.
    expect(stderr.filter((line) => line.includes('cannot be written'))).toHaveLength(1);
    expect(stderr.join('')).toContain('still too soon');
    expect(linesOf(logFile())[0].since).toBe(new Date(clock.now() - 120_000).toISOString());
  });

  it('carries on when its folder is deleted under it, making it again at the next rotation', () => {
    const logger = open({ maxBytes: 300 });
    logger.info('before');
    rmSync(join(dir.path, 'logs'), { recursive: true, force: true });
    expect(() => {
      for (let n = 0; n < 10; n += 1) logger.info('after', { n, padding: 'x'.repeat(50) });
    }).not.toThrow();
    expect(linesOf(logFile()).at(-1)).toMatchObject({ message: 'after', n: 9 });
  });
});
