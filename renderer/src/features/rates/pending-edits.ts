import type { CellPos, CellRange } from './grid-selection.js';
import { parseRateInput } from './rate-input.js';

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

/** One undo step: every cell one action touched, with its pending value before (undefined: none). */
type UndoStep = { key: string; before: number | undefined }[];

/** Edits made but not submitted, and how to take them back one action at a time. */
export interface PendingEdits {
  pending: ReadonlyMap<string, number>;
  undo: readonly UndoStep[];
}

export const NO_EDITS: PendingEdits = { pending: new Map(), undo: [] };

/** Undo remembers this many actions; older ones can only be discarded with the rest. */
const UNDO_DEPTH = 200;

/** Applies one action's edits as one undo step (a fill of 300 cells undoes in one go). */
export function applyEdits(state: PendingEdits, edits: readonly CellEdit[]): PendingEdits {
  if (edits.length === 0) return state;
  const pending = new Map(state.pending);
  const step: UndoStep = [];
  for (const edit of edits) {
    step.push({ key: edit.key, before: pending.get(edit.key) });
    pending.set(edit.key, edit.rate);
  }
  return { pending, undo: [...state.undo.slice(-(UNDO_DEPTH - 1)), step] };
}

/** Reverts the last action: each cell it touched gets back its earlier pending value, or none. */
export function undoLast(state: PendingEdits): PendingEdits {
  const step = state.undo.at(-1);
  if (!step) return state;
  const pending = new Map(state.pending);
  // Backwards, so a cell touched twice in one step ends at its value before the step.
  for (const { key, before } of [...step].reverse()) {
    if (before === undefined) pending.delete(key);
    else pending.set(key, before);
  }
  return { pending, undo: state.undo.slice(0, -1) };
}

/** The grid's axes, as the pure edit planners need them. */
export interface GridAxes {
  roomTypeIds: readonly number[];
  dates: readonly string[];
}

/** "Fill": every cell of the selected range gets the same rate. */
export function fillRange(range: CellRange, axes: GridAxes, rate: number): CellEdit[] {
  const edits: CellEdit[] = [];
  for (let row = range.top; row <= range.bottom; row += 1) {
    for (let col = range.left; col <= range.right; col += 1) edits.push({ key: cellKey(axes.roomTypeIds[row]!, axes.dates[col]!), rate });
  }
  return edits;
}

/** Monday = 0 … Sunday = 6, as the bulk edit panel lists them. */
export const weekdayOf = (isoDate: string) => (new Date(`${isoDate}T00:00:00Z`).getUTCDay() + 6) % 7;

export interface BulkEdit {
  roomTypeIds: readonly number[];
  from: string;
  to: string;
  /** Monday = 0 … Sunday = 6. */
  weekdays: ReadonlySet<number>;
  rate: number;
}

/** Bulk edit: the chosen room types, on the chosen weekdays between two dates (inclusive). */
export function bulkEdits(bulk: BulkEdit, axes: GridAxes): CellEdit[] {
  const dates = axes.dates.filter((date) => date >= bulk.from && date <= bulk.to && bulk.weekdays.has(weekdayOf(date)));
  const rows = axes.roomTypeIds.filter((id) => bulk.roomTypeIds.includes(id));
  return rows.flatMap((roomTypeId) => dates.map((date) => ({ key: cellKey(roomTypeId, date), rate: bulk.rate })));
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
