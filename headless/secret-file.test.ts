import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTempDir } from '../core/testing/temp-dir.js';
import { openSecretFile, SECRET_KEY_FILE, SECRETS_FILE, SecretFileError } from './secret-file.js';

let dir: ReturnType<typeof makeTempDir>;
beforeEach(() => (dir = makeTempDir()));
afterEach(() => dir.remove());

const SECRET = 'cbat_live_secret_key_4711';
const modeOf = (path: string) => statSync(path).mode & 0o777;

describe('the headless secrets file', () => {
  it('is encrypted with SENTINEL_SECRET_KEY, readable by its owner only, and opens again with the same key', () => {
    const vault = openSecretFile({ dataDir: dir.path, secretKey: 'correct horse battery staple' });
    vault.set('connection:cloudbeds', JSON.stringify({ kind: 'api-key', apiKey: SECRET }));
    const path = join(dir.path, SECRETS_FILE);
    expect(modeOf(path)).toBe(0o600);
    expect(readFileSync(path, 'utf8')).not.toContain(SECRET);
    expect(readFileSync(path, 'utf8')).not.toContain('cbat_');
    const again = openSecretFile({ dataDir: dir.path, secretKey: 'correct horse battery staple' });
    expect(JSON.parse(again.get('connection:cloudbeds')!)).toEqual({ kind: 'api-key', apiKey: SECRET });
  });

  it('without SENTINEL_SECRET_KEY uses a random key file of its own, also 0600', () => {
    openSecretFile({ dataDir: dir.path }).set('connection:seam', SECRET);
    expect(modeOf(join(dir.path, SECRET_KEY_FILE))).toBe(0o600);
    expect(modeOf(join(dir.path, SECRETS_FILE))).toBe(0o600);
    expect(readFileSync(join(dir.path, SECRETS_FILE), 'utf8')).not.toContain(SECRET);
    expect(openSecretFile({ dataDir: dir.path }).get('connection:seam')).toBe(SECRET);
  });

  it('refuses to open with a wrong key, saying so, and leaves the file as it was', () => {
    openSecretFile({ dataDir: dir.path, secretKey: 'the right key' }).set('connection:seam', SECRET);
    const path = join(dir.path, SECRETS_FILE);
    const before = readFileSync(path);
    expect(() => openSecretFile({ dataDir: dir.path, secretKey: 'a wrong key' })).toThrow(SecretFileError);
    expect(() => openSecretFile({ dataDir: dir.path, secretKey: 'a wrong key' })).toThrow(/SENTINEL_SECRET_KEY does not open .*nothing was changed/);
    expect(() => openSecretFile({ dataDir: dir.path })).toThrow(/saved with SENTINEL_SECRET_KEY/);
    expect(readFileSync(path).equals(before)).toBe(true);
  });

  it('refuses a file it did not write, rather than overwriting it', () => {
    writeFileSync(join(dir.path, SECRETS_FILE), '{"apiKey":"plain"}');
    expect(() => openSecretFile({ dataDir: dir.path })).toThrow(/not a secrets file this app wrote/);
  });

  it('forgets a deleted secret in the file too', () => {
    const vault = openSecretFile({ dataDir: dir.path, secretKey: 'k' });
    vault.set('connection:seam', SECRET);
    vault.delete('connection:seam');
    expect(openSecretFile({ dataDir: dir.path, secretKey: 'k' }).get('connection:seam')).toBeUndefined();
  });
});
