import type { ReconciliationRun, RunStatus } from '../../shared/reconciliation-contract.js';
import type { Db } from '../store/database.js';

export interface RunCounts {
  fetched: number;
  created: number;
  updated: number;
  unchanged: number;
  orphaned: number;
  errors: number;
  requests: number;
}

/** A `reconciliation_runs` row: its counts are columns of the same names. */
interface RunRow extends RunCounts {
  id: number;
  job_id: number | null;
  trigger: 'schedule' | 'manual';
  started_at: number;
  finished_at: number | null;
  window_from: string;
  window_to: string;
  created_from: string;
  duration_ms: number | null;
  status: RunStatus;
  message: string | null;
}

export const NO_COUNTS: RunCounts = { fetched: 0, created: 0, updated: 0, unchanged: 0, orphaned: 0, errors: 0, requests: 0 };

const iso = (ms: number) => new Date(ms).toISOString();

function toRun(row: RunRow): ReconciliationRun {
  return {
    id: row.id,
    jobId: row.job_id,
    trigger: row.trigger,
    startedAt: iso(row.started_at),
    finishedAt: row.finished_at === null ? null : iso(row.finished_at),
    windowFrom: row.window_from,
    windowTo: row.window_to,
    createdFrom: row.created_from,
    fetched: row.fetched,
    created: row.created,
    updated: row.updated,
    unchanged: row.unchanged,
    orphaned: row.orphaned,
    errors: row.errors,
    requests: row.requests,
    durationMs: row.duration_ms,
    status: row.status,
    message: row.message,
  };
}

/** The reconciliation log: one row per run, written at its start and at its end. */
export function createRunLog(db: Db) {
  const statements = {
    start: db.prepare(`INSERT INTO reconciliation_runs (job_id, trigger, started_at, window_from, window_to, created_from, status)
      VALUES (@jobId, @trigger, @startedAt, @windowFrom, @windowTo, @createdFrom, 'running') RETURNING *`),
    finish: db.prepare(`UPDATE reconciliation_runs SET finished_at = @finishedAt, duration_ms = @finishedAt - started_at, fetched = @fetched,
        created = @created, updated = @updated, unchanged = @unchanged, orphaned = @orphaned, errors = @errors, requests = @requests,
        status = @status, message = @message WHERE id = @id RETURNING *`),
    // A run the app stopped in the middle of (a crash) never wrote its end.
    interrupted: db.prepare(`UPDATE reconciliation_runs SET status = 'failed', finished_at = @now, duration_ms = @now - started_at,
        message = 'The app stopped during this run; nothing it had not written was kept.' WHERE status = 'running'`),
    lastSuccessStart: db.prepare(`SELECT MAX(started_at) FROM reconciliation_runs WHERE status = 'ok' OR status = 'partial'`).pluck(),
    recent: db.prepare('SELECT * FROM reconciliation_runs ORDER BY id DESC LIMIT ?'),
    any: db.prepare('SELECT 1 FROM reconciliation_runs LIMIT 1').pluck(),
  };

  return {
    start(run: { jobId: number | null; trigger: 'schedule' | 'manual'; startedAt: number; windowFrom: string; windowTo: string; createdFrom: string }): ReconciliationRun {
      return toRun(statements.start.get(run) as RunRow);
    },
    finish(id: number, counts: RunCounts, status: Exclude<RunStatus, 'running'>, message: string | null, finishedAt: number): ReconciliationRun {
      return toRun(statements.finish.get({ id, ...counts, status, message, finishedAt }) as RunRow);
    },
    /** Runs left `running` by an app that stopped are marked failed. */
    closeInterrupted(now: number): number {
      return statements.interrupted.run({ now }).changes;
    },
    /** When the last run that read Stays through started, or null. */
    lastSuccessStart: () => (statements.lastSuccessStart.get() as number | null) ?? null,
    recent: (limit: number): ReconciliationRun[] => (statements.recent.all(limit) as RunRow[]).map(toRun),
    hasAny: () => statements.any.get() !== undefined,
  };
}

export type RunLog = ReturnType<typeof createRunLog>;
