import type { StorageStatus } from '../../shared/contract.js';
import type { Clock } from '../clock.js';
import { STORAGE_TROUBLE_TEXT, storageTrouble, type StorageTrouble } from '../store/storage-trouble.js';

/**
 * Whether the queue can write to its database. A write that fails for the disk's sake (full,
 * unwritable) holds every lane until a later write succeeds; the lanes retry by themselves.
 */
export function createStorageHealth(clock: Clock, changed: () => void) {
  let trouble: { kind: StorageTrouble; since: number; detail: string } | null = null;
  return {
    /** Records a failed write; false when the failure is not the disk's (a bug, to log). */
    failed(error: unknown): boolean {
      const kind = storageTrouble(error);
      if (!kind) return false;
      const before = trouble?.kind;
      trouble = { kind, since: trouble?.since ?? clock.now(), detail: error instanceof Error ? error.message : String(error) };
      if (before !== kind) changed();
      return true;
    },
    /** A write succeeded: the disk is fine again. */
    succeeded(): void {
      if (!trouble) return;
      trouble = null;
      changed();
    },
    get troubled(): boolean {
      return trouble !== null;
    },
    status(): StorageStatus {
      return trouble
        ? { state: trouble.kind, since: new Date(trouble.since).toISOString(), message: STORAGE_TROUBLE_TEXT[trouble.kind], detail: trouble.detail }
        : { state: 'ok', since: null, message: null, detail: null };
    },
  };
}

export type StorageHealth = ReturnType<typeof createStorageHealth>;
