import type { LaneStatus, SyncStatus } from '../../../../shared/contract.js';
import type { AppSlice } from '../../store.js';

export interface SyncSlice {
  sync: SyncStatus | null;
  loadSync(): Promise<void>;
  pauseSync(lane?: string): Promise<void>;
  resumeSync(lane?: string): Promise<void>;
}

export const createSyncSlice: AppSlice<SyncSlice> = (set, get) => ({
  sync: null,
  async loadSync() {
    const status = await get().run('sync/status', {});
    if (status) set({ sync: status });
  },
  async pauseSync(lane) {
    const status = await get().run('sync/pause', lane ? { lane } : {});
    if (status) set({ sync: status });
  },
  async resumeSync(lane) {
    const status = await get().run('sync/resume', lane ? { lane } : {});
    if (status) set({ sync: status });
  },
});

/** A lane's remote system as its maker writes it ("Seam"), from the lanes the host reported. */
export function systemNameOf(sync: SyncStatus | null, lane: string): string {
  return sync?.lanes.find((status) => status.lane === lane)?.displayName ?? lane;
}

const WINDOW_WORDS: Record<number, string> = { 1_000: 'second', 60_000: 'minute', 3_600_000: 'hour' };

/** "3 of 5 requests a second free", "87 of 100 credits per 5 minutes free", or "no limit". */
export function headroomText(lane: Pick<LaneStatus, 'rateHeadroom' | 'rateLimit'>): string {
  if (!lane.rateLimit) return 'no limit';
  const { requests, windowMs, unit } = lane.rateLimit;
  const window = WINDOW_WORDS[windowMs] ? `a ${WINDOW_WORDS[windowMs]}` : `per ${Math.round(windowMs / 60_000)} minutes`;
  return `${lane.rateHeadroom ?? 0} of ${requests} ${unit} ${window} free`;
}

export type Indicator = { tone: 'idle' | 'busy' | 'warn' | 'error'; text: string };

/** Cells submitted from the Rates grid and how many Cloudbeds has settled (see rates' submit-progress). */
export interface RatesSyncProgress {
  done: number;
  total: number;
}

/**
 * The header's one-line summary of all sync. Paused, sign-in and offline outrank a running
 * submit's "Syncing n of m", because they say why the count is not moving.
 */
export function syncIndicator(sync: SyncStatus | null, rates: RatesSyncProgress | null = null): Indicator {
  if (!sync) return { tone: 'busy', text: 'Connecting…' };
  // Nothing can be saved: this outranks everything else the header could say.
  if (sync.storage.state === 'full') return { tone: 'error', text: 'Disk full — not saving' };
  if (sync.storage.state === 'unwritable') return { tone: 'error', text: 'Cannot save — data folder' };
  const total = (key: 'queued' | 'sending' | 'failed') => sync.lanes.reduce((sum, lane) => sum + lane.depth[key], 0);
  const waiting = total('queued') + total('sending');
  if (sync.paused) return { tone: 'warn', text: `Sync paused${waiting ? `, ${waiting} queued` : ''}` };
  // A lane paused on its own holds its jobs: say which, rather than a count that does not move.
  const paused = sync.lanes.filter((lane) => lane.state === 'paused').map((lane) => lane.displayName);
  if (paused.length > 0) return { tone: 'warn', text: `Paused: ${paused.join(', ')}${waiting ? `, ${waiting} queued` : ''}` };
  if (sync.lanes.some((lane) => lane.state === 'needs_sign_in')) return { tone: 'error', text: 'Needs sign-in' };
  if (sync.lanes.some((lane) => lane.state === 'offline')) return { tone: 'warn', text: `Offline — ${waiting} queued` };
  if (rates) return { tone: 'busy', text: `Syncing ${rates.done} of ${rates.total}` };
  if (total('failed') > 0) return { tone: 'error', text: `${total('failed')} failed` };
  if (waiting > 0) return { tone: 'busy', text: `Syncing, ${waiting} to send` };
  return { tone: 'idle', text: 'All synced' };
}
