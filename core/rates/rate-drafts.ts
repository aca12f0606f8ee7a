import type { Db } from '../store/database.js';

export interface Draft {
  roomTypeId: number;
  date: string;
  rate: number;
}

/** Rates typed in the grid and not submitted (`rate_drafts`): what survives a reload or a crash. */
export function createRateDrafts(db: Db) {
  const statements = {
    all: db.prepare<[], { room_type_id: number; date: string; rate: number }>('SELECT room_type_id, date, rate FROM rate_drafts ORDER BY room_type_id, date'),
    clear: db.prepare('DELETE FROM rate_drafts'),
    insert: db.prepare('INSERT OR REPLACE INTO rate_drafts (room_type_id, date, rate, updated_at) VALUES (?, ?, ?, ?)'),
    // Submitted cells are drafts no more.
    forget: db.prepare(`DELETE FROM rate_drafts WHERE (room_type_id, date) IN
      (SELECT cell.value ->> 0, cell.value ->> 1 FROM json_each(?) AS cell)`),
  };
  return {
    all: (): Draft[] => statements.all.all().map((row) => ({ roomTypeId: row.room_type_id, date: row.date, rate: row.rate })),
    /** Replaces every draft with these, in one transaction. */
    replace(drafts: readonly Draft[], now: number): number {
      return db.transaction(() => {
        statements.clear.run();
        for (const draft of drafts) statements.insert.run(draft.roomTypeId, draft.date, draft.rate, now);
        return drafts.length;
      })();
    },
    /** Call inside the submit's transaction: the cells it saved are no longer drafts. */
    forget(cells: readonly { roomTypeId: number; date: string }[]): void {
      statements.forget.run(JSON.stringify(cells.map((cell) => [cell.roomTypeId, cell.date])));
    },
  };
}

export type RateDrafts = ReturnType<typeof createRateDrafts>;
