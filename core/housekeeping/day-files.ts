import { createHash, randomBytes } from 'node:crypto';
import { readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { mkdir, open, rename, unlink } from 'node:fs/promises';
import { join } from 'node:path';

/** What a stored file must be: a read compares the file with these before using a byte of it. */
export interface FileSeal {
  size: number;
  /** Hex SHA-256 of the whole file. */
  sha256: string;
}

/** The file operations a write goes through; tests put faults in between (a crash mid-write). */
export interface WriteFs {
  open(path: string, flags: string, mode: number): Promise<WriteHandle>;
  rename(from: string, to: string): Promise<void>;
  unlink(path: string): Promise<void>;
  /** Makes a rename inside `dir` durable (fsync of the folder). */
  syncDir(dir: string): Promise<void>;
}

export interface WriteHandle {
  write(data: Uint8Array, offset: number, length: number): Promise<{ bytesWritten: number }>;
  sync(): Promise<void>;
  close(): Promise<void>;
}

/** Windows cannot open a folder to fsync it; NTFS journals the rename itself. */
async function syncDirectory(dir: string): Promise<void> {
  if (process.platform === 'win32') return;
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

export const nodeWriteFs: WriteFs = {
  open: (path, flags, mode) => open(path, flags, mode),
  rename,
  unlink,
  syncDir: syncDirectory,
};

/** Temporary files start with a dot and end so: never mistaken for a stored day. */
const TEMP_SUFFIX = '.tmp';

export const sealOf = (data: Uint8Array): FileSeal => ({ size: data.byteLength, sha256: createHash('sha256').update(data).digest('hex') });

/**
 * Writes `data` as `dir/name` so that the name shows either the old file or the whole new one,
 * whatever happens meanwhile (a crash, a full disk, a power cut): the bytes go to a temporary
 * file in the same folder, which is fsynced, then renamed over the name (atomic on one file
 * system), and the folder is fsynced so the rename itself survives a power cut. A failed write
 * removes its temporary file; one left by a crash is removed by `removeStaleTemps`.
 */
export async function writeFileAtomically(dir: string, name: string, data: Uint8Array, fs: WriteFs = nodeWriteFs): Promise<void> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const temp = join(dir, `.${name}.${randomBytes(6).toString('hex')}${TEMP_SUFFIX}`);
  const handle = await fs.open(temp, 'wx', 0o600);
  try {
    try {
      for (let written = 0; written < data.byteLength; ) {
        written += (await handle.write(data, written, data.byteLength - written)).bytesWritten;
      }
      await handle.sync();
    } finally {
      await handle.close();
    }
    await fs.rename(temp, join(dir, name));
  } catch (error) {
    await fs.unlink(temp).catch(() => undefined);
    throw error;
  }
  await fs.syncDir(dir);
}

/** Why a stored file cannot be used. */
export class DamagedFileError extends Error {
  constructor(
    readonly reason: 'missing' | 'size' | 'checksum',
    message: string,
  ) {
    super(message);
    this.name = 'DamagedFileError';
  }
}

/**
 * The file's bytes, once they are exactly what was written: same size, same SHA-256. A file
 * gone, cut short, grown or changed in place is refused, never returned.
 */
export function readSealedFile(path: string, seal: FileSeal): Buffer {
  let data: Buffer;
  try {
    data = readFileSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new DamagedFileError('missing', 'the file is missing from the data folder');
    throw error;
  }
  if (data.byteLength !== seal.size) throw new DamagedFileError('size', `the file is ${data.byteLength} bytes, not the ${seal.size} that were written`);
  if (sealOf(data).sha256 !== seal.sha256) throw new DamagedFileError('checksum', 'the file does not match its checksum');
  return data;
}

/** Removes temporary files a crash left behind, older than `olderThanMs` (a write in progress is younger). */
export function removeStaleTemps(dir: string, now: number, olderThanMs: number): number {
  let removed = 0;
  for (const name of listFolder(dir)) {
    if (!name.startsWith('.') || !name.endsWith(TEMP_SUFFIX)) continue;
    const path = join(dir, name);
    try {
      if (now - statSync(path).mtimeMs < olderThanMs) continue;
      rmSync(path, { force: true });
      removed += 1;
    } catch {
      // Gone meanwhile: nothing to do.
    }
  }
  return removed;
}

/** The folder's entries; none when it does not exist yet. */
export function listFolder(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}
