import type { RateCell, RoomTypeInfo } from '../../../../shared/rates-contract.js';
import type { AppSlice } from '../../store.js';
import {
  afterSubmit,
  applyEdits,
  cellKey,
  discardAll,
  NO_EDITS,
  redoLast,
  splitCellKey,
  undoLast,
  withProblem,
  type CellEdit,
  type InvalidEntry,
  type PendingEdits,
} from './pending-edits.js';
import { settleCells, trackSubmitted, type SubmitProgress } from './submit-progress.js';

export interface RatesGrid {
  roomTypes: RoomTypeInfo[];
  dates: string[];
  /** Every cell by `cellKey`, as the host last reported it. */
  cells: ReadonlyMap<string, RateCell>;
}

export interface RatesSlice {
  ratesGrid: RatesGrid | null;
  /** The dates the grid was loaded for, so it can be loaded again when the host says so. */
  ratesWindow: { from: string; to: string } | null;
  /** Pending rates, refused entries' markers, undo and redo. */
  ratesEdits: PendingEdits;
  ratesProgress: SubmitProgress | null;
  ratesSubmitting: boolean;
  loadRates(from: string, to: string): Promise<void>;
  editRates(edits: readonly CellEdit[], invalid?: readonly InvalidEntry[]): void;
  undoRates(): void;
  redoRates(): void;
  /** Discards every pending edit, as one step undo brings back. */
  discardRates(): void;
  submitRates(): Promise<void>;
  /** Closes (stop-sell) or opens sales of these cells at once: no pending step, like a retry. */
  setSalesClosed(keys: readonly string[], closed: boolean): Promise<void>;
  /** Cells set by hand follow the base room type again, at once. */
  followBaseAgain(keys: readonly string[]): Promise<void>;
  retryRateCells(keys: readonly string[]): Promise<void>;
  ratesChanged(cells: readonly RateCell[]): void;
}

function withCells(grid: RatesGrid | null, cells: readonly RateCell[]): RatesGrid | null {
  if (!grid || cells.length === 0) return grid;
  const next = new Map(grid.cells);
  for (const cell of cells) next.set(cellKey(cell.roomTypeId, cell.date), cell);
  return { ...grid, cells: next };
}

/** `changes.3.date` → 3: which submitted cell the host refused. */
const refusedIndex = (field: string | undefined) => (field ? /^changes\.(\d+)/.exec(field)?.[1] : undefined);

/** Pending rates are written to the host as drafts once typing pauses this long. */
const DRAFT_SAVE_MS = 400;

export const createRatesSlice: AppSlice<RatesSlice> = (set, get) => {
  // Events that arrive while a submit's answer is on its way (the event stream can beat the HTTP
  // answer): applied after the answer so a "synced" is never overwritten by the answer's "saved".
  let heldBack: RateCell[] | null = null;
  let draftTimer: ReturnType<typeof setTimeout> | null = null;
  // Saves go one after another, and a submit waits for the last: a save of cells being submitted
  // must not reach the host after the submit has cleared them.
  let draftSaving: Promise<unknown> = Promise.resolve();

  /** Keeps the host's drafts equal to what is pending, so a reload or a crash loses nothing. */
  function saveDraftsSoon(): void {
    if (draftTimer) clearTimeout(draftTimer);
    draftTimer = setTimeout(() => {
      draftTimer = null;
      const drafts = [...get().ratesEdits.pending].map(([key, rate]) => ({ ...splitCellKey(key), rate }));
      draftSaving = draftSaving.then(() => get().run('rates/save-drafts', { drafts }));
    }, DRAFT_SAVE_MS);
  }

  /** Applies a change to the edits, and saves them as drafts if the pending rates changed. */
  function changeEdits(change: (edits: PendingEdits) => PendingEdits): void {
    const before = get().ratesEdits.pending;
    set((state) => ({ ratesEdits: change(state.ratesEdits) }));
    if (get().ratesEdits.pending !== before) saveDraftsSoon();
  }

  /** Runs a call that stores cells, holding back the cell events that beat its answer (see `heldBack`). */
  async function holdingEvents<T>(call: () => Promise<T>): Promise<{ answer: T; early: RateCell[] }> {
    heldBack = [];
    try {
      return { answer: await call(), early: heldBack };
    } finally {
      heldBack = null;
    }
  }

  /** The grid and progress once an answer's cells are saved: the answer first, then the events that came before it. */
  function shownSaved(state: RatesSlice, answered: readonly RateCell[], early: readonly RateCell[]): Pick<RatesSlice, 'ratesGrid' | 'ratesProgress'> {
    const keys = answered.map((cell) => cellKey(cell.roomTypeId, cell.date));
    return { ratesGrid: withCells(withCells(state.ratesGrid, answered), early), ratesProgress: settleCells(trackSubmitted(state.ratesProgress, keys), early) };
  }

  /**
   * Runs a call that stores cells and queues their push at once (no pending step), and shows
   * its answer as a submit's: saved now, synced as the pushed events arrive.
   */
  async function queueAtOnce(keys: readonly string[], call: (cells: { roomTypeId: number; date: string }[]) => Promise<{ cells: RateCell[] } | null>): Promise<void> {
    if (keys.length === 0) return;
    const { answer, early } = await holdingEvents(() => call(keys.map(splitCellKey)));
    set((state) => (answer ? shownSaved(state, answer.cells, early) : { ratesGrid: withCells(state.ratesGrid, early) }));
  }

  return {
    ratesGrid: null,
    ratesWindow: null,
    ratesEdits: NO_EDITS,
    ratesProgress: null,
    ratesSubmitting: false,

    async loadRates(from, to) {
      set({ ratesWindow: { from, to } });
      const [grid, drafts] = await Promise.all([get().run('rates/grid', { from, to }), get().run('rates/drafts', {})]);
      if (!grid) return;
      const cells = new Map(grid.cells.map((cell) => [cellKey(cell.roomTypeId, cell.date), cell]));
      set((state) => ({
        ratesGrid: { roomTypes: grid.roomTypes, dates: grid.dates, cells },
        // Edits left from before a reload or a restart come back pending (nothing to undo yet).
        ratesEdits:
          state.ratesEdits.pending.size === 0 && drafts && drafts.drafts.length > 0
            ? { ...state.ratesEdits, pending: new Map(drafts.drafts.map((draft) => [cellKey(draft.roomTypeId, draft.date), draft.rate])) }
            : state.ratesEdits,
      }));
    },

    editRates: (edits, invalid = []) => changeEdits((state) => applyEdits(state, edits, invalid)),
    undoRates: () => changeEdits(undoLast),
    redoRates: () => changeEdits(redoLast),
    discardRates: () => changeEdits(discardAll),

    async submitRates() {
      const { ratesEdits, ratesSubmitting } = get();
      if (ratesSubmitting || ratesEdits.pending.size === 0) return;
      const keys = [...ratesEdits.pending.keys()];
      const changes = keys.map((key) => ({ ...splitCellKey(key), rate: ratesEdits.pending.get(key)! }));
      set({ ratesSubmitting: true });
      if (draftTimer) clearTimeout(draftTimer);
      draftTimer = null;
      const { answer, early } = await holdingEvents(async () => {
        await draftSaving;
        return get().run('rates/submit', { changes });
      });
      if (!answer) {
        // Refused: nothing was saved. Name the cell the host pointed at; keep every edit pending.
        const problem = get().problem;
        const index = refusedIndex(problem?.field);
        const key = index === undefined ? undefined : keys[Number(index)];
        set((state) => ({
          ratesSubmitting: false,
          ratesEdits: key && problem ? withProblem(state.ratesEdits, key, problem.message) : state.ratesEdits,
          ratesGrid: withCells(state.ratesGrid, early),
        }));
        return;
      }
      // One set: the cells turn blue and pending clears in the same React commit as the answer.
      set((state) => ({
        ratesSubmitting: false,
        ...shownSaved(state, answer.cells, early),
        ratesEdits: afterSubmit(
          state.ratesEdits,
          answer.cells.map((cell) => cellKey(cell.roomTypeId, cell.date)),
        ),
      }));
    },

    setSalesClosed: (keys, closed) => queueAtOnce(keys, (cells) => get().run('rates/stop-sell', { cells, closed })),
    followBaseAgain: (keys) => queueAtOnce(keys, (cells) => get().run('rates/follow-base', { cells })),

    async retryRateCells(keys) {
      const grid = get().ratesGrid;
      if (!grid) return;
      const failed = keys.map((key) => grid.cells.get(key)).filter((cell): cell is RateCell => cell?.state === 'failed');
      const jobIds = new Set(failed.map((cell) => cell.jobId).filter((id): id is number => id !== null));
      // A failed job carries every cell it failed with: retrying the job retries them all.
      const retried = [...grid.cells.values()].filter((cell) => cell.state === 'failed' && cell.jobId !== null && jobIds.has(cell.jobId));
      const orphans = failed.filter((cell) => cell.jobId === null);
      const outcomes = await Promise.all([...jobIds].map((id) => get().run('jobs/retry', { id })));
      const ok = retried.filter((cell) => outcomes[[...jobIds].indexOf(cell.jobId!)] !== null);
      const again = ok.map((cell) => ({ ...cell, state: 'saved' as const, error: null }));
      set((state) => ({
        ratesGrid: withCells(state.ratesGrid, again),
        ratesProgress: again.length ? trackSubmitted(state.ratesProgress, again.map((cell) => cellKey(cell.roomTypeId, cell.date))) : state.ratesProgress,
      }));
      // Cells without a job (none should be) are sent again as edits.
      if (orphans.length) {
        get().editRates(orphans.flatMap((cell) => (cell.rate === null ? [] : [{ key: cellKey(cell.roomTypeId, cell.date), rate: cell.rate }])));
        await get().submitRates();
      }
    },

    ratesChanged(cells) {
      // An empty list means the grid changed as a whole (room types imported from Cloudbeds).
      const window = get().ratesWindow;
      if (cells.length === 0 && window) return void get().loadRates(window.from, window.to);
      if (heldBack) heldBack.push(...cells);
      set((state) => ({ ratesGrid: withCells(state.ratesGrid, cells), ratesProgress: settleCells(state.ratesProgress, cells) }));
    },
  };
};
