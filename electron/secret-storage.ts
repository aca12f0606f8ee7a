/**
 * The desktop app's connection secrets: each encrypted by Electron's safeStorage (the OS
 * keychain: Keychain on macOS, DPAPI on Windows, libsecret/kwallet on Linux) and kept, as
 * base64, in a 0600 file in userData. Decrypted once at start into memory.
 */
import type { SafeStorage } from 'electron';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import type { SecretVault } from '../core/settings/secret-vault.js';
import { writePrivateFile } from '../core/store/private-file.js';

export const SECRETS_FILE_NAME = 'secrets.json';

/** The part of safeStorage used, so tests hand in a fake. */
export type SafeStorageLike = Pick<SafeStorage, 'isAsyncEncryptionAvailable' | 'encryptStringAsync' | 'decryptStringAsync'>;

export class KeychainError extends Error {
  readonly kind = 'keychain';
}

const fileSchema = z.record(z.string(), z.string());

/** Opens the secrets of `<userData>/secrets.json`; fails, saying what to do, when one cannot be decrypted. */
export async function openSafeStorageVault(options: { safeStorage: SafeStorageLike; userDataDir: string }): Promise<SecretVault> {
  const { safeStorage } = options;
  const path = join(options.userDataDir, SECRETS_FILE_NAME);
  let encrypted: Record<string, string> = {};
  try {
    encrypted = fileSchema.parse(JSON.parse(readFileSync(path, 'utf8')));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
      throw new KeychainError(`${path} cannot be read (${(error as Error).message}); move it away and enter the credentials again in Settings`);
    }
  }
  const values = new Map<string, string>();
  for (const [name, value] of Object.entries(encrypted)) {
    try {
      values.set(name, (await safeStorage.decryptStringAsync(Buffer.from(value, 'base64'))).result);
    } catch (error) {
      throw new KeychainError(
        `The OS keychain could not decrypt the saved credentials (${(error as Error).message}); sign in to this computer's keychain, or delete ${path} and enter them again`,
      );
    }
  }
  // One write at a time, in call order: a later save must never be overtaken by an earlier one.
  let writing: Promise<void> = Promise.resolve();
  const persist = (change: () => Promise<void>) => (writing = writing.then(change, change));

  return {
    get: (name) => values.get(name),
    set: (name, value) =>
      persist(async () => {
        if (!(await safeStorage.isAsyncEncryptionAvailable())) {
          throw new KeychainError('This computer offers no keychain to keep the credentials in, so they were not saved. Sign in to the desktop keychain and try again.');
        }
        const sealed = (await safeStorage.encryptStringAsync(value)).toString('base64');
        writePrivateFile(path, JSON.stringify({ ...encrypted, [name]: sealed }));
        encrypted = { ...encrypted, [name]: sealed };
        values.set(name, value);
      }),
    delete: (name) =>
      persist(async () => {
        const { [name]: _gone, ...rest } = encrypted;
        writePrivateFile(path, JSON.stringify(rest));
        encrypted = rest;
        values.delete(name);
      }),
  };
}
