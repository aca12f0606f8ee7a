/** A cell position in the grid: row = room type index, col = date index. */
export interface CellPos {
  row: number;
  col: number;
}

/** The selected range: where it started (anchor) and where it ends (focus, the active cell). */
export interface Selection {
  anchor: CellPos;
  focus: CellPos;
}

export interface GridSize {
  rows: number;
  cols: number;
}

export interface CellRange {
  top: number;
  left: number;
  bottom: number;
  right: number;
}

export const singleCell = (pos: CellPos): Selection => ({ anchor: pos, focus: pos });

export function rangeOf(selection: Selection): CellRange {
  return {
    top: Math.min(selection.anchor.row, selection.focus.row),
    bottom: Math.max(selection.anchor.row, selection.focus.row),
    left: Math.min(selection.anchor.col, selection.focus.col),
    right: Math.max(selection.anchor.col, selection.focus.col),
  };
}

export const inRange = (range: CellRange, row: number, col: number) =>
  row >= range.top && row <= range.bottom && col >= range.left && col <= range.right;

export const rangeSize = (range: CellRange) => (range.bottom - range.top + 1) * (range.right - range.left + 1);

const clamp = (value: number, max: number) => Math.max(0, Math.min(max - 1, value));

/** Every key the grid moves on when not editing, and what it does to the selection. */
const MOVES: Record<string, (pos: CellPos, size: GridSize, page: number) => CellPos> = {
  ArrowUp: (pos) => ({ ...pos, row: pos.row - 1 }),
  ArrowDown: (pos) => ({ ...pos, row: pos.row + 1 }),
  ArrowLeft: (pos) => ({ ...pos, col: pos.col - 1 }),
  ArrowRight: (pos) => ({ ...pos, col: pos.col + 1 }),
  Home: (pos) => ({ ...pos, col: 0 }),
  End: (pos, size) => ({ ...pos, col: size.cols - 1 }),
  PageDown: (pos, _size, page) => ({ ...pos, col: pos.col + page }),
  PageUp: (pos, _size, page) => ({ ...pos, col: pos.col - page }),
};

export const isMoveKey = (key: string) => key in MOVES;

/**
 * The keyboard navigation reducer: arrows (and Home/End/PageUp/PageDown, which page through
 * dates) move the active cell; with shift they extend the range from the anchor instead.
 */
export function moveSelection(selection: Selection, key: string, shift: boolean, size: GridSize, page = 7): Selection {
  const move = MOVES[key];
  if (!move || size.rows === 0 || size.cols === 0) return selection;
  const next = move(selection.focus, size, page);
  const focus = { row: clamp(next.row, size.rows), col: clamp(next.col, size.cols) };
  return shift ? { anchor: selection.anchor, focus } : singleCell(focus);
}

/**
 * Where the active cell goes after an edit is committed: Enter moves down, Tab right
 * (shift reverses both), as in a spreadsheet. The range collapses to the new cell.
 */
export function afterCommit(selection: Selection, key: 'Enter' | 'Tab', shift: boolean, size: GridSize): Selection {
  const step = shift ? -1 : 1;
  const { row, col } = selection.focus;
  const next = key === 'Enter' ? { row: clamp(row + step, size.rows), col } : { row, col: clamp(col + step, size.cols) };
  return singleCell(next);
}

/** Shift+click: keep the anchor, move the focus. */
export const extendTo = (selection: Selection, pos: CellPos): Selection => ({ anchor: selection.anchor, focus: pos });
