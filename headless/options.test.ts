import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_HOST, DEFAULT_PORT, loadOrCreateToken, OptionsError, parseServeArgs, type ServeEnvironment } from './options.js';

const environment = (env: Record<string, string> = {}): ServeEnvironment => ({ env, homeDir: '/home/frontdesk', cwd: '/srv/sentinel' });

describe('parseServeArgs', () => {
  it('uses the documented defaults when given nothing', () => {
    expect(parseServeArgs([], environment())).toEqual({
      port: DEFAULT_PORT,
      host: DEFAULT_HOST,
      dataDir: '/home/frontdesk/.sentinel-control-room',
      osNotifications: true,
      logLevel: 'info',
      help: false,
    });
  });

  it('turns desktop notifications off with --no-os-notifications', () => {
    expect(parseServeArgs(['--no-os-notifications'], environment()).osNotifications).toBe(false);
  });

  it('reads every flag, in both --flag value and --flag=value forms', () => {
    const options = parseServeArgs(
      ['--port=0', '--host', '::1', '--data-dir', '/var/sentinel', '--token', 'abc-DEF_123-abc-DEF_123-abc-DEF_123', '--log-level=debug'],
      environment(),
    );
    expect(options).toEqual({
      port: 0,
      host: '::1',
      dataDir: '/var/sentinel',
      token: { value: 'abc-DEF_123-abc-DEF_123-abc-DEF_123', source: 'flag' },
      osNotifications: true,
      logLevel: 'debug',
      help: false,
    });
  });

  it('takes the data folder from SENTINEL_DATA_DIR unless --data-dir is given, and resolves it against the working folder', () => {
    expect(parseServeArgs([], environment({ SENTINEL_DATA_DIR: 'data' })).dataDir).toBe('/srv/sentinel/data');
    expect(parseServeArgs(['--data-dir', '/elsewhere'], environment({ SENTINEL_DATA_DIR: 'data' })).dataDir).toBe('/elsewhere');
  });

  it('takes the token from --token first, then from SENTINEL_TOKEN', () => {
    expect(parseServeArgs([], environment({ SENTINEL_TOKEN: 'from-env-0123456789-0123456789-0123' })).token).toEqual({ value: 'from-env-0123456789-0123456789-0123', source: 'env' });
    expect(parseServeArgs(['--token', 'from-flag-0123456789-0123456789-012'], environment({ SENTINEL_TOKEN: 'from-env-0123456789-0123456789-0123' })).token).toEqual({
      value: 'from-flag-0123456789-0123456789-012',
      source: 'flag',
    });
    expect(parseServeArgs([], environment({ SENTINEL_TOKEN: '' })).token).toBeUndefined();
  });

  it.each(['abc', '-1', '65536', '1e3', '80.5', '', ' 80'])('refuses the port "%s" with a message naming --port', (port) => {
    expect(() => parseServeArgs([`--port=${port}`], environment())).toThrow(OptionsError);
    expect(() => parseServeArgs([`--port=${port}`], environment())).toThrow(/--port must be a whole number from 0 to 65535/);
  });

  it('refuses unknown flags, stray words and flags without a value, and shows the usage', () => {
    expect(() => parseServeArgs(['--prot', '80'], environment())).toThrow(/Unknown option '--prot'[\s\S]*Usage/);
    expect(() => parseServeArgs(['serve'], environment())).toThrow(OptionsError);
    expect(() => parseServeArgs(['--port'], environment())).toThrow(/--port/);
  });

  it('refuses a token shorter than 32 characters, from the flag, the environment or the file', async () => {
    expect(() => parseServeArgs(['--token', 'short-but-fine-characters'], environment())).toThrow(/--token must be at least 32 characters long \(it has 25\)/);
    expect(() => parseServeArgs([], environment({ SENTINEL_TOKEN: 'x'.repeat(31) }))).toThrow(/SENTINEL_TOKEN must be at least 32/);
    expect(parseServeArgs(['--token', 'x'.repeat(32)], environment()).token?.value).toHaveLength(32);
    const dir = await mkdtemp(join(tmpdir(), 'sentinel-options-'));
    try {
      await writeFile(join(dir, 'api-token'), 'too-short\n');
      expect(() => loadOrCreateToken(dir)).toThrow(/must be at least 32 characters/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('takes a simulator on this machine for demo mode, and refuses one anywhere else', () => {
    expect(parseServeArgs(['--simulator', 'http://127.0.0.1:4318/'], environment()).simulatorUrl).toBe('http://127.0.0.1:4318');
    expect(parseServeArgs([], environment()).simulatorUrl).toBeUndefined();
    expect(() => parseServeArgs(['--simulator', 'https://sandbox.example.com'], environment())).toThrow(/http address on this machine/);
    expect(() => parseServeArgs(['--simulator', 'not a url'], environment())).toThrow(/--simulator must be a URL/);
  });

  it('refuses a token that could not travel in an Authorization header', () => {
    expect(() => parseServeArgs(['--token', 'has space'], environment())).toThrow(/--token may hold only/);
    expect(() => parseServeArgs([], environment({ SENTINEL_TOKEN: 'bad\ntoken' }))).toThrow(/SENTINEL_TOKEN may hold only/);
  });

  it.each(['debug', 'info', 'warn', 'error'])('takes --log-level %s', (level) => {
    expect(parseServeArgs(['--log-level', level], environment()).logLevel).toBe(level);
  });

  it.each(['verbose', 'INFO', 'warning', ''])('refuses the log level "%s", listing the ones it knows', (level) => {
    expect(() => parseServeArgs([`--log-level=${level}`], environment())).toThrow(OptionsError);
    expect(() => parseServeArgs([`--log-level=${level}`], environment())).toThrow(
      `--log-level must be one of debug, info, warn, error, not "${level}"`,
    );
  });

  it('takes the hotel’s time zone from --time-zone or $SENTINEL_TIME_ZONE, and refuses one the platform does not know', () => {
    expect(parseServeArgs(['--time-zone', 'Pacific/Auckland'], environment()).timeZone).toBe('Pacific/Auckland');
    expect(parseServeArgs([], environment({ SENTINEL_TIME_ZONE: 'Europe/Lisbon' })).timeZone).toBe('Europe/Lisbon');
    expect(parseServeArgs([], environment()).timeZone).toBeUndefined();
    expect(() => parseServeArgs(['--time-zone', 'Mars/Olympus'], environment())).toThrow(
      '--time-zone: "Mars/Olympus" is not a time zone (use an IANA name such as Europe/Lisbon)',
    );
  });

  it('refuses an empty host', () => {
    expect(() => parseServeArgs(['--host', ''], environment())).toThrow(/--host needs an address/);
  });
});

describe('loadOrCreateToken', () => {
  let dir: string;
  afterEach(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('creates a random token readable only by its owner, then keeps returning it', async () => {
    dir = await mkdtemp(join(tmpdir(), 'sentinel-options-'));
    const dataDir = join(dir, 'data');
    const created = loadOrCreateToken(dataDir);
    expect(created.source).toBe('generated');
    expect(created.path).toBe(join(dataDir, 'api-token'));
    // 32 bytes in base64url.
    expect(created.value).toMatch(/^[A-Za-z0-9_-]{43}$/);
    if (process.platform !== 'win32') expect((await stat(created.path)).mode & 0o777).toBe(0o600);
    expect((await readFile(created.path, 'utf8')).trim()).toBe(created.value);

    expect(loadOrCreateToken(dataDir)).toEqual({ value: created.value, source: 'file', path: created.path });
    expect(loadOrCreateToken(join(dir, 'other')).value).not.toBe(created.value);
  });

  it('reads a token someone wrote by hand, ignoring the line break', async () => {
    dir = await mkdtemp(join(tmpdir(), 'sentinel-options-'));
    await writeFile(join(dir, 'api-token'), 'hand-made-token-0123456789-0123456789\n');
    expect(loadOrCreateToken(dir)).toMatchObject({ value: 'hand-made-token-0123456789-0123456789', source: 'file' });
  });

  it('refuses an empty token file rather than silently replacing it', async () => {
    dir = await mkdtemp(join(tmpdir(), 'sentinel-options-'));
    await writeFile(join(dir, 'api-token'), '\n');
    expect(() => loadOrCreateToken(dir)).toThrow(/is empty; delete it/);
  });
});
