import { chmodSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * Writes a file only its owner may read (mode 0600), whole or not at all: written beside it,
 * then renamed over it, so a crash mid-write never leaves half a secrets file.
 */
export function writePrivateFile(path: string, text: string): void {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, text, { mode: 0o600 });
  // The umask cannot widen it, but an older file of the same name may have had another mode.
  chmodSync(temporary, 0o600);
  renameSync(temporary, path);
}
