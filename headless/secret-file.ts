import { createCipheriv, createDecipheriv, randomBytes, scryptSync } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import type { SecretVault } from '../core/settings/secret-vault.js';
import { writePrivateFile } from '../core/store/private-file.js';

/** The encrypted connection secrets, in the data folder. */
export const SECRETS_FILE = 'secrets.json';
/** Without SENTINEL_SECRET_KEY: a random key of its own, so the secrets file alone opens nothing. */
export const SECRET_KEY_FILE = 'secret-key';

/** The secrets file cannot be opened; the message says what to do. Nothing was changed. */
export class SecretFileError extends Error {
  readonly kind = 'secrets';
}

const fileSchema = z.object({
  format: z.literal(1),
  /** Where the key came from: SENTINEL_SECRET_KEY (`env`) or the key file beside it (`file`). */
  key: z.enum(['env', 'file']),
  salt: z.string(),
  iv: z.string(),
  tag: z.string(),
  data: z.string(),
});

// scrypt's defaults (N=16384, r=8) take tens of milliseconds: once at start and once per save.
const keyOf = (secret: string, salt: Buffer) => scryptSync(secret, salt, 32);

function readText(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new SecretFileError(`Could not read ${path}: ${(error as Error).message}`);
  }
}

function keyFileSecret(dataDir: string, create: boolean): string {
  const path = join(dataDir, SECRET_KEY_FILE);
  const existing = readText(path)?.trim();
  if (existing) return existing;
  if (!create) throw new SecretFileError(`${join(dataDir, SECRETS_FILE)} needs its key file ${path}, which is missing; restore it, or delete the secrets file and enter the credentials again`);
  const made = randomBytes(32).toString('base64url');
  writePrivateFile(path, `${made}\n`);
  return made;
}

/**
 * The headless host's secrets: one JSON object encrypted with AES-256-GCM under a key derived
 * (scrypt) from SENTINEL_SECRET_KEY, or from a random key file when none is given, in a file of
 * mode 0600. Opening reads and checks it and writes nothing: a wrong key fails the start with
 * a message and leaves the file as it was.
 */
export function openSecretFile(options: { dataDir: string; secretKey?: string }): SecretVault {
  const path = join(options.dataDir, SECRETS_FILE);
  const values = new Map<string, string>(Object.entries(decrypt(readText(path))));

  function decrypt(text: string | undefined): Record<string, string> {
    if (text === undefined) return {};
    let file: z.infer<typeof fileSchema>;
    try {
      file = fileSchema.parse(JSON.parse(text));
    } catch {
      throw new SecretFileError(`${path} is not a secrets file this app wrote; move it away and enter the credentials again in Settings`);
    }
    if (file.key === 'env' && options.secretKey === undefined) {
      throw new SecretFileError(`${path} was saved with SENTINEL_SECRET_KEY; start with the same SENTINEL_SECRET_KEY set`);
    }
    const secret = file.key === 'env' ? options.secretKey! : keyFileSecret(options.dataDir, false);
    try {
      const decipher = createDecipheriv('aes-256-gcm', keyOf(secret, Buffer.from(file.salt, 'base64')), Buffer.from(file.iv, 'base64'));
      decipher.setAuthTag(Buffer.from(file.tag, 'base64'));
      const plain = Buffer.concat([decipher.update(Buffer.from(file.data, 'base64')), decipher.final()]).toString('utf8');
      return z.record(z.string(), z.string()).parse(JSON.parse(plain));
    } catch {
      const which = file.key === 'env' ? 'SENTINEL_SECRET_KEY' : `the key in ${join(options.dataDir, SECRET_KEY_FILE)}`;
      throw new SecretFileError(`${which} does not open ${path}: it is not the key the secrets were saved with. Start with the right key; nothing was changed`);
    }
  }

  function save(): void {
    const keySource = options.secretKey !== undefined ? 'env' : 'file';
    const secret = options.secretKey ?? keyFileSecret(options.dataDir, true);
    const salt = randomBytes(16);
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', keyOf(secret, salt), iv);
    const data = Buffer.concat([cipher.update(JSON.stringify(Object.fromEntries(values)), 'utf8'), cipher.final()]);
    const file = { format: 1, key: keySource, salt: salt.toString('base64'), iv: iv.toString('base64'), tag: cipher.getAuthTag().toString('base64'), data: data.toString('base64') };
    writePrivateFile(path, `${JSON.stringify(file)}\n`);
  }

  /** A change kept in memory only once the file holds it too. */
  function change(apply: () => boolean): void {
    const before = new Map(values);
    if (!apply()) return;
    try {
      save();
    } catch (error) {
      values.clear();
      for (const [name, value] of before) values.set(name, value);
      throw error;
    }
  }

  return {
    get: (name) => values.get(name),
    set: (name, value) => change(() => (values.set(name, value), true)),
    delete: (name) => change(() => values.delete(name)),
  };
}
