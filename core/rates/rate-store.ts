import type { RateCell, RoomTypeInfo } from '../../shared/rates-contract.js';
import type { Db } from '../store/database.js';

/** A room type as stored, with what the push needs (its base plan's Cloudbeds rateId). */
export interface StoredRoomType extends RoomTypeInfo {
  rateId: number;
}

interface RoomTypeRow {
  id: number;
  name: string;
  short_name: string;
  rate_id: number;
  differential_kind: 'amount' | 'percent';
  differential_value: number;
  sort_order: number;
}

export interface CellRow {
  room_type_id: number;
  date: string;
  rate: number;
  state: 'saved' | 'synced' | 'failed';
  error: string | null;
  job_id: number | null;
  rate_by_hand: 0 | 1;
  closed: 0 | 1 | null;
}

/**
 * A cell to store as saved and push. `byHand` and `closed` left out keep what the row has (a
 * new row follows the base, and never touches Cloudbeds' open/closed state).
 */
export interface SavedCell {
  roomTypeId: number;
  date: string;
  rate: number;
  byHand?: boolean;
  closed?: boolean;
}

/** A cell as a push stores it: what it keeps from its row (by hand, closed) already merged in. */
export interface SavedRow {
  roomTypeId: number;
  date: string;
  rate: number;
  jobId: number;
  byHand: boolean;
  /** Null: never closed or opened from this app. */
  closed: boolean | null;
}

const toRoomType = (row: RoomTypeRow): StoredRoomType => ({
  id: row.id,
  name: row.name,
  shortName: row.short_name,
  rateId: row.rate_id,
  differential: { kind: row.differential_kind, value: row.differential_value },
});

/** A stored override as the contract shows it. */
export const toRateCell = (row: CellRow): RateCell => ({
  roomTypeId: row.room_type_id,
  date: row.date,
  rate: row.rate,
  state: row.state,
  error: row.error,
  jobId: row.job_id,
  byHand: row.rate_by_hand === 1,
  closed: row.closed === 1,
});

/** A stored cell as the push sends it: its rate, and `closed` only when this app set it. */
export const toPushCell = (row: CellRow) => ({
  roomTypeId: row.room_type_id,
  date: row.date,
  rate: row.rate,
  ...(row.closed === null ? {} : { closed: row.closed === 1 }),
});

const CELL_COLUMNS = 'room_type_id, date, rate, state, error, job_id, rate_by_hand, closed';

/** Every statement on the rate tables, prepared once. Callers own the transactions. */
export function createRateStore(db: Db) {
  const statements = {
    roomTypes: db.prepare<[], RoomTypeRow>('SELECT * FROM room_types ORDER BY sort_order, id'),
    hasRoomTypes: db.prepare<[], { one: number }>('SELECT 1 AS one FROM room_types LIMIT 1'),
    insertRoomType: db.prepare(`INSERT INTO room_types (id, name, short_name, rate_id, differential_kind, differential_value, sort_order)
      VALUES (@id, @name, @shortName, @rateId, @kind, @value, @sortOrder)`),
    upsertBaseRate: db.prepare('INSERT INTO base_rates (date, rate) VALUES (?, ?) ON CONFLICT (date) DO UPDATE SET rate = excluded.rate'),
    baseRatesBetween: db.prepare<[string, string], { date: string; rate: number }>('SELECT date, rate FROM base_rates WHERE date BETWEEN ? AND ?'),
    // The base rate in force before a range: a date past the imported year follows the last known one.
    baseRateBefore: db.prepare<[string], { rate: number }>('SELECT rate FROM base_rates WHERE date < ? ORDER BY date DESC LIMIT 1'),
    firstBaseRate: db.prepare<[], { rate: number }>('SELECT rate FROM base_rates ORDER BY date LIMIT 1'),
    baseRateSpan: db.prepare<[], { first: string | null; last: string | null }>('SELECT MIN(date) AS first, MAX(date) AS last FROM base_rates'),
    overridesBetween: db.prepare<[string, string], CellRow>(`SELECT ${CELL_COLUMNS} FROM rate_cells WHERE date BETWEEN ? AND ?`),
    // One statement for the whole batch: 1,000 single-row upserts cost 6 ms in call overhead alone.
    // Each row comes complete ([roomTypeId, date, rate, jobId, byHand 0|1, closed 0|1|null]).
    saveAll: db.prepare<{ cells: string; now: number }>(
      `INSERT INTO rate_cells (room_type_id, date, rate, state, error, job_id, updated_at, rate_by_hand, closed)
      SELECT cell.value ->> 0, cell.value ->> 1, cell.value ->> 2, 'saved', NULL, cell.value ->> 3, @now, cell.value ->> 4, cell.value ->> 5
      FROM json_each(@cells) AS cell WHERE true
      ON CONFLICT (room_type_id, date) DO UPDATE SET rate = excluded.rate, state = 'saved', error = NULL,
        job_id = excluded.job_id, updated_at = excluded.updated_at, rate_by_hand = excluded.rate_by_hand, closed = excluded.closed`),
    cellsAt: db.prepare<[string], CellRow>(`SELECT ${CELL_COLUMNS} FROM json_each(?) AS cell
      JOIN rate_cells c ON c.room_type_id = cell.value ->> 0 AND c.date = cell.value ->> 1`),
    savedOfJob: db.prepare<[number], CellRow>(`SELECT ${CELL_COLUMNS} FROM rate_cells WHERE job_id = ? AND state = 'saved'
      ORDER BY room_type_id, date`),
    settleRange: db.prepare<{ jobId: number; roomTypeId: number; from: string; to: string; state: string; error: string | null; now: number }, CellRow>(
      `UPDATE rate_cells SET state = @state, error = @error, updated_at = @now,
        synced_rate = CASE WHEN @state = 'synced' THEN rate ELSE synced_rate END,
        synced_closed = CASE WHEN @state = 'synced' THEN closed ELSE synced_closed END
      WHERE job_id = @jobId AND room_type_id = @roomTypeId AND date BETWEEN @from AND @to AND state = 'saved'
      RETURNING ${CELL_COLUMNS}`),
    failSavedOfJob: db.prepare<{ jobId: number; error: string; now: number }, CellRow>(`UPDATE rate_cells
      SET state = 'failed', error = @error, updated_at = @now WHERE job_id = @jobId AND state = 'saved' RETURNING ${CELL_COLUMNS}`),
    resaveFailedOfJob: db.prepare<{ jobId: number; now: number }, CellRow>(`UPDATE rate_cells
      SET state = 'saved', error = NULL, updated_at = @now WHERE job_id = @jobId AND state = 'failed' RETURNING ${CELL_COLUMNS}`),
    moveCell: db.prepare('UPDATE rate_cells SET job_id = ? WHERE room_type_id = ? AND date = ? AND job_id = ?'),
    // The push jobs the given cells point at now, before a new submit points them elsewhere.
    jobsOfCells: db.prepare<[string], { job_id: number }>(`SELECT DISTINCT c.job_id FROM json_each(?) AS cell
      JOIN rate_cells c ON c.room_type_id = cell.value ->> 0 AND c.date = cell.value ->> 1 WHERE c.job_id IS NOT NULL`),
    // Of those jobs, the ones no cell waits on any more (all sent again by a later push).
    withoutLiveCells: db.prepare<[string], { id: number }>(`SELECT job.value AS id FROM json_each(?) AS job
      WHERE NOT EXISTS (SELECT 1 FROM rate_cells c WHERE c.job_id = job.value AND (c.state = 'saved' OR c.state = 'failed'))`),
    // A discarded push's failed cells: back to what Cloudbeds confirmed, or to no override at all.
    restoreFailedOfJob: db.prepare<{ jobId: number; now: number }, CellRow>(`UPDATE rate_cells
      SET rate = synced_rate, closed = synced_closed, state = 'synced', error = NULL, updated_at = @now
      WHERE job_id = @jobId AND state = 'failed' AND synced_rate IS NOT NULL RETURNING ${CELL_COLUMNS}`),
    dropFailedOfJob: db.prepare<{ jobId: number }, CellRow>(`DELETE FROM rate_cells
      WHERE job_id = @jobId AND state = 'failed' AND synced_rate IS NULL RETURNING ${CELL_COLUMNS}`),
    confirmed: db.prepare<[number, string], { synced_rate: number | null; synced_closed: 0 | 1 | null }>(
      'SELECT synced_rate, synced_closed FROM rate_cells WHERE room_type_id = ? AND date = ?',
    ),
  };

  return {
    roomTypes: (): StoredRoomType[] => statements.roomTypes.all().map(toRoomType),
    hasRoomTypes: (): boolean => statements.hasRoomTypes.get() !== undefined,

    insertRoomType(roomType: StoredRoomType, sortOrder: number): void {
      statements.insertRoomType.run({
        id: roomType.id,
        name: roomType.name,
        shortName: roomType.shortName,
        rateId: roomType.rateId,
        kind: roomType.differential.kind,
        value: roomType.differential.value,
        sortOrder,
      });
    },

    upsertBaseRate: (date: string, rate: number): void => void statements.upsertBaseRate.run(date, rate),

    /** The stored base rate of each date of the range that has one. */
    baseRatesBetween(from: string, to: string): Map<string, number> {
      return new Map(statements.baseRatesBetween.all(from, to).map((row) => [row.date, row.rate]));
    },
    /** The last base rate before a date (or the first one when there is none before). */
    baseRateBefore: (date: string): number | undefined => (statements.baseRateBefore.get(date) ?? statements.firstBaseRate.get())?.rate,
    /**
     * The first and last dates with a base rate: inside the span, a date without one is a night
     * Cloudbeds had no rate for; outside it, the imported year simply did not reach.
     */
    baseRateSpan(): { first: string; last: string } | undefined {
      const span = statements.baseRateSpan.get();
      return span?.first && span.last ? { first: span.first, last: span.last } : undefined;
    },

    overridesBetween: (from: string, to: string): CellRow[] => statements.overridesBetween.all(from, to),

    /** Stores cells as saved by their pushes, every column given (see `SavedRow`). */
    saveAll(rows: readonly SavedRow[], now: number): void {
      if (rows.length === 0) return;
      const cells = rows.map((row) => [row.roomTypeId, row.date, row.rate, row.jobId, row.byHand ? 1 : 0, row.closed === null ? null : row.closed ? 1 : 0]);
      statements.saveAll.run({ cells: JSON.stringify(cells), now });
    },

    /** The stored rows of these cells (those that have one). */
    cellsAt: (cells: readonly { roomTypeId: number; date: string }[]): CellRow[] =>
      statements.cellsAt.all(JSON.stringify(cells.map((cell) => [cell.roomTypeId, cell.date]))),

    /** The cells a push still has to send: its own (not superseded) and not yet settled. */
    savedOfJob: (jobId: number): CellRow[] => statements.savedOfJob.all(jobId),

    /** Marks a push's still-saved cells of one room type and date range synced or failed. */
    settleRange(args: { jobId: number; roomTypeId: number; from: string; to: string; state: 'synced' | 'failed'; error: string | null; now: number }): CellRow[] {
      return statements.settleRange.all(args);
    },

    failSavedOfJob: (jobId: number, error: string, now: number): CellRow[] => statements.failSavedOfJob.all({ jobId, error, now }),
    resaveFailedOfJob: (jobId: number, now: number): CellRow[] => statements.resaveFailedOfJob.all({ jobId, now }),
    moveCell: (cell: { roomTypeId: number; date: string }, fromJob: number, toJob: number): void =>
      void statements.moveCell.run(toJob, cell.roomTypeId, cell.date, fromJob),

    /** The push jobs these cells point at now. */
    jobsOfCells: (cells: readonly { roomTypeId: number; date: string }[]): number[] =>
      statements.jobsOfCells.all(JSON.stringify(cells.map((cell) => [cell.roomTypeId, cell.date]))).map((row) => row.job_id),
    /** Of these jobs, those no saved or failed cell points at any more. */
    withoutLiveCells: (jobIds: readonly number[]): number[] =>
      jobIds.length === 0 ? [] : statements.withoutLiveCells.all(JSON.stringify(jobIds)).map((row) => row.id),

    /**
     * A discarded push's failed cells go back to what Cloudbeds has: the rate it last confirmed,
     * or (never confirmed) no override, which shows the base rate and differential. Returns how
     * many were restored and dropped; call inside a transaction.
     */
    /** What Cloudbeds last confirmed of a cell (rate and open/closed); undefined without a row. */
    confirmed(roomTypeId: number, date: string): { rate: number | null; closed: boolean | null } | undefined {
      const row = statements.confirmed.get(roomTypeId, date);
      return row && { rate: row.synced_rate, closed: row.synced_closed === null ? null : row.synced_closed === 1 };
    },

    revertFailedOfJob(jobId: number, now: number): { restored: CellRow[]; dropped: CellRow[] } {
      return { restored: statements.restoreFailedOfJob.all({ jobId, now }), dropped: statements.dropFailedOfJob.all({ jobId }) };
    },
  };
}

export type RateStore = ReturnType<typeof createRateStore>;
