import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { checkTimeZone } from '../core/hotel-calendar.js';
import { isLogLevel, LOG_LEVELS, type LogLevel } from '../core/logger.js';
import { DEFAULT_MAX_LOG_BYTES, DEFAULT_MAX_LOG_FILES, LOG_FILE_NAME } from '../core/logging/file-logger.js';
import { rotatedName } from '../core/logging/rotating-file.js';

/** The command line could not be understood; the message says what to change. */
export class OptionsError extends Error {
  readonly kind = 'options';
}

export const DEFAULT_PORT = 4317;
export const DEFAULT_HOST = '127.0.0.1';
export const DATA_DIR_NAME = '.sentinel-control-room';
export const TOKEN_FILE = 'api-token';
/** The log's folder inside the data folder. */
export const LOGS_DIR = 'logs';
export const DEFAULT_LOG_LEVEL: LogLevel = 'info';

const MB = 1024 * 1024;

export const USAGE = `Usage: serve [--port P] [--host H] [--data-dir D] [--token T] [--time-zone Z] [--log-level L] [--simulator URL] [--config FILE] [--no-os-notifications]
  --port      port to listen on (default ${DEFAULT_PORT}; 0 picks a free port)
  --host      address to listen on (default ${DEFAULT_HOST})
  --data-dir  folder of the database, the API token and the log (default $SENTINEL_DATA_DIR or ~/${DATA_DIR_NAME})
  --token     API token (default $SENTINEL_TOKEN, else <data-dir>/${TOKEN_FILE}, created if missing)
  --time-zone the hotel's IANA time zone at a first start, e.g. Europe/Lisbon (default $SENTINEL_TIME_ZONE, else UTC);
              from then on Settings keep it (change it there, or in --config)
  --log-level the least serious log entry written: ${LOG_LEVELS.join(', ')} (default ${DEFAULT_LOG_LEVEL})
  --simulator demo mode against the simulated hotel at URL (one from npm run sandbox) instead of one started inside
  --config    a JSON file of settings applied at every start (property, connections with credentials, schedules,
              notifications; see the README); checked first, naming any field at fault
  --no-os-notifications  show notifications only in the app, not as desktop notifications
Live credentials are kept encrypted in <data-dir>/secrets.json (mode 0600), with a key from $SENTINEL_SECRET_KEY when
  set, else from <data-dir>/secret-key.
The log: JSON lines in <data-dir>/${LOGS_DIR}/${LOG_FILE_NAME}, and on stderr, from --log-level up. At
  ${DEFAULT_MAX_LOG_BYTES / MB} MB the file moves to ${rotatedName(LOG_FILE_NAME, 1)}; ${DEFAULT_MAX_LOG_FILES} files are kept \
(up to ${rotatedName(LOG_FILE_NAME, DEFAULT_MAX_LOG_FILES - 1)}). Secrets are never logged.`;

export interface ServeOptions {
  port: number;
  host: string;
  /** Absolute. */
  dataDir: string;
  /** From `--token` or `$SENTINEL_TOKEN`; otherwise read or created with `loadOrCreateToken`. */
  token?: { value: string; source: 'flag' | 'env' };
  /** Show new notifications as desktop notifications too (on unless --no-os-notifications). */
  osNotifications: boolean;
  /** The least serious entry written to the log and stderr. */
  logLevel: LogLevel;
  /** The hotel's IANA zone (`--time-zone`, `$SENTINEL_TIME_ZONE`); the core's default (UTC) when neither says. */
  timeZone?: string;
  /** A simulator running elsewhere to use in demo mode, instead of one started inside. */
  simulatorUrl?: string;
  /** Absolute path of the `--config` JSON file. */
  configPath?: string;
  /** `$SENTINEL_SECRET_KEY`: the key the secrets file is encrypted with. */
  secretKey?: string;
  help: boolean;
}

/** Where the machine-dependent defaults come from, passed in so parsing stays pure. */
export interface ServeEnvironment {
  env: Record<string, string | undefined>;
  homeDir: string;
  cwd: string;
}

// A bearer token is sent in a header as is: RFC 6750's b64token characters only.
const TOKEN_PATTERN = /^[A-Za-z0-9\-._~+/]+=*$/;

/** Reads the command line of the headless host; throws OptionsError for anything it cannot use. */
export function parseServeArgs(argv: string[], environment: ServeEnvironment): ServeOptions {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        'data-dir': { type: 'string' },
        token: { type: 'string' },
        'log-level': { type: 'string' },
        'time-zone': { type: 'string' },
        simulator: { type: 'string' },
        config: { type: 'string' },
        // Node 20's parseArgs has no negated booleans, so the "no-" form is its own flag.
        'no-os-notifications': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    // parseArgs explains itself well ("Unknown option '--prot'"); only the usage is added.
    throw new OptionsError(`${(error as Error).message}\n${USAGE}`);
  }

  const host = values.host ?? DEFAULT_HOST;
  if (host.trim() === '') throw new OptionsError('--host needs an address, such as 127.0.0.1');
  const dataDir = values['data-dir'] ?? nonEmpty(environment.env.SENTINEL_DATA_DIR) ?? join(environment.homeDir, DATA_DIR_NAME);
  if (dataDir.trim() === '') throw new OptionsError('--data-dir needs a folder');

  const flagToken = values.token;
  const envToken = nonEmpty(environment.env.SENTINEL_TOKEN);
  let token: ServeOptions['token'];
  if (flagToken !== undefined) token = { value: checkToken(flagToken, '--token'), source: 'flag' };
  else if (envToken !== undefined) token = { value: checkToken(envToken, 'SENTINEL_TOKEN'), source: 'env' };

  return {
    port: parsePort(values.port),
    host,
    dataDir: resolve(environment.cwd, dataDir),
    ...(token ? { token } : {}),
    osNotifications: !(values['no-os-notifications'] ?? false),
    logLevel: parseLogLevel(values['log-level']),
    ...timeZoneOf(values['time-zone'] ?? nonEmpty(environment.env.SENTINEL_TIME_ZONE)),
    ...(values.simulator !== undefined ? { simulatorUrl: parseSimulatorUrl(values.simulator) } : {}),
    ...(values.config !== undefined ? { configPath: resolve(environment.cwd, values.config) } : {}),
    ...(nonEmpty(environment.env.SENTINEL_SECRET_KEY) !== undefined ? { secretKey: environment.env.SENTINEL_SECRET_KEY! } : {}),
    help: values.help ?? false,
  };
}

/** A simulator's address: http on this machine only, where the demo's traffic must stay. */
function parseSimulatorUrl(text: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new OptionsError(`--simulator must be a URL such as http://127.0.0.1:4318, not "${text}"`);
  }
  if (url.protocol !== 'http:' || !['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname)) {
    throw new OptionsError(`--simulator must be an http address on this machine (127.0.0.1, localhost or [::1]), not "${text}"`);
  }
  return url.origin;
}

export function parsePort(text: string | undefined): number {
  if (text === undefined) return DEFAULT_PORT;
  const port = /^\d{1,5}$/.test(text) ? Number(text) : NaN;
  if (!(port >= 0 && port <= 65535)) {
    throw new OptionsError(`--port must be a whole number from 0 to 65535 (0 picks a free port), not "${text}"`);
  }
  return port;
}

function timeZoneOf(text: string | undefined): { timeZone?: string } {
  if (text === undefined) return {};
  try {
    return { timeZone: checkTimeZone(text) };
  } catch (error) {
    throw new OptionsError(`--time-zone: ${(error as Error).message}`);
  }
}

export function parseLogLevel(text: string | undefined): LogLevel {
  if (text === undefined) return DEFAULT_LOG_LEVEL;
  if (!isLogLevel(text)) throw new OptionsError(`--log-level must be one of ${LOG_LEVELS.join(', ')}, not "${text}"`);
  return text;
}

/** A shorter token can be guessed over the loopback faster than anyone would notice. */
export const MIN_TOKEN_LENGTH = 32;

function checkToken(token: string, from: string): string {
  if (!TOKEN_PATTERN.test(token)) {
    throw new OptionsError(`${from} may hold only letters, digits and - . _ ~ + / (then = padding), without spaces`);
  }
  if (token.length < MIN_TOKEN_LENGTH) {
    throw new OptionsError(`${from} must be at least ${MIN_TOKEN_LENGTH} characters long (it has ${token.length}); leave it out to have one made`);
  }
  return token;
}

function nonEmpty(text: string | undefined): string | undefined {
  return text === undefined || text === '' ? undefined : text;
}

export interface LoadedToken {
  value: string;
  source: 'file' | 'generated';
  /** The file it was read from or written to. */
  path: string;
}

/**
 * The token kept in `<dataDir>/api-token`, created (32 random bytes, base64url, mode 0600) the
 * first time so the same token keeps working across restarts.
 */
export function loadOrCreateToken(dataDir: string): LoadedToken {
  const path = join(dataDir, TOKEN_FILE);
  const existing = readTokenFile(path);
  if (existing !== undefined) return { value: existing, source: 'file', path };
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const value = randomBytes(32).toString('base64url');
  try {
    // `wx`: if another process created the file a moment ago, its token wins.
    writeFileSync(path, `${value}\n`, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    const raced = (error as NodeJS.ErrnoException).code === 'EEXIST' ? readTokenFile(path) : undefined;
    if (raced !== undefined) return { value: raced, source: 'file', path };
    throw new OptionsError(`Could not save the API token to ${path}: ${(error as Error).message}`);
  }
  return { value, source: 'generated', path };
}

function readTokenFile(path: string): string | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8').trim();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new OptionsError(`Could not read the API token from ${path}: ${(error as Error).message}`);
  }
  if (text === '') throw new OptionsError(`The API token file ${path} is empty; delete it to have a new token made`);
  return checkToken(text, path);
}
