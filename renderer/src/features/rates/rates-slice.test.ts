import { describe, expect, it, vi } from 'vitest';
import type { CallOutcome, CallName, EventName, EventPayload, RateCell, SentinelApi } from '../../../../shared/contract.js';
import { createAppStore } from '../../store.js';
import { cellKey } from './pending-edits.js';
import { progressCounts } from './submit-progress.js';

type Answer = (args: any) => CallOutcome<CallName>;

/** A host stand-in: canned answers per call, and a way to push events as the host would. */
/** No drafts kept, and saving them works, unless a test says otherwise. */
const DRAFTS_BY_DEFAULT: Partial<Record<CallName, Answer>> = {
  'rates/drafts': () => ({ ok: true, data: { drafts: [] } }),
  'rates/save-drafts': () => ({ ok: true, data: { saved: 0 } }),
};

function fakeHost(answers: Partial<Record<CallName, Answer>>) {
  const listeners = new Map<string, ((payload: unknown) => void)[]>();
  const calls: { name: string; args: unknown }[] = [];
  let beforeAnswer: (() => void) | null = null;
  const api: SentinelApi = {
    async call(name, args) {
      calls.push({ name, args });
      beforeAnswer?.();
      const answer = answers[name] ?? DRAFTS_BY_DEFAULT[name];
      return (answer ? answer(args) : { ok: false, error: { code: 'internal', message: `${name} not faked` } }) as never;
    },
    subscribe(name, listener) {
      listeners.set(name, [...(listeners.get(name) ?? []), listener as (payload: unknown) => void]);
      return () => {};
    },
  };
  const emit = <E extends EventName>(name: E, payload: EventPayload<E>) => listeners.get(name)?.forEach((listener) => listener(payload));
  return { api, calls, emit, onCall: (run: () => void) => (beforeAnswer = run) };
}

const roomTypes = [{ id: 7, name: 'Double', shortName: 'DBL', differential: { kind: 'amount' as const, value: 0 } }];
const dates = ['2030-01-01', '2030-01-02', '2030-01-03'];
const cell = (date: string, rate: number, state: RateCell['state'], jobId: number | null = null, error: string | null = null): RateCell => ({
  roomTypeId: 7,
  date,
  rate,
  state,
  error,
  jobId,
});
const grid = () => ({ ok: true as const, data: { roomTypes, dates, cells: dates.map((date) => cell(date, 100, 'default')) } });

describe('the rates slice', () => {
  it('turns submitted cells saved and clears pending in one update when the host answers', async () => {
    const host = fakeHost({
      'rates/grid': grid,
      'rates/submit': ({ changes }) => ({ ok: true, data: { jobIds: [5], cells: changes.map((change: RateCell) => cell(change.date, change.rate, 'saved', 5)) } }),
    });
    const store = createAppStore(host.api);
    await store.getState().loadRates('2030-01-01', '2030-01-03');
    store.getState().editRates([{ key: cellKey(7, '2030-01-02'), rate: 150 }]);
    const updates: unknown[] = [];
    store.subscribe((state) => updates.push(state.ratesGrid?.cells.get(cellKey(7, '2030-01-02'))?.state));
    await store.getState().submitRates();

    expect(host.calls.at(-1)).toEqual({ name: 'rates/submit', args: { changes: [{ roomTypeId: 7, date: '2030-01-02', rate: 150 }] } });
    // The submitting flag, then one update with the saved cell, pending cleared and the count started.
    expect(updates).toEqual(['default', 'saved']);
    expect(store.getState().ratesEdits.pending.size).toBe(0);
    expect(progressCounts(store.getState().ratesProgress)).toEqual({ done: 0, total: 1 });

    host.emit('rates/changed', { cells: [cell('2030-01-02', 150, 'synced', 5)] });
    expect(store.getState().ratesGrid!.cells.get(cellKey(7, '2030-01-02'))!.state).toBe('synced');
    expect(store.getState().ratesProgress && progressCounts(store.getState().ratesProgress)).toBeNull();
  });

  it('keeps a synced event that beats the submit answer instead of showing the cell saved again', async () => {
    const host = fakeHost({
      'rates/grid': grid,
      'rates/submit': () => ({ ok: true, data: { jobIds: [5], cells: [cell('2030-01-01', 120, 'saved', 5)] } }),
    });
    const store = createAppStore(host.api);
    await store.getState().loadRates('2030-01-01', '2030-01-03');
    store.getState().editRates([{ key: cellKey(7, '2030-01-01'), rate: 120 }]);
    host.onCall(() => host.emit('rates/changed', { cells: [cell('2030-01-01', 120, 'synced', 5)] }));
    await store.getState().submitRates();
    expect(store.getState().ratesGrid!.cells.get(cellKey(7, '2030-01-01'))!.state).toBe('synced');
    expect(progressCounts(store.getState().ratesProgress)).toBeNull();
  });

  it('shows a refusal on the cell the host names, and saves nothing', async () => {
    const host = fakeHost({
      'rates/grid': grid,
      'rates/submit': () => ({ ok: false, error: { code: 'invalid_argument', message: 'must not be in the past', field: 'changes.1.date' } }),
    });
    const store = createAppStore(host.api);
    await store.getState().loadRates('2030-01-01', '2030-01-03');
    store.getState().editRates([
      { key: cellKey(7, '2030-01-01'), rate: 120 },
      { key: cellKey(7, '2030-01-03'), rate: 130 },
    ]);
    await store.getState().submitRates();
    expect(store.getState().ratesEdits.problems.get(cellKey(7, '2030-01-03'))).toBe('must not be in the past');
    expect(store.getState().ratesEdits.pending.size).toBe(2);
    expect([...store.getState().ratesGrid!.cells.values()].map((each) => each.state)).toEqual(['default', 'default', 'default']);
  });

  it('retries a failed cell through its job and counts it again', async () => {
    const host = fakeHost({
      'rates/grid': () => ({ ok: true, data: { roomTypes, dates, cells: [cell(dates[0]!, 100, 'failed', 9, 'Invalid rate'), cell(dates[1]!, 100, 'failed', 9, 'Invalid rate'), cell(dates[2]!, 100, 'default')] } }),
      'jobs/retry': () => ({ ok: true, data: {} as never }),
    });
    const store = createAppStore(host.api);
    await store.getState().loadRates('2030-01-01', '2030-01-03');
    await store.getState().retryRateCells([cellKey(7, dates[0]!)]);
    expect(host.calls.at(-1)).toEqual({ name: 'jobs/retry', args: { id: 9 } });
    // The job carried both failed cells: both go back to saved.
    expect([...store.getState().ratesGrid!.cells.values()].map((each) => each.state)).toEqual(['saved', 'saved', 'default']);
    expect(progressCounts(store.getState().ratesProgress)).toEqual({ done: 0, total: 2 });
  });
});

describe('the rates slice, when the grid changes as a whole', () => {
  it('loads the same dates again on an empty rates/changed (room types imported)', async () => {
    let loads = 0;
    const host = fakeHost({
      'rates/grid': () => {
        loads += 1;
        return loads === 1 ? { ok: true, data: { roomTypes: [], dates, cells: [] } } : grid();
      },
    });
    const store = createAppStore(host.api);
    await store.getState().loadRates('2030-01-01', '2030-01-03');
    expect(store.getState().ratesGrid!.roomTypes).toEqual([]);
    host.emit('rates/changed', { cells: [] });
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(host.calls.filter((call) => call.name === 'rates/grid').at(-1)).toEqual({ name: 'rates/grid', args: { from: '2030-01-01', to: '2030-01-03' } });
    expect(store.getState().ratesGrid!.roomTypes).toEqual(roomTypes);
  });
});

describe('the rates slice and drafts', () => {
  it('brings back rates typed before a reload as pending, and saves edits as drafts once typing pauses', async () => {
    vi.useFakeTimers();
    try {
      const host = fakeHost({ 'rates/grid': grid, 'rates/drafts': () => ({ ok: true, data: { drafts: [{ roomTypeId: 7, date: '2030-01-02', rate: 140 }] } }) });
      const store = createAppStore(host.api);
      await store.getState().loadRates('2030-01-01', '2030-01-03');
      expect([...store.getState().ratesEdits.pending]).toEqual([[cellKey(7, '2030-01-02'), 140]]);
      store.getState().editRates([{ key: cellKey(7, '2030-01-03'), rate: 150 }]);
      await vi.advanceTimersByTimeAsync(399);
      expect(host.calls.some((call) => call.name === 'rates/save-drafts')).toBe(false);
      await vi.advanceTimersByTimeAsync(1);
      expect(host.calls.filter((call) => call.name === 'rates/save-drafts')).toEqual([
        {
          name: 'rates/save-drafts',
          args: {
            drafts: [
              { roomTypeId: 7, date: '2030-01-02', rate: 140 },
              { roomTypeId: 7, date: '2030-01-03', rate: 150 },
            ],
          },
        },
      ]);
    } finally {
      vi.useRealTimers();
    }
  });
});
