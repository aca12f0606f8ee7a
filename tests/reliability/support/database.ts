import { createHash } from 'node:crypto';
import { join } from 'node:path';
import Database from 'better-sqlite3';

/** The host's database in its data folder (`core/core.ts`, DATABASE_FILE). */
export const databaseOf = (dataDir: string) => join(dataDir, 'sentinel.db');

/**
 * Reads the host's database read-only, closing it at once: a reader left open would keep the
 * host's checkpoints from finishing. Call it while the host runs (it has recovered the WAL
 * after a kill) or after it stopped cleanly.
 */
export function readDatabase<T>(dataDir: string, read: (db: Database.Database) => T): T {
  const db = new Database(databaseOf(dataDir), { readonly: true, fileMustExist: true });
  try {
    return read(db);
  } finally {
    db.close();
  }
}

/**
 * A digest of every row of every table: two equal digests mean the database holds the same
 * data. Rows are hashed in a canonical order (sorted by their JSON), so a different physical
 * order (a VACUUM, a rebuilt index) does not count as a change.
 */
export function databaseDigest(dataDir: string): { digest: string; rows: Record<string, number> } {
  return readDatabase(dataDir, (db) => {
    const tables = db
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
      .pluck()
      .all() as string[];
    const hash = createHash('sha256');
    const rows: Record<string, number> = {};
    for (const table of tables) {
      const lines = (db.prepare(`SELECT * FROM "${table}"`).all() as unknown[]).map((row) => JSON.stringify(row)).sort();
      rows[table] = lines.length;
      hash.update(`${table}\n${lines.join('\n')}\n`);
    }
    return { digest: hash.digest('hex'), rows };
  });
}

export interface JobRowFacts {
  id: number;
  type: string;
  status: string;
  attempts: number;
  payload: string;
}

export interface AttemptFacts {
  job_id: number;
  outcome: string;
  error_kind: string | null;
  error: string | null;
}

/** The jobs and their attempts, for the checks at the end of a scenario. */
export function queueFacts(dataDir: string): { jobs: JobRowFacts[]; attempts: AttemptFacts[]; rateIdOf: Map<number, number> } {
  return readDatabase(dataDir, (db) => ({
    jobs: db.prepare('SELECT id, type, status, attempts, payload FROM jobs ORDER BY id').all() as JobRowFacts[],
    attempts: db.prepare('SELECT job_id, outcome, error_kind, error FROM job_attempts ORDER BY id').all() as AttemptFacts[],
    rateIdOf: new Map((db.prepare('SELECT id, rate_id FROM room_types').all() as { id: number; rate_id: number }[]).map((row) => [row.id, row.rate_id])),
  }));
}

/** The stored cells, keyed `roomTypeId:date`. */
export function storedCells(dataDir: string): Map<string, { rate: number; state: string; jobId: number | null }> {
  return readDatabase(dataDir, (db) => {
    const rows = db.prepare('SELECT room_type_id, date, rate, state, job_id FROM rate_cells').all() as {
      room_type_id: number;
      date: string;
      rate: number;
      state: string;
      job_id: number | null;
    }[];
    return new Map(rows.map((row) => [`${row.room_type_id}:${row.date}`, { rate: row.rate, state: row.state, jobId: row.job_id }]));
  });
}

/** How many cells (days) a push job's payload carries. */
export function cellsOfPush(payload: string): number {
  const { rates } = JSON.parse(payload) as { rates: { intervals: { startDate: string; endDate: string }[] }[] };
  let days = 0;
  for (const entry of rates) {
    for (const interval of entry.intervals) days += (Date.parse(interval.endDate) - Date.parse(interval.startDate)) / 86_400_000 + 1;
  }
  return days;
}
