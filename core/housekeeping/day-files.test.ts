import { readdirSync, readFileSync, rmSync, statSync, truncateSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTempDir } from '../testing/temp-dir.js';
import { DamagedFileError, nodeWriteFs, readSealedFile, removeStaleTemps, sealOf, writeFileAtomically, type WriteFs, type WriteHandle } from './day-files.js';

let dir: ReturnType<typeof makeTempDir>;
beforeEach(() => (dir = makeTempDir()));
afterEach(() => dir.remove());

const NAME = '2026-11-25.json';
const OLD = Buffer.from(JSON.stringify({ version: 'old', jobs: Array.from({ length: 50 }, (_, i) => ({ id: i })) }));
const NEW = Buffer.from(JSON.stringify({ version: 'new', jobs: Array.from({ length: 80 }, (_, i) => ({ id: i, room: `Room ${i}` })) }));
const path = () => join(dir.path, NAME);

interface Faults {
  /** In place of a write: gets the real handle. */
  write?(real: WriteHandle, data: Uint8Array, offset: number, length: number): Promise<{ bytesWritten: number }>;
  sync?(): Promise<void>;
  rename?(): Promise<void>;
}

/** The real file system, with `faults` in place of some steps, and every step written down. */
function faultyFs(faults: Faults, steps: string[] = []): WriteFs {
  return {
    async open(file, flags, mode) {
      const real = await nodeWriteFs.open(file, flags, mode);
      steps.push(`open ${flags}`);
      return {
        write: async (data, offset, length) => {
          steps.push('write');
          return faults.write ? faults.write(real, data, offset, length) : real.write(data, offset, length);
        },
        sync: async () => {
          steps.push('fsync file');
          return faults.sync ? faults.sync() : real.sync();
        },
        close: async () => {
          steps.push('close');
          return real.close();
        },
      };
    },
    rename: async (from, to) => {
      steps.push('rename');
      return faults.rename ? faults.rename() : nodeWriteFs.rename(from, to);
    },
    unlink: async (file) => {
      steps.push('unlink temp');
      return nodeWriteFs.unlink(file);
    },
    syncDir: async (folder) => {
      steps.push('fsync folder');
      return nodeWriteFs.syncDir(folder);
    },
  };
}

const eio = () => Object.assign(new Error('EIO: i/o error, write'), { code: 'EIO' });

describe('writing a file atomically', () => {
  it('writes the whole file, fsyncs it before renaming it into place, fsyncs the folder after, and leaves no temporary file', async () => {
    const steps: string[] = [];
    await writeFileAtomically(dir.path, NAME, NEW, faultyFs({}, steps));
    expect(readFileSync(path())).toEqual(NEW);
    expect(steps).toEqual(['open wx', 'write', 'fsync file', 'close', 'rename', 'fsync folder']);
    expect(readdirSync(dir.path)).toEqual([NAME]);
  });

  it('leaves the previous file whole when the write fails halfway, and removes its temporary file', async () => {
    await writeFileAtomically(dir.path, NAME, OLD);
    // Half the bytes reach the disk, then it fails (a full disk, a pulled USB stick).
    const fs = faultyFs({
      write: async (real, data, offset, length) => {
        await real.write(data, offset, Math.floor(length / 2));
        throw eio();
      },
    });
    await expect(writeFileAtomically(dir.path, NAME, NEW, fs)).rejects.toThrow(/EIO/);
    expect(readFileSync(path())).toEqual(OLD);
    expect(readdirSync(dir.path)).toEqual([NAME]);
  });

  it('never renames data that could not be synced to disk', async () => {
    await writeFileAtomically(dir.path, NAME, OLD);
    const steps: string[] = [];
    await expect(writeFileAtomically(dir.path, NAME, NEW, faultyFs({ sync: async () => Promise.reject(eio()) }, steps))).rejects.toThrow(/EIO/);
    expect(steps).not.toContain('rename');
    expect(readFileSync(path())).toEqual(OLD);
    expect(readdirSync(dir.path)).toEqual([NAME]);
  });

  it('shows the previous file, never half a new one, when the process dies in the middle of a write', async () => {
    await writeFileAtomically(dir.path, NAME, OLD);
    let died!: () => void;
    const dead = new Promise<void>((resolve) => (died = resolve));
    // The process "dies" after half the bytes: the write never returns and nothing is cleaned up.
    let orphan: WriteHandle | undefined;
    const fs = faultyFs({
      write: async (real, data, offset, length) => {
        await real.write(data, offset, Math.floor(length / 2));
        orphan = real;
        died();
        return new Promise<never>(() => {});
      },
    });
    void writeFileAtomically(dir.path, NAME, NEW, fs);
    await dead;

    expect(readFileSync(path())).toEqual(OLD);
    const left = readdirSync(dir.path).filter((name) => name !== NAME);
    expect(left).toHaveLength(1);
    expect(left[0]).toMatch(/^\.2026-11-25\.json\.[0-9a-f]+\.tmp$/);
    // At the next clean-up, a temporary file older than a write in progress is removed; a young one is left.
    expect(removeStaleTemps(dir.path, Date.now(), 60_000)).toBe(0);
    utimesSync(join(dir.path, left[0]!), new Date(Date.now() - 120_000), new Date(Date.now() - 120_000));
    expect(removeStaleTemps(dir.path, Date.now(), 60_000)).toBe(1);
    expect(readdirSync(dir.path)).toEqual([NAME]);
    await orphan!.close();
  });

  it('leaves the previous file when the rename fails', async () => {
    await writeFileAtomically(dir.path, NAME, OLD);
    await expect(writeFileAtomically(dir.path, NAME, NEW, faultyFs({ rename: async () => Promise.reject(eio()) }))).rejects.toThrow(/EIO/);
    expect(readFileSync(path())).toEqual(OLD);
    expect(readdirSync(dir.path)).toEqual([NAME]);
  });

  it.skipIf(process.platform === 'win32')('keeps the file readable by its owner only', async () => {
    await writeFileAtomically(dir.path, NAME, NEW);
    expect(statSync(path()).mode & 0o777).toBe(0o600);
  });
});

describe('reading a sealed file', () => {
  it('gives the bytes back when size and SHA-256 match what was written', async () => {
    await writeFileAtomically(dir.path, NAME, NEW);
    expect(readSealedFile(path(), sealOf(NEW))).toEqual(NEW);
  });

  const damages: [string, () => void, DamagedFileError['reason']][] = [
    ['a byte changed in place', () => writeFileSync(path(), Buffer.from(NEW.toString().replace('Room 7', 'Room 8'))), 'checksum'],
    ['cut short', () => truncateSync(path(), 10), 'size'],
    ['grown', () => writeFileSync(path(), Buffer.concat([NEW, Buffer.from(' ')])), 'size'],
    ['gone', () => rmSync(path()), 'missing'],
  ];
  for (const [what, damage, reason] of damages) {
    it(`refuses a file ${what}`, async () => {
      await writeFileAtomically(dir.path, NAME, NEW);
      damage();
      expect(() => readSealedFile(path(), sealOf(NEW))).toThrow(expect.objectContaining({ name: 'DamagedFileError', reason }) as Error);
    });
  }
});
