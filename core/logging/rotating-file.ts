import { closeSync, fstatSync, mkdirSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';

export interface RotatingFileOptions {
  dir: string;
  /** `sentinel.log`; rotated copies are `sentinel.1.log` (newest) … `sentinel.<maxFiles - 1>.log`. */
  name: string;
  /** The current file is rotated before a line would take it past this size. */
  maxBytes: number;
  /** Files kept, the current one included (at least 1). */
  maxFiles: number;
}

export interface RotatingFile {
  readonly path: string;
  /** Appends the text, rotating first if it would not fit. Throws what the file system throws. */
  append(text: string): void;
  close(): void;
}

/** `sentinel.log` → `sentinel.<n>.log`; the current file for n = 0. */
export function rotatedName(name: string, n: number): string {
  if (n === 0) return name;
  const dot = name.lastIndexOf('.');
  return dot > 0 ? `${name.slice(0, dot)}.${n}${name.slice(dot)}` : `${name}.${n}`;
}

/**
 * A file appended to with one synchronous write per line on a descriptor kept open: a line is in
 * the file (the OS's cache, at least) before `append` returns, so the last words before a crash
 * are kept. Sizes are counted here, not asked of the disk each time, so rotation costs nothing
 * until it happens. One process per file: a second writer would keep its own count and, after
 * the other rotates, write on into the renamed file.
 */
export function openRotatingFile(options: RotatingFileOptions): RotatingFile {
  const { dir, name, maxBytes } = options;
  const maxFiles = Math.max(1, Math.floor(options.maxFiles));
  const path = join(dir, name);
  let fd: number | undefined;
  let size = 0;

  const open = () => {
    // The log tells of the hotel's jobs and guests: readable by its owner only.
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    fd = openSync(path, 'a', 0o600);
    size = fstatSync(fd).size;
  };

  const close = () => {
    if (fd === undefined) return;
    const closing = fd;
    fd = undefined;
    closeSync(closing);
  };

  // Oldest first: drop the last copy, shift each copy up by one, the current file becomes `.1`.
  const rotate = () => {
    close();
    const at = (n: number) => join(dir, rotatedName(name, n));
    rmSync(at(maxFiles - 1), { force: true });
    for (let n = maxFiles - 2; n >= 0; n -= 1) renameIfThere(at(n), at(n + 1));
  };

  open();
  return {
    path,
    append(text) {
      const bytes = Buffer.from(text, 'utf8');
      if (fd === undefined) open();
      // A line longer than the limit still goes in, alone in a fresh file.
      if (size > 0 && size + bytes.length > maxBytes) {
        rotate();
        open();
      }
      let written = 0;
      while (written < bytes.length) written += writeSync(fd!, bytes, written);
      size += bytes.length;
    },
    close,
  };
}

function renameIfThere(from: string, to: string): void {
  try {
    renameSync(from, to);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}
