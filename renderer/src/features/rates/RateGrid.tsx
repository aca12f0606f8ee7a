import { memo, useLayoutEffect, useRef, useState, type KeyboardEvent, type MouseEvent, type ReactNode } from 'react';
import { baseRoomTypeOf, type RateCell, type RoomTypeInfo } from '../../../../shared/rates-contract.js';
import { dayParts } from '../../../../shared/hotel-time.js';
import { afterCommit, extendTo, inRange, isMoveKey, moveSelection, rangeOf, singleCell, type CellPos, type CellRange, type Selection } from './grid-selection.js';
import { GRID, scrollToReveal, visibleSpan } from './grid-window.js';
import { cellKey, pasteEdits, weekdayOf, type CellEdit, type InvalidEntry } from './pending-edits.js';
import { formatRate, parseRateInput } from './rate-input.js';
import { differentialWords } from './following.js';

export interface RateGridProps {
  roomTypes: RoomTypeInfo[];
  dates: string[];
  cells: ReadonlyMap<string, RateCell>;
  pending: ReadonlyMap<string, number>;
  /** Rates other room types take on by following a pending base rate (see `followingRates`). */
  following: ReadonlyMap<string, number>;
  problems: ReadonlyMap<string, string>;
  /** The nights the hotel calls its weekend (Monday = 0 … Sunday = 6), shaded. */
  weekendNights: ReadonlySet<number>;
  selection: Selection;
  onSelect(selection: Selection): void;
  onEdit(edits: CellEdit[], invalid?: InvalidEntry[]): void;
  onUndo(): void;
  onRedo(): void;
  /** Ctrl/Cmd+Enter: submit the pending edits. */
  onSubmit(): void;
}


/** The DOM id of a cell, for the grid's aria-activedescendant. */
const cellDomId = (pos: CellPos) => `rate-cell-${pos.row}-${pos.col}`;

/** Whether Tab (Shift+Tab) from the active cell goes past the grid's last (first) cell. */
function leavesGrid(selection: Selection, shift: boolean, size: { rows: number; cols: number }): boolean {
  const { row, col } = selection.focus;
  return shift ? row === 0 && col === 0 : row === size.rows - 1 && col === size.cols - 1;
}

/** The selected block as a spreadsheet takes it: rows by newline, cells by tab, rates as shown. */
export function copyBlock(range: CellRange, rateAt: (pos: CellPos) => number | undefined): string {
  const lines: string[] = [];
  for (let row = range.top; row <= range.bottom; row += 1) {
    const cells: string[] = [];
    for (let col = range.left; col <= range.right; col += 1) {
      const rate = rateAt({ row, col });
      cells.push(rate === undefined ? '' : rate.toFixed(2));
    }
    lines.push(cells.join('\t'));
  }
  return lines.join('\n');
}

export function dateLabel(date: string) {
  const { weekday, day, month } = dayParts(date);
  return { weekday, day: `${day} ${month}` };
}


/**
 * The rate grid: room types down, dates across, windowed in both directions. Keyboard and mouse
 * work as in a spreadsheet; edits go to `onEdit` and become pending, never straight to the host.
 */
export function RateGrid(props: RateGridProps) {
  const { roomTypes, dates, cells, pending, following, problems, weekendNights, selection, onSelect, onEdit, onUndo, onRedo, onSubmit } = props;
  const base = baseRoomTypeOf(roomTypes);
  const scroller = useRef<HTMLDivElement>(null);
  const [view, setView] = useState({ left: 0, top: 0, width: 1200, height: 600 });
  // `selectAll`: opened on the cell's value (F2, double-click), which typing then replaces.
  const [editing, setEditing] = useState<{ pos: CellPos; text: string; selectAll?: boolean } | null>(null);
  // Mirrors `editing` so a commit runs once even when Enter and the blur that follows both ask.
  const editingNow = useRef(editing);
  editingNow.current = editing;
  const size = { rows: roomTypes.length, cols: dates.length };
  const axes = { roomTypeIds: roomTypes.map((roomType) => roomType.id), dates };
  const range = rangeOf(selection);
  const keyAt = (pos: CellPos) => cellKey(roomTypes[pos.row]!.id, dates[pos.col]!);

  const measure = () => {
    const element = scroller.current;
    if (element) setView({ left: element.scrollLeft, top: element.scrollTop, width: element.clientWidth, height: element.clientHeight });
  };
  useLayoutEffect(() => {
    measure();
    window.addEventListener('resize', measure);
    return () => window.removeEventListener('resize', measure);
  }, []);

  // Keeps the active cell in view as the keyboard moves it.
  useLayoutEffect(() => {
    const element = scroller.current;
    if (!element || size.rows === 0) return;
    const { row, col } = selection.focus;
    element.scrollLeft = scrollToReveal(element.scrollLeft, element.clientWidth, GRID.rowHeaderWidth, GRID.rowHeaderWidth + col * GRID.colWidth, GRID.colWidth);
    element.scrollTop = scrollToReveal(element.scrollTop, element.clientHeight, GRID.headerHeight, GRID.headerHeight + row * GRID.rowHeight, GRID.rowHeight);
  }, [selection.focus.row, selection.focus.col, size.rows]);

  const focusGrid = () => scroller.current?.focus({ preventScroll: true });

  function commit(text: string, move: 'Enter' | 'Tab' | null, shift: boolean) {
    const editing = editingNow.current;
    if (!editing) return;
    editingNow.current = null;
    const key = keyAt(editing.pos);
    setEditing(null);
    const parsed = parseRateInput(text);
    onEdit(parsed.ok ? [{ key, rate: parsed.rate }] : [], parsed.ok ? [] : [{ key, reason: parsed.reason }]);
    if (move) onSelect(afterCommit(singleCell(editing.pos), move, shift, size));
    focusGrid();
  }

  /** The rate a cell shows: its pending edit, the one it follows, else what the host has (null: no base rate). */
  const shownAt = (pos: CellPos) => pending.get(keyAt(pos)) ?? following.get(keyAt(pos)) ?? cells.get(keyAt(pos))?.rate ?? undefined;
  const editValue = (pos: CellPos) => {
    const rate = shownAt(pos);
    setEditing({ pos, text: rate === undefined ? '' : formatRate(rate), selectAll: true });
  };

  function onGridKey(event: KeyboardEvent<HTMLDivElement>) {
    if (editing || size.rows === 0) return;
    const command = event.ctrlKey || event.metaKey;
    const key = event.key.toLowerCase();
    if (command && event.key === 'Enter') {
      onSubmit();
    } else if (command && ((key === 'z' && event.shiftKey) || (key === 'y' && !event.shiftKey))) {
      onRedo();
    } else if (command && key === 'z') {
      onUndo();
    } else if (isMoveKey(event.key)) {
      onSelect(moveSelection(selection, event.key, event.shiftKey, size));
    } else if (event.key === 'Tab' && leavesGrid(selection, event.shiftKey, size)) {
      // Tab past the last cell (Shift+Tab before the first) leaves the grid: no keyboard trap.
      return;
    } else if (event.key === 'Tab' || event.key === 'Enter') {
      onSelect(afterCommit(selection, event.key, event.shiftKey, size));
    } else if (event.key === 'F2') {
      editValue(selection.focus);
    } else if (/^[0-9.\-$€£]$/.test(event.key) && !event.ctrlKey && !event.metaKey && !event.altKey) {
      setEditing({ pos: selection.focus, text: event.key });
    } else if (event.key === 'Backspace' || event.key === 'Delete') {
      setEditing({ pos: selection.focus, text: '' });
    } else {
      return;
    }
    event.preventDefault();
  }

  /** The cell under a mouse event, found through the data attributes (one handler for all cells). */
  const cellAt = (event: MouseEvent): CellPos | null => {
    const target = (event.target as HTMLElement).closest<HTMLElement>('[data-row]');
    return target ? { row: Number(target.dataset.row), col: Number(target.dataset.col) } : null;
  };

  function onCellMouseDown(event: MouseEvent) {
    const pos = cellAt(event);
    if (!pos || event.button !== 0) return;
    if (editing) commit(editing.text, null, false);
    onSelect(event.shiftKey ? extendTo(selection, pos) : singleCell(pos));
    focusGrid();
    event.preventDefault();
  }

  function onCellMouseOver(event: MouseEvent) {
    // Dragging with the button held selects a range, as in a spreadsheet.
    const pos = event.buttons === 1 && !editing ? cellAt(event) : null;
    if (pos && (pos.row !== selection.focus.row || pos.col !== selection.focus.col)) onSelect(extendTo(selection, pos));
  }

  function onCellDoubleClick(event: MouseEvent) {
    const pos = cellAt(event);
    if (pos) editValue(pos);
  }

  function renderEditor(current: { pos: CellPos; text: string; selectAll?: boolean }, roomType: RoomTypeInfo) {
    const { pos } = current;
    return (
      <input
        key={dates[pos.col]}
        className="rate-cell editing"
        style={{ left: GRID.rowHeaderWidth + pos.col * GRID.colWidth }}
        aria-label={`Rate for ${roomType.name} on ${dates[pos.col]}`}
        autoFocus
        onFocus={(event) => {
          if (current.selectAll) event.target.select();
        }}
        inputMode="decimal"
        value={current.text}
        onChange={(event) => setEditing({ pos, text: event.target.value })}
        onBlur={() => commit(current.text, null, false)}
        onKeyDown={(event) => {
          if (event.key === 'Enter' || event.key === 'Tab') {
            event.preventDefault();
            commit(current.text, event.key, event.shiftKey);
          } else if (event.key === 'Escape') {
            event.preventDefault();
            editingNow.current = null;
            setEditing(null);
            focusGrid();
          }
        }}
      />
    );
  }

  const rows = visibleSpan(view.top, view.height - GRID.headerHeight, GRID.rowHeight, size.rows);
  // Chunks already render up to three columns past each edge.
  const cols = visibleSpan(view.left, view.width - GRID.rowHeaderWidth, GRID.colWidth, size.cols, 2);
  const colIndexes = Array.from({ length: cols.end - cols.start }, (_, i) => cols.start + i);
  const firstChunk = Math.floor(cols.start / CHUNK_COLS);
  const chunkIndexes = Array.from({ length: Math.ceil(cols.end / CHUNK_COLS) - firstChunk }, (_, i) => firstChunk + i);
  const innerWidth = GRID.rowHeaderWidth + size.cols * GRID.colWidth;

  return (
    <div
      ref={scroller}
      className="rate-grid"
      role="grid"
      aria-label="Rates"
      aria-rowcount={size.rows + 1}
      aria-colcount={size.cols + 1}
      aria-multiselectable="true"
      aria-activedescendant={size.rows > 0 && !editing ? cellDomId(selection.focus) : undefined}
      tabIndex={0}
      onScroll={measure}
      onKeyDown={onGridKey}
      onMouseDown={onCellMouseDown}
      onMouseOver={onCellMouseOver}
      onDoubleClick={onCellDoubleClick}
      onCopy={(event) => {
        if (editing || size.rows === 0) return;
        event.preventDefault();
        event.clipboardData.setData('text/plain', copyBlock(range, (pos) => shownAt(pos)));
      }}
      onPaste={(event) => {
        if (editing || size.rows === 0) return;
        event.preventDefault();
        const { edits, invalid } = pasteEdits(event.clipboardData.getData('text/plain'), { row: range.top, col: range.left }, axes);
        onEdit(edits, invalid);
      }}
    >
      <div className="rate-grid-inner" style={{ width: innerWidth, height: GRID.headerHeight + size.rows * GRID.rowHeight }}>
        <div className="rate-grid-header" role="row" style={{ width: innerWidth, height: GRID.headerHeight }}>
          <div className="rate-grid-corner" role="columnheader">
            Room type
          </div>
          {colIndexes.map((col) => {
            const date = dates[col]!;
            const label = dateLabel(date);
            return (
              <div
                key={date}
                role="columnheader"
                className={`rate-grid-date${weekendNights.has(weekdayOf(date)) ? ' weekend' : ''}`}
                style={{ left: GRID.rowHeaderWidth + col * GRID.colWidth }}
                data-date={date}
              >
                <span>{label.weekday}</span>
                <strong>{label.day}</strong>
              </div>
            );
          })}
        </div>
        {Array.from({ length: rows.end - rows.start }, (_, i) => rows.start + i).map((row) => {
          const roomType = roomTypes[row]!;
          return (
            <div key={roomType.id} className="rate-grid-row" role="row" style={{ top: GRID.headerHeight + row * GRID.rowHeight, width: innerWidth }}>
              <div className="rate-grid-roomtype" role="rowheader" title={roomType.name}>
                <span>{roomType.name}</span>
                <small>{roomType.differential.value === 0 ? 'base rate' : differentialWords(roomType)}</small>
              </div>
              {chunkIndexes.map((chunk) => {
                const first = chunk * CHUNK_COLS;
                const last = Math.min(size.cols, first + CHUNK_COLS) - 1;
                const hitsRange = row >= range.top && row <= range.bottom && range.left <= last && range.right >= first;
                const { focus } = selection;
                const editingHere = editing !== null && editing.pos.row === row && editing.pos.col >= first && editing.pos.col <= last;
                return (
                  <CellChunk
                    key={chunk}
                    roomType={roomType}
                    row={row}
                    first={first}
                    last={last}
                    dates={dates}
                    cells={cells}
                    pending={pending}
                    following={following}
                    derivedRow={base !== null && roomType.id !== base.id}
                    problems={problems}
                    weekendNights={weekendNights}
                    range={hitsRange ? range : null}
                    focusCol={focus.row === row && focus.col >= first && focus.col <= last ? focus.col : -1}
                    editorCol={editingHere ? editing.pos.col : -1}
                    editor={editingHere ? renderEditor(editing, roomType) : null}
                  />
                );
              })}
            </div>
          );
        })}
      </div>
    </div>
  );
}

/**
 * Cells are rendered in chunks of a few columns, each memoised: scrolling by a column leaves
 * every chunk's props unchanged (React skips them whole) until a new chunk scrolls in, instead
 * of comparing every visible cell on every scroll event.
 */
const CHUNK_COLS = 4;

interface CellChunkProps {
  roomType: RoomTypeInfo;
  row: number;
  /** First and last column of the chunk, both included. */
  first: number;
  last: number;
  dates: string[];
  cells: ReadonlyMap<string, RateCell>;
  pending: ReadonlyMap<string, number>;
  following: ReadonlyMap<string, number>;
  /** A row that follows the base room type (not the base itself): its hand-set cells are marked. */
  derivedRow: boolean;
  problems: ReadonlyMap<string, string>;
  weekendNights: ReadonlySet<number>;
  /** The selection, only when it touches this chunk (null keeps untouched chunks unchanged). */
  range: CellRange | null;
  /** The active cell's column when it is in this chunk, else -1. */
  focusCol: number;
  /** The cell being edited in this chunk (-1: none) and its input. */
  editorCol: number;
  editor: ReactNode;
}

const CellChunk = memo(function CellChunk(props: CellChunkProps) {
  const { roomType, row, dates, cells, pending, following, problems, range } = props;
  const out: ReactNode[] = [];
  for (let col = props.first; col <= props.last; col += 1) {
    if (col === props.editorCol) {
      out.push(props.editor);
      continue;
    }
    const date = dates[col]!;
    const key = cellKey(roomType.id, date);
    out.push(
      <GridCell
        key={date}
        cellId={key}
        left={GRID.rowHeaderWidth + col * GRID.colWidth}
        cell={cells.get(key)}
        pendingRate={pending.get(key)}
        followingRate={following.get(key)}
        byHand={props.derivedRow && cells.get(key)?.byHand === true}
        problem={problems.get(key)}
        weekend={props.weekendNights.has(weekdayOf(date))}
        selected={range !== null && inRange(range, row, col)}
        active={props.focusCol === col}
        row={row}
        col={col}
      />,
    );
  }
  return <>{out}</>;
});

interface GridCellProps {
  cellId: string;
  left: number;
  cell: RateCell | undefined;
  pendingRate: number | undefined;
  followingRate: number | undefined;
  /** Set by hand on a row that otherwise follows the base room type. */
  byHand: boolean;
  problem: string | undefined;
  weekend: boolean;
  selected: boolean;
  active: boolean;
  row: number;
  col: number;
}

/** One cell; memoised on its data so moving the selection repaints two cells, not five hundred. */
const GridCell = memo(
  function GridCell(props: GridCellProps) {
    const { cell, pendingRate, followingRate, problem } = props;
    const follows = pendingRate === undefined && followingRate !== undefined;
    const state = problem ? 'invalid' : pendingRate !== undefined || follows ? 'pending' : (cell?.state ?? 'default');
    // A night without a base rate (rate null) shows blank until someone sets one.
    const rate = pendingRate ?? followingRate ?? cell?.rate ?? undefined;
    const closed = cell?.closed === true;
    const title =
      problem ??
      (cell?.state === 'failed' ? `Cloudbeds refused this rate (${cell.error ?? 'no reason given'}). Select it to retry.` : closed ? 'Sales closed (stop-sell)' : undefined);
    const classes = [
      'rate-cell',
      `state-${state}`,
      follows && 'follows',
      props.byHand && 'by-hand',
      closed && 'closed',
      props.weekend && 'weekend',
      props.selected && 'selected',
      props.active && 'active',
    ];
    return (
      <div
        role="gridcell"
        id={cellDomId(props)}
        aria-selected={props.selected}
        className={classes.filter(Boolean).join(' ')}
        style={{ left: props.left }}
        data-cell={props.cellId}
        data-state={state}
        title={title}
        data-row={props.row}
        data-col={props.col}
      >
        {rate === undefined ? '' : formatRate(rate)}
        {(closed || props.byHand) && <span className="sr-only">{[closed && ', sales closed', props.byHand && ', set by hand'].filter(Boolean).join('')}</span>}
      </div>
    );
  },
  // Mouse handling is delegated to the grid (see `cellAt`), so a cell's props are all data.
);
