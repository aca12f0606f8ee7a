import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTempDir } from '../core/testing/temp-dir.js';
import { openSafeStorageVault, SECRETS_FILE_NAME, type SafeStorageLike } from './secret-storage.js';

// A keychain stand-in: "encrypts" by reversing and prefixing, and can be switched off or broken.
function fakeSafeStorage(state = { available: true, broken: false }): SafeStorageLike & { state: typeof state } {
  return {
    state,
    isAsyncEncryptionAvailable: async () => state.available,
    encryptStringAsync: async (text) => Buffer.from(`sealed:${[...text].reverse().join('')}`),
    decryptStringAsync: async (buffer) => {
      if (state.broken) throw new Error('the keychain is locked');
      return { shouldReEncrypt: false, result: [...buffer.toString().slice('sealed:'.length)].reverse().join('') };
    },
  };
}

let dir: ReturnType<typeof makeTempDir>;
beforeEach(() => (dir = makeTempDir()));
afterEach(() => dir.remove());

const SECRET = 'seam_live_secret_0815';

describe('the desktop secrets (safeStorage)', () => {
  it('keeps only what safeStorage sealed, in a 0600 file, and opens it again', async () => {
    const safeStorage = fakeSafeStorage();
    const vault = await openSafeStorageVault({ safeStorage, userDataDir: dir.path });
    await vault.set('connection:seam', SECRET);
    const path = join(dir.path, SECRETS_FILE_NAME);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(readFileSync(path, 'utf8')).not.toContain(SECRET);
    const again = await openSafeStorageVault({ safeStorage, userDataDir: dir.path });
    expect(again.get('connection:seam')).toBe(SECRET);
    await again.delete('connection:seam');
    expect((await openSafeStorageVault({ safeStorage, userDataDir: dir.path })).get('connection:seam')).toBeUndefined();
  });

  it('refuses to keep a secret when the computer has no keychain, and keeps none in memory either', async () => {
    const vault = await openSafeStorageVault({ safeStorage: fakeSafeStorage({ available: false, broken: false }), userDataDir: dir.path });
    await expect(vault.set('connection:seam', SECRET)).rejects.toThrow(/no keychain/);
    expect(vault.get('connection:seam')).toBeUndefined();
  });

  it('fails the start with what to do when the keychain cannot decrypt', async () => {
    const safeStorage = fakeSafeStorage();
    await (await openSafeStorageVault({ safeStorage, userDataDir: dir.path })).set('connection:seam', SECRET);
    safeStorage.state.broken = true;
    await expect(openSafeStorageVault({ safeStorage, userDataDir: dir.path })).rejects.toThrow(/keychain could not decrypt.*enter them again/);
  });
});
