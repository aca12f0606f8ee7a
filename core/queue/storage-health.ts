import type { StorageStatus } from '../../shared/contract.js';
import type { Clock, TimerHandle } from '../clock.js';
import { STORAGE_TROUBLE_TEXT, storageTrouble, type StorageTrouble } from '../store/storage-trouble.js';

/** Between probe writes while the disk is in trouble: 1 s, 2 s, 4 s… at most this. */
const MAX_PROBE_WAIT_MS = 30_000;

/**
 * Whether the queue can write to its database. A write that fails for the disk's sake (full,
 * unwritable) holds every lane until a later write succeeds; the lanes retry by themselves.
 * Trouble met elsewhere (a person's call, pruning) has no lane to retry it, so while in trouble
 * a probe write runs on a growing timer until one succeeds and the trouble clears.
 */
export function createStorageHealth(clock: Clock, changed: () => void, probeWrite: () => void) {
  let trouble: { kind: StorageTrouble; since: number; detail: string } | null = null;
  let probeTimer: TimerHandle | null = null;
  let probes = 0;
  let stopped = false;

  function scheduleProbe(): void {
    if (probeTimer || stopped) return;
    const waitMs = Math.min(1_000 * 2 ** probes, MAX_PROBE_WAIT_MS);
    probeTimer = clock.setTimeout(() => {
      probeTimer = null;
      if (!trouble || stopped) return;
      probes += 1;
      try {
        probeWrite();
      } catch (error) {
        // Not the disk's (a bug): the probe cannot tell, so the lanes' own writes decide.
        if (!health.failed(error)) return;
        scheduleProbe();
        return;
      }
      health.succeeded();
    }, waitMs);
  }

  const health = {
    /** Records a failed write; false when the failure is not the disk's (a bug, to log). */
    failed(error: unknown): boolean {
      const kind = storageTrouble(error);
      if (!kind) return false;
      const before = trouble?.kind;
      trouble = { kind, since: trouble?.since ?? clock.now(), detail: error instanceof Error ? error.message : String(error) };
      if (before !== kind) changed();
      scheduleProbe();
      return true;
    },
    /** A write succeeded: the disk is fine again. */
    succeeded(): void {
      if (!trouble) return;
      trouble = null;
      probes = 0;
      if (probeTimer) clock.clearTimeout(probeTimer);
      probeTimer = null;
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
    /** No more probes (the queue is stopping). */
    stop(): void {
      stopped = true;
      if (probeTimer) clock.clearTimeout(probeTimer);
      probeTimer = null;
    },
  };
  return health;
}

export type StorageHealth = ReturnType<typeof createStorageHealth>;
