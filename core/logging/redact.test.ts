import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { consoleLogger } from '../logger.js';
import { makeTempDir } from '../testing/temp-dir.js';
import { createFileLogger } from './file-logger.js';
import { isSecretName, MAX_STRING_LENGTH, redactText, redactValue } from './redact.js';

/** Every secret below contains this, so one search of the file finds any that leaked. */
const MARK = 'S3CRET';
const secret = (n: number) => `${MARK}${n}x`;

/** Secrets in every shape the code might hand a logger: fields, nesting, errors and text. */
function logSecrets(logger: { error(message: string, fields?: Record<string, unknown>): void }): void {
  let n = 0;
  const names = ['token', 'password', 'secret', 'apiKey', 'api_key', 'API-KEY', 'authorization', 'Authorization', 'refreshToken'];
  const more = ['refresh_token', 'access_token', 'accessToken', 'clientSecret', 'client_secret', 'code', 'CODE', 'Cookie', 'idToken', 'dbPassword'];
  for (const name of [...names, ...more]) logger.error('field', { [name]: secret(n++) });
  logger.error('nested', { request: { headers: { Authorization: `Bearer ${secret(n++)}`, 'x-api-key': secret(n++) } } });
  logger.error('in arrays', { accounts: [{ name: 'Beds24', credentials: { user: 'u', pass: secret(n++) } }, { apiKey: secret(n++) }] });
  logger.error('an object under a secret name', { token: { value: secret(n++), expires: 3600 } });
  logger.error('a map', { settings: new Map([['clientSecret', secret(n++)]]) });
  logger.error(`message with Bearer ${secret(n++)} in it`);
  logger.error('header text', { error: `request failed: authorization: Basic ${secret(n++)}\nstatus 401` });
  logger.error('urls', { url: `https://pms.example/oauth/callback?code=${secret(n++)}&state=ok`, next: `/#token=${secret(n++)}` });
  logger.error('form body', { body: `grant_type=refresh_token&refresh_token=${secret(n++)}&client_id=app` });
  logger.error('json body', { body: `{"access_token":"${secret(n++)}","token_type":"Bearer","expires_in":3600}` });
  logger.error('inspected object', { detail: `{ user: 'frontdesk', password: '${secret(n++)}' }` });
  const thrown = new Error(`Request failed with header Authorization: Bearer ${secret(n++)}`);
  Object.assign(thrown, { config: { headers: { 'x-token': secret(n++) } } });
  logger.error('call failed', { error: thrown });
  logger.error('call failed', { error: new Error('wrapped', { cause: new Error(`refresh_token=${secret(n++)}`) }) });
}

describe('secrets are never logged', () => {
  let dir: ReturnType<typeof makeTempDir> | undefined;
  afterEach(() => {
    dir?.remove();
    vi.restoreAllMocks();
  });

  it('the file logger writes none of them, in any shape, and keeps the rest of the entry', () => {
    dir = makeTempDir('sentinel-log-');
    const logger = createFileLogger({ dir: dir.path, stderr: () => {} });
    logSecrets(logger);
    logger.close();

    expect(readdirSync(dir.path)).toEqual(['sentinel.log']);
    const text = readFileSync(join(dir.path, 'sentinel.log'), 'utf8');
    expect(text).not.toContain(MARK);
    // Redacted, not dropped: the surroundings are still there to read.
    expect(text.split('\n').filter(Boolean)).toHaveLength(31);
    for (const kept of ['state=ok', 'client_id=app', 'expires_in', 'Beds24', 'frontdesk', 'status 401', 'Request failed with header']) {
      expect(text).toContain(kept);
    }
    expect(text).toContain('[redacted]');
  });

  it('the console logger writes none of them either', () => {
    let written = '';
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
      written += String(chunk);
      return true;
    });
    logSecrets(consoleLogger);
    expect(written).not.toContain(MARK);
    expect(written).toContain('state=ok');
  });
});

describe('redaction', () => {
  it('knows secret field names whatever their case, separators or prefix', () => {
    for (const name of ['token', 'Password', 'api_key', 'apiKey', 'X-Api-Key', 'clientSecret', 'refresh_token', 'headers.authorization', 'code']) {
      expect(isSecretName(name), name).toBe(true);
    }
    for (const name of ['call', 'url', 'status', 'tokens', 'lane', 'count', 'errorCode', 'message']) expect(isSecretName(name), name).toBe(false);
  });

  it('leaves ordinary text alone', () => {
    const text = 'job 12 failed: GET https://api.example/rates?room=Deluxe&from=2026-03-01 answered 503 {"retry":"later"}';
    expect(redactText(text)).toBe(text);
  });

  it('cuts a very long string, saying how much is left out', () => {
    const cut = redactText('a'.repeat(MAX_STRING_LENGTH + 5));
    expect(cut).toBe(`${'a'.repeat(MAX_STRING_LENGTH)}… (5 more characters)`);
  });

  it('makes any value safe to serialise: cycles, bigints, dates, bytes, errors', () => {
    const cycle: Record<string, unknown> = { name: 'loop' };
    cycle.self = cycle;
    const value = redactValue({ cycle, big: 12n, when: new Date(Date.UTC(2026, 0, 2)), bytes: Buffer.from('abc'), error: new RangeError('bad') });
    expect(JSON.parse(JSON.stringify(value))).toEqual({
      cycle: { name: 'loop', self: '[circular]' },
      big: '12',
      when: '2026-01-02T00:00:00.000Z',
      bytes: '[3 bytes]',
      error: { name: 'RangeError', message: 'bad', stack: expect.stringContaining('RangeError: bad') },
    });
  });
});
