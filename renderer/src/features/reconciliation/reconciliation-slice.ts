import type { CallResult } from '../../../../shared/contract.js';
import type { ReconciliationRun } from '../../../../shared/reconciliation-contract.js';
import type { AppSlice } from '../../store.js';

export type ReconciliationStatus = CallResult<'reconciliation/status'>;

export interface ReconciliationSlice {
  reconciliation: ReconciliationStatus | null;
  /** "Run now" was pressed and its answer has not come back yet. */
  reconciliationAsking: boolean;
  loadReconciliation(): Promise<void>;
  runReconciliation(): Promise<void>;
  reconciliationChanged(run: ReconciliationRun): void;
}

const HISTORY = 50;

/** The status with one run as the host reported it (new runs first, the history kept to 50). */
export function withRun(status: ReconciliationStatus, run: ReconciliationRun): ReconciliationStatus {
  const known = status.runs.some((entry) => entry.id === run.id);
  const runs = known ? status.runs.map((entry) => (entry.id === run.id ? run : entry)) : [run, ...status.runs].slice(0, HISTORY);
  const lastRun = runs[0] ?? null;
  return {
    ...status,
    runs,
    lastRun,
    // Ended: nothing is pending unless another run was queued, which the reload that follows tells.
    pending: run.status === 'running',
    lastSuccessAt: run.status === 'ok' || run.status === 'partial' ? run.startedAt : status.lastSuccessAt,
  };
}

export const createReconciliationSlice: AppSlice<ReconciliationSlice> = (set, get) => ({
  reconciliation: null,
  reconciliationAsking: false,
  async loadReconciliation() {
    const status = await get().run('reconciliation/status', {});
    if (status) set({ reconciliation: status });
  },
  async runReconciliation() {
    if (get().reconciliationAsking) return;
    set({ reconciliationAsking: true });
    const answer = await get().run('reconciliation/run', {});
    set((state) => ({
      reconciliationAsking: false,
      reconciliation: answer && state.reconciliation ? { ...state.reconciliation, pending: true } : state.reconciliation,
    }));
  },
  reconciliationChanged(run) {
    const status = get().reconciliation;
    if (!status) return;
    set({ reconciliation: withRun(status, run) });
    // A run that ended changed the counts and the next run: read them again.
    if (run.status !== 'running') void get().loadReconciliation();
  },
});
