import { execFileSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync, unlinkSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A small filesystem of its own, for filling up. */
export interface SmallDisk {
  /** Where it is mounted. */
  dir: string;
  /** How it was made ("tmpfs of 8 MB", "ext4 in a loop file of 8 MB"). */
  kind: string;
  /** Writes a filler file until the disk refuses another byte (ENOSPC); returns the bytes written. */
  fill(): number;
  /** Removes the filler. */
  free(): void;
  /** Unmounts and removes everything; safe to call twice, and when processes died holding files. */
  remove(): void;
}

const FILLER = '.filler';

function run(command: string, args: string[]): void {
  execFileSync(command, args, { stdio: ['ignore', 'ignore', 'pipe'], timeout: 15_000 });
}

const reason = (error: unknown) => ((error as { stderr?: Buffer }).stderr?.toString().trim() || (error as Error).message).split('\n')[0];

/**
 * Mounts a filesystem of `megabytes`: a tmpfs, or else ext4 in a loop-mounted file (needs root
 * and a container that allows mounts). Returns why neither worked instead of throwing, so the
 * scenario can say why it was skipped.
 */
export function mountSmallDisk(megabytes: number): SmallDisk | { skipped: string } {
  const dir = mkdtempSync(join(tmpdir(), 'sentinel-small-disk-'));
  const image = `${dir}.img`;
  let kind: string;
  try {
    run('mount', ['-t', 'tmpfs', '-o', `size=${megabytes}m,mode=0700`, 'tmpfs', dir]);
    kind = `tmpfs of ${megabytes} MB`;
  } catch (tmpfsError) {
    try {
      run('dd', ['if=/dev/zero', `of=${image}`, 'bs=1M', `count=${megabytes}`]);
      run('mkfs.ext4', ['-q', '-F', '-O', '^has_journal', image]);
      run('mount', ['-o', 'loop', image, dir]);
      kind = `ext4 in a loop file of ${megabytes} MB`;
    } catch (loopError) {
      rmSync(image, { force: true });
      rmSync(dir, { recursive: true, force: true });
      return { skipped: `no small filesystem could be mounted: tmpfs (${reason(tmpfsError)}), loop ext4 (${reason(loopError)})` };
    }
  }
  const filler = join(dir, FILLER);
  let removed = false;
  return {
    dir,
    kind,
    fill() {
      const fd = openSync(filler, 'a');
      let written = 0;
      try {
        // Big pieces first, then smaller ones, down to a byte: no block is left free.
        for (const size of [1024 * 1024, 64 * 1024, 4096, 512, 1]) {
          const piece = Buffer.alloc(size, 0x5a);
          for (;;) {
            try {
              const bytes = writeSync(fd, piece);
              written += bytes;
              if (bytes < size) break;
            } catch (error) {
              if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
              break;
            }
          }
        }
      } finally {
        closeSync(fd);
      }
      return written;
    },
    free() {
      rmSync(filler, { force: true });
    },
    remove() {
      if (removed) return;
      removed = true;
      try {
        run('umount', [dir]);
      } catch {
        // Still busy (a process not yet reaped): detach it now, it goes when the last file closes.
        run('umount', ['-l', dir]);
      }
      rmSync(dir, { recursive: true, force: true });
      try {
        unlinkSync(image);
      } catch {
        // Only the loop variant has an image.
      }
    },
  };
}
