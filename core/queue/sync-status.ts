import type { JobStatus, StorageStatus, SyncStatus } from '../../shared/contract.js';
import type { LaneRunner } from './lane-runner.js';
import type { LaneRow } from './lane-store.js';

/** Puts together what the Sync status view shows, from live runner state and stored counts. */
export function buildSyncStatus(input: {
  runners: LaneRunner[];
  laneRows: LaneRow[];
  depth: { lane: string; status: JobStatus | 'scheduled'; count: number }[];
  globallyPaused: boolean;
  storage: StorageStatus;
  /** What each lane's jobs are: their types and plural words ("rate updates"), from the registered kinds. */
  jobKinds: (lane: string) => { type: string; noun: string }[];
}): SyncStatus {
  const rows = new Map(input.laneRows.map((row) => [row.name, row]));
  return {
    paused: input.globallyPaused,
    storage: input.storage,
    lanes: input.runners.map((runner) => {
      const row = rows.get(runner.name);
      const jobTypes = input.jobKinds(runner.name);
      const count = (status: JobStatus | 'scheduled') =>
        input.depth.find((entry) => entry.lane === runner.name && entry.status === status)?.count ?? 0;
      return {
        lane: runner.name,
        displayName: runner.config.displayName ?? runner.name,
        jobKinds: jobTypes.map((kind) => kind.noun),
        jobTypes,
        state: runner.state(),
        depth: { queued: count('queued'), scheduled: count('scheduled'), sending: count('sending'), failed: count('failed') },
        lastSuccessAt: row?.last_success_at ? new Date(row.last_success_at).toISOString() : null,
        lastError: row?.last_error ?? null,
        rateHeadroom: runner.rateHeadroom(),
        rateLimit: runner.config.limit ? { ...runner.config.limit, unit: runner.config.headroom === 'credits' ? ('credits' as const) : ('requests' as const) } : null,
        connection: runner.config.connection ?? null,
      };
    }),
  };
}
