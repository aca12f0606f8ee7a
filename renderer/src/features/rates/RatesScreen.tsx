import { useEffect, useMemo, useState, type FormEvent } from 'react';
import { useApp } from '../../store.js';
import { hotelIdentity } from '../hotel/hotel-slice.js';
import { BulkEditPanel } from './BulkEditPanel.js';
import { rangeOf, rangeSize, singleCell, type Selection } from './grid-selection.js';
import { gridWindow } from './grid-window.js';
import { cellKey, changeCells, rangeKeys, splitCellKey } from './pending-edits.js';
import { parseRateChange, ROUNDING_LABEL, ROUNDINGS, type Rounding } from './rate-change.js';
import type { RatesGrid } from './rates-slice.js';
import { formatRate } from './rate-input.js';
import { dateLabel, RateGrid } from './RateGrid.js';
import { differentialWords, followingRates } from './following.js';
import { baseRoomTypeOf, type RoomTypeInfo } from '../../../../shared/rates-contract.js';
import { WEEK_NIGHTS } from '../../../../shared/settings-contract.js';

/** A pending rate more than 50 % away from the cell's current rate, as the question lists it. */
interface BigChange {
  label: string;
  from: number;
  to: number;
}

/** Pending rates more than half below or above what the cell has now (a null rate has no "now"). */
export function bigChanges(pending: ReadonlyMap<string, number>, grid: RatesGrid): BigChange[] {
  const names = new Map(grid.roomTypes.map((roomType) => [roomType.id, roomType.name]));
  const big: BigChange[] = [];
  for (const [key, to] of pending) {
    const from = grid.cells.get(key)?.rate;
    if (from === null || from === undefined || from <= 0 || Math.abs(to - from) / from <= 0.5) continue;
    const { roomTypeId, date } = splitCellKey(key);
    const label = dateLabel(date);
    big.push({ label: `${names.get(roomTypeId) ?? roomTypeId} ${label.weekday} ${label.day}:`, from, to });
  }
  return big;
}

/** A refused rate in plain words: what happened and what to do; Cloudbeds' own words go under Details. */
export function refusalInWords(rate: number, roomType: string, date: string): string {
  const label = dateLabel(date);
  return `Cloudbeds refused ${formatRate(rate)} for ${roomType} on ${label.weekday} ${label.day}. Check the rate, then press Retry, or type another.`;
}

const STATE_WORDS = { default: 'as Cloudbeds has it', saved: 'saved, waiting for Cloudbeds', synced: 'synced to Cloudbeds', failed: 'failed' };

/**
 * How a cell's rate relates to the base room type, for the cell info: the base itself, a cell
 * that follows it, or one set by hand that does not. Empty when no room type is the base.
 */
export function followWords(roomType: RoomTypeInfo, base: RoomTypeInfo | null, byHand: boolean, typedNow: boolean): string {
  if (!base) return '';
  if (roomType.id === base.id) return 'the base rate: the other room types follow it unless set by hand';
  if (typedNow) return `set by hand: will no longer follow ${base.name}`;
  if (byHand) return `set by hand: does not follow ${base.name}`;
  return `follows ${base.name} (${differentialWords(roomType)})`;
}

/** Rates: edit the grid, then submit; the header follows the push to Cloudbeds. */
export function RatesScreen() {
  const grid = useApp((state) => state.ratesGrid);
  const edits = useApp((state) => state.ratesEdits);
  const problems = edits.problems;
  const submitting = useApp((state) => state.ratesSubmitting);
  const loadRates = useApp((state) => state.loadRates);
  const editRates = useApp((state) => state.editRates);
  const undoRates = useApp((state) => state.undoRates);
  const redoRates = useApp((state) => state.redoRates);
  const discardRates = useApp((state) => state.discardRates);
  const submitRates = useApp((state) => state.submitRates);
  const setSalesClosed = useApp((state) => state.setSalesClosed);
  const followBaseAgain = useApp((state) => state.followBaseAgain);
  const retryRateCells = useApp((state) => state.retryRateCells);
  const currency = useApp((state) => hotelIdentity(state.hotel, state.settings).currency);
  const [selection, setSelection] = useState<Selection>(singleCell({ row: 0, col: 0 }));
  const [fillText, setFillText] = useState('');
  const [fillRounding, setFillRounding] = useState<Rounding>('cent');
  const [fillReason, setFillReason] = useState<string | null>(null);
  const [bulkOpen, setBulkOpen] = useState(false);
  // A question before a step that needs a second thought: discarding, or rates far from today's.
  const [confirming, setConfirming] = useState<{ kind: 'discard' } | { kind: 'big'; changes: BigChange[] } | null>(null);

  // Loaded once the host has said where the hotel is: a first load on the machine's date, then
  // a second on the hotel's, could land in either order.
  const timeZone = useApp((state) => state.hotel?.timeZone ?? null);
  useEffect(() => {
    if (timeZone === null) return;
    const { from, to } = gridWindow(timeZone);
    void loadRates(from, to);
  }, [loadRates, timeZone]);

  // Pending rates are kept as drafts, but closing a browser tab on them still deserves a word.
  // (Not in the desktop app: there, refusing to unload would silently keep the window from quitting.)
  const hasPending = edits.pending.size > 0;
  useEffect(() => {
    if (!hasPending || 'sentinel' in window) return;
    const warn = (event: BeforeUnloadEvent) => event.preventDefault();
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [hasPending]);

  // The hotel's weekend nights from Settings (Friday and Saturday until told otherwise).
  const weekendSetting = useApp((state) => state.settings?.property.weekendNights);
  const weekendNights = useMemo(() => new Set((weekendSetting ?? ['fri', 'sat']).map((night) => WEEK_NIGHTS.indexOf(night))), [weekendSetting]);
  const following = useMemo(() => (grid ? followingRates(edits.pending, grid) : new Map<string, number>()), [edits.pending, grid]);

  const failedKeys = useMemo(
    () => (grid ? [...grid.cells.entries()].filter(([, cell]) => cell.state === 'failed').map(([key]) => key) : []),
    [grid],
  );

  if (!grid) return <section className="screen"><div className="empty">Loading rates…</div></section>;
  if (grid.roomTypes.length === 0) {
    return (
      <section className="screen">
        <div className="empty">
          No room types yet. They are imported from Cloudbeds when it is first reached; the grid fills in by itself (see Sync status
          if it takes long).
        </div>
      </section>
    );
  }

  const axes = { roomTypeIds: grid.roomTypes.map((roomType) => roomType.id), dates: grid.dates };
  const range = rangeOf(selection);
  const pendingCount = edits.pending.size;
  const activeRoomType = grid.roomTypes[selection.focus.row];
  const activeDate = grid.dates[selection.focus.col];
  const activeKey = activeRoomType && activeDate ? cellKey(activeRoomType.id, activeDate) : null;
  const activeCell = activeKey ? grid.cells.get(activeKey) : undefined;
  const activeProblem = activeKey ? problems.get(activeKey) : undefined;
  const activePending = activeKey ? edits.pending.get(activeKey) : undefined;
  const activeFollowing = activeKey ? following.get(activeKey) : undefined;
  const base = baseRoomTypeOf(grid.roomTypes);
  const activeFollow = activeRoomType ? followWords(activeRoomType, base, activeCell?.byHand === true, activePending !== undefined) : '';
  const followNote = activeFollow ? ` · ${activeFollow}` : '';
  const salesNote = activeCell?.closed ? ' · sales closed (stop-sell)' : '';
  // Close or open sales of the selection's nights that have a rate (a night without one cannot be closed).
  const salesKeys = rangeKeys(range, axes).filter((key) => typeof grid.cells.get(key)?.rate === 'number');
  // The selection's cells set by hand on rows that follow the base: they can follow it again.
  const byHandKeys = base ? rangeKeys(range, axes).filter((key) => splitCellKey(key).roomTypeId !== base.id && grid.cells.get(key)?.byHand) : [];

  /** Submits, unless some rate is far from the current one: then asks first (a typo like 1130 for 113). */
  function submit() {
    if (!grid || edits.pending.size === 0 || submitting) return;
    const big = bigChanges(edits.pending, grid);
    if (big.length > 0) return setConfirming({ kind: 'big', changes: big });
    setConfirming(null);
    void submitRates();
  }

  /** A cell's rate now: its pending edit, else the host's (undefined: none). */
  const rateAt = (key: string) => edits.pending.get(key) ?? grid.cells.get(key)?.rate ?? undefined;

  function fill(event: FormEvent) {
    event.preventDefault();
    const parsed = parseRateChange(fillText);
    if (!parsed.ok) return setFillReason(parsed.reason);
    const changed = changeCells(rangeKeys(range, axes), rateAt, parsed.change, fillRounding);
    setFillReason(changed.invalid.length > 0 ? `${changed.invalid.length} would not be a rate (marked in the grid)` : null);
    editRates(changed.edits, changed.invalid);
  }

  return (
    <section className="screen rates-screen">
      <div className="toolbar">
        <h1>
          Rates{currency && <span className="rates-currency"> in {currency}</span>}
        </h1>
        <button type="button" onClick={undoRates} disabled={edits.undo.length === 0} title="Undo the last edit (Ctrl+Z)">
          Undo
        </button>
        <button type="button" onClick={redoRates} disabled={edits.redo.length === 0} title="Redo (Ctrl+Shift+Z or Ctrl+Y)">
          Redo
        </button>
        <button type="button" onClick={() => setConfirming({ kind: 'discard' })} disabled={pendingCount === 0 && problems.size === 0}>
          Discard changes
        </button>
        <form className="fill" onSubmit={fill}>
          <input
            aria-label="Fill value"
            title="A rate sets it; +10 or −5 moves each rate by that much; +10% or −15% by that share"
            inputMode="decimal"
            placeholder="149, +10, -5%"
            value={fillText}
            onChange={(event) => setFillText(event.target.value)}
          />
          <select aria-label="Fill rounding" value={fillRounding} onChange={(event) => setFillRounding(event.target.value as Rounding)}>
            {ROUNDINGS.map((option) => (
              <option key={option} value={option}>
                Round {ROUNDING_LABEL[option]}
              </option>
            ))}
          </select>
          <button type="submit">Fill {rangeSize(range) > 1 ? `${rangeSize(range)} cells` : 'cell'}</button>
        </form>
        <button type="button" aria-expanded={bulkOpen} onClick={() => setBulkOpen(!bulkOpen)}>
          Bulk edit
        </button>
        <button
          type="button"
          disabled={salesKeys.length === 0 || submitting}
          onClick={() => void setSalesClosed(salesKeys, true)}
          title="Stop-sell: close sales of the selected nights at Cloudbeds"
        >
          Close sales
        </button>
        <button type="button" disabled={salesKeys.length === 0 || submitting} onClick={() => void setSalesClosed(salesKeys, false)} title="Open sales of the selected nights again">
          Open sales
        </button>
        {failedKeys.length > 0 && (
          <button type="button" onClick={() => void retryRateCells(failedKeys)}>
            Retry {failedKeys.length} failed
          </button>
        )}
        <button type="button" className="primary" disabled={pendingCount === 0 || submitting} onClick={submit} title="Submit (Ctrl+Enter)">
          {pendingCount === 0 ? 'No changes' : `Submit ${pendingCount} ${pendingCount === 1 ? 'change' : 'changes'}`}
          {following.size > 0 && `, ${following.size} following`}
        </button>
      </div>
      {confirming?.kind === 'discard' && (
        <div className="confirm" role="alertdialog" aria-label="Discard changes?">
          <span>
            Discard {pendingCount} pending {pendingCount === 1 ? 'change' : 'changes'}? Undo brings them back.
          </span>
          <button
            type="button"
            autoFocus
            onClick={() => {
              discardRates();
              setConfirming(null);
            }}
          >
            Discard
          </button>
          <button type="button" onClick={() => setConfirming(null)}>
            Keep them
          </button>
        </div>
      )}
      {confirming?.kind === 'big' && (
        <div className="confirm" role="alertdialog" aria-label="Submit rates far from the current ones?">
          <span>
            {confirming.changes.length === 1 ? 'One rate differs' : `${confirming.changes.length} rates differ`} by more than half from the
            current rate: {confirming.changes.slice(0, 3).map((change) => `${change.label} ${formatRate(change.from)} → ${formatRate(change.to)}`).join('; ')}
            {confirming.changes.length > 3 ? ` and ${confirming.changes.length - 3} more` : ''}. Submit anyway?
          </span>
          <button
            type="button"
            autoFocus
            onClick={() => {
              setConfirming(null);
              void submitRates();
            }}
          >
            Submit anyway
          </button>
          <button type="button" onClick={() => setConfirming(null)}>
            Go back and check
          </button>
        </div>
      )}
      {fillReason && (
        <div className="error-text" role="alert">
          Fill: {fillReason}
        </div>
      )}
      {bulkOpen && (
        <BulkEditPanel
          roomTypes={grid.roomTypes}
          dates={grid.dates}
          initial={{
            roomTypeIds: grid.roomTypes.slice(range.top, range.bottom + 1).map((roomType) => roomType.id),
            from: grid.dates[range.left]!,
            to: grid.dates[range.right]!,
          }}
          rateAt={rateAt}
          onApply={(changed, invalid) => editRates(changed, invalid)}
          onClose={() => setBulkOpen(false)}
        />
      )}
      <div className="cell-info" aria-live="polite" data-testid="cell-info">
        {activeRoomType && activeDate && (
          <>
            <strong>
              {activeRoomType.name} · {dateLabel(activeDate).weekday} {dateLabel(activeDate).day}
            </strong>
            {activeProblem ? (
              <span className="error-text">{activeProblem}</span>
            ) : activePending !== undefined ? (
              <span>
                {formatRate(activePending)}, pending: submit to save{followNote}
              </span>
            ) : activeFollowing !== undefined && base ? (
              <span>
                {formatRate(activeFollowing)}, pending: follows {base.name}’s pending rate ({differentialWords(activeRoomType)}); submit to save
              </span>
            ) : activeCell?.state === 'failed' && activeCell.rate !== null ? (
              <span className="error-text">
                {refusalInWords(activeCell.rate, activeRoomType.name, activeDate)}
                {activeCell.error && (
                  <details className="details">
                    <summary>Details</summary>
                    {activeCell.error}
                  </details>
                )}
              </span>
            ) : activeCell ? (
              <span>
                {activeCell.rate === null ? 'no base rate for this night in Cloudbeds' : `${formatRate(activeCell.rate)}, ${STATE_WORDS[activeCell.state]}${followNote}`}
                {salesNote}
              </span>
            ) : null}
            {base && byHandKeys.length > 0 && (
              <button type="button" disabled={submitting} onClick={() => void followBaseAgain(byHandKeys)}>
                Follow {base.name} again{byHandKeys.length > 1 ? ` (${byHandKeys.length} cells)` : ''}
              </button>
            )}
            {activeCell?.state === 'failed' && activeKey && !activeProblem && activePending === undefined && (
              <button type="button" onClick={() => void retryRateCells([activeKey])}>
                Retry
              </button>
            )}
          </>
        )}
        <span className="legend">
          <i className="state-pending" /> pending <i className="state-saved" /> saved <i className="state-synced" /> synced <i className="state-failed" /> failed{' '}
          <i className="by-hand" /> set by hand <i className="closed" /> sales closed
        </span>
      </div>
      <RateGrid
        roomTypes={grid.roomTypes}
        dates={grid.dates}
        cells={grid.cells}
        pending={edits.pending}
        following={following}
        problems={problems}
        weekendNights={weekendNights}
        selection={selection}
        onSelect={setSelection}
        onEdit={editRates}
        onUndo={undoRates}
        onRedo={redoRates}
        onSubmit={submit}
      />
    </section>
  );
}
