import type { CellPos, CellRange } from './grid-selection.js';
import { rateValue } from '../../../../shared/rates-contract.js';
import { applyRateChange, type RateChange, type Rounding } from './rate-change.js';
import { formatRate, parseRateInput } from './rate-input.js';

/** A cell's identity across reloads: room type and date, never a grid index. */
export const cellKey = (roomTypeId: number, date: string) => `${roomTypeId}|${date}`;

export function splitCellKey(key: string): { roomTypeId: number; date: string } {
  const [roomTypeId, date] = key.split('|');
  return { roomTypeId: Number(roomTypeId), date: date! };
}

export interface CellEdit {
  key: string;
  rate: number;
}

/** An entry that could not become pending, with the reason shown on the cell. */
export interface InvalidEntry {
  key: string;
  reason: string;
}

/** What a cell shows before it is submitted: a pending rate, or the reason its entry was refused. */
interface CellDraft {
  rate?: number;
  problem?: string;
}

/** One undo step: every cell one action touched, as it was before and after. */
type EditStep = { key: string; before: CellDraft; after: CellDraft }[];

/** Edits made but not submitted, the reasons entries were refused, and how to move through them. */
export interface PendingEdits {
  pending: ReadonlyMap<string, number>;
  /** Why a cell's entry was refused (by the grid or by the host), shown on the cell. */
  problems: ReadonlyMap<string, string>;
  undo: readonly EditStep[];
  redo: readonly EditStep[];
}

export const NO_EDITS: PendingEdits = { pending: new Map(), problems: new Map(), undo: [], redo: [] };

/** Undo remembers this many actions; older ones can only be discarded with the rest. */
const UNDO_DEPTH = 200;

const draftOf = (state: { pending: ReadonlyMap<string, number>; problems: ReadonlyMap<string, string> }, key: string): CellDraft => {
  const rate = state.pending.get(key);
  const problem = state.problems.get(key);
  return { ...(rate !== undefined ? { rate } : {}), ...(problem !== undefined ? { problem } : {}) };
};

function setDraft(pending: Map<string, number>, problems: Map<string, string>, key: string, draft: CellDraft): void {
  if (draft.rate === undefined) pending.delete(key);
  else pending.set(key, draft.rate);
  if (draft.problem === undefined) problems.delete(key);
  else problems.set(key, draft.problem);
}

/** Applies a step's drafts (its `after`, or its `before` going back), in order. */
function applyStep(state: PendingEdits, step: EditStep, side: 'before' | 'after'): Pick<PendingEdits, 'pending' | 'problems'> {
  const pending = new Map(state.pending);
  const problems = new Map(state.problems);
  // Going back runs backwards, so a cell touched twice in one step ends as it was before it.
  for (const change of side === 'after' ? step : [...step].reverse()) setDraft(pending, problems, change.key, change[side]);
  return { pending, problems };
}

/** Records a step made of per-cell changes, as one undo step; a new action clears redo. */
function record(state: PendingEdits, changes: { key: string; after: CellDraft }[]): PendingEdits {
  if (changes.length === 0) return state;
  const pending = new Map(state.pending);
  const problems = new Map(state.problems);
  const step: EditStep = changes.map(({ key, after }) => {
    const before = draftOf({ pending, problems }, key);
    setDraft(pending, problems, key, after);
    return { key, before, after };
  });
  return { pending, problems, undo: [...state.undo.slice(-(UNDO_DEPTH - 1)), step], redo: [] };
}

/**
 * Applies one action's edits (and the entries it refused) as one undo step: a fill of 300 cells
 * undoes in one go, and undo brings back a refused entry's marker as well as earlier rates.
 */
export function applyEdits(state: PendingEdits, edits: readonly CellEdit[], invalid: readonly InvalidEntry[] = []): PendingEdits {
  return record(state, [
    ...edits.map((edit) => ({ key: edit.key, after: { rate: edit.rate } })),
    ...invalid.map((entry) => ({ key: entry.key, after: { ...draftOf(state, entry.key), problem: entry.reason } })),
  ]);
}

/** Discards every pending edit and marker, as one step that undo brings back. */
export function discardAll(state: PendingEdits): PendingEdits {
  const keys = new Set([...state.pending.keys(), ...state.problems.keys()]);
  return record(state, [...keys].map((key) => ({ key, after: {} })));
}

/** Reverts the last action: each cell it touched is as it was before. */
export function undoLast(state: PendingEdits): PendingEdits {
  const step = state.undo.at(-1);
  if (!step) return state;
  return { ...applyStep(state, step, 'before'), undo: state.undo.slice(0, -1), redo: [...state.redo, step] };
}

/** Does again the last action undone. */
export function redoLast(state: PendingEdits): PendingEdits {
  const step = state.redo.at(-1);
  if (!step) return state;
  return { ...applyStep(state, step, 'after'), undo: [...state.undo, step], redo: state.redo.slice(0, -1) };
}

/** The host refused an entry: marks the cell, outside undo (nothing the person did to take back). */
export function withProblem(state: PendingEdits, key: string, problem: string): PendingEdits {
  return { ...state, problems: new Map(state.problems).set(key, problem) };
}

/** After a submit saved every pending rate: nothing is pending, only markers of other cells stay. */
export function afterSubmit(state: PendingEdits, submitted: readonly string[]): PendingEdits {
  const problems = new Map(state.problems);
  for (const key of submitted) problems.delete(key);
  return { ...NO_EDITS, problems };
}

/** The grid's axes, as the pure edit planners need them. */
export interface GridAxes {
  roomTypeIds: readonly number[];
  dates: readonly string[];
}

/** Every cell of a range of the grid. */
export function rangeKeys(range: CellRange, axes: GridAxes): string[] {
  const keys: string[] = [];
  for (let row = range.top; row <= range.bottom; row += 1) {
    for (let col = range.left; col <= range.right; col += 1) keys.push(cellKey(axes.roomTypeIds[row]!, axes.dates[col]!));
  }
  return keys;
}

/** "Fill": every cell of the selected range gets the same rate. */
export function fillRange(range: CellRange, axes: GridAxes, rate: number): CellEdit[] {
  return rangeKeys(range, axes).map((key) => ({ key, rate }));
}

/**
 * A change (set, ±amount, ±percent, rounded) applied to each cell on its own rate (`rateAt`:
 * its pending edit, else what the host has). A result that is no rate (below a cent, past the
 * maximum) is refused on its cell; a cell with no rate to change is left alone and counted.
 */
export function changeCells(
  keys: readonly string[],
  rateAt: (key: string) => number | undefined,
  change: RateChange,
  rounding: Rounding,
): { edits: CellEdit[]; invalid: InvalidEntry[]; skipped: number } {
  const edits: CellEdit[] = [];
  const invalid: InvalidEntry[] = [];
  let skipped = 0;
  for (const key of keys) {
    const next = applyRateChange(rateAt(key), change, rounding);
    if (next === undefined) {
      skipped += 1;
      continue;
    }
    const checked = rateValue.safeParse(next);
    if (checked.success) edits.push({ key, rate: next });
    else invalid.push({ key, reason: `${formatRate(next)} is not a rate: ${checked.error.issues[0]?.message ?? 'out of range'}` });
  }
  return { edits, invalid, skipped };
}

/** Monday = 0 … Sunday = 6, as the bulk edit panel lists them. */
export const weekdayOf = (isoDate: string) => (new Date(`${isoDate}T00:00:00Z`).getUTCDay() + 6) % 7;

export interface BulkSelection {
  roomTypeIds: readonly number[];
  from: string;
  to: string;
  /** Monday = 0 … Sunday = 6. */
  weekdays: ReadonlySet<number>;
}

/** Bulk edit's cells: the chosen room types, on the chosen weekdays between two dates (inclusive). */
export function bulkKeys(bulk: BulkSelection, axes: GridAxes): string[] {
  const dates = axes.dates.filter((date) => date >= bulk.from && date <= bulk.to && bulk.weekdays.has(weekdayOf(date)));
  const rows = axes.roomTypeIds.filter((id) => bulk.roomTypeIds.includes(id));
  return rows.flatMap((roomTypeId) => dates.map((date) => cellKey(roomTypeId, date)));
}

/** A block copied from a spreadsheet: rows by newline, cells by tab; a trailing newline is not a row. */
export function parseClipboardBlock(text: string): string[][] {
  const lines = text.replace(/\r\n?/g, '\n').replace(/\n$/, '').split('\n');
  return lines.map((line) => line.split('\t'));
}

/**
 * Pastes a block with its top-left at `at`. Cells past the grid's edge are dropped; an empty
 * cell leaves its target alone; an invalid one is reported and not applied.
 */
export function pasteEdits(text: string, at: CellPos, axes: GridAxes): { edits: CellEdit[]; invalid: InvalidEntry[] } {
  const edits: CellEdit[] = [];
  const invalid: InvalidEntry[] = [];
  parseClipboardBlock(text).forEach((line, rowOffset) => {
    const roomTypeId = axes.roomTypeIds[at.row + rowOffset];
    if (roomTypeId === undefined) return;
    line.forEach((value, colOffset) => {
      const date = axes.dates[at.col + colOffset];
      if (date === undefined || value.trim() === '') return;
      const key = cellKey(roomTypeId, date);
      const parsed = parseRateInput(value);
      if (parsed.ok) edits.push({ key, rate: parsed.rate });
      else invalid.push({ key, reason: parsed.reason });
    });
  });
  return { edits, invalid };
}
