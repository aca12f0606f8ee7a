import type { ErrorKind, JobAttempt, JobStatus, JobSummary } from '../../shared/contract.js';

/** A `jobs` row as SQLite returns it. */
export interface JobRow {
  id: number;
  lane: string;
  type: string;
  payload: string;
  summary: string;
  status: JobStatus;
  priority: number;
  run_at: number;
  attempts: number;
  max_attempts: number;
  last_error: string | null;
  error_kind: ErrorKind | null;
  lease_owner: string | null;
  lease_expires_at: number | null;
  leased_at: number | null;
  idempotency_key: string | null;
  ordering_key: string | null;
  coalesce_key: string | null;
  superseded_by: number | null;
  discard_reason: string | null;
  result: string | null;
  created_at: number;
  updated_at: number;
  finished_at: number | null;
}

export interface AttemptRow {
  id: number;
  job_id: number;
  started_at: number;
  ended_at: number;
  outcome: 'done' | 'error' | 'lost';
  error_kind: ErrorKind | null;
  http_status: number | null;
  request_id: string | null;
  error: string | null;
  duration_ms: number;
}

const iso = (ms: number): string => new Date(ms).toISOString();
const isoOrNull = (ms: number | null): string | null => (ms === null ? null : iso(ms));

/** The one place a job row becomes what the contract shows. */
export function toJobSummary(row: JobRow): JobSummary {
  return {
    id: row.id,
    lane: row.lane,
    type: row.type,
    summary: row.summary,
    status: row.status,
    priority: row.priority,
    runAt: iso(row.run_at),
    attempts: row.attempts,
    maxAttempts: row.max_attempts,
    lastError: row.last_error,
    errorKind: row.error_kind,
    idempotencyKey: row.idempotency_key,
    orderingKey: row.ordering_key,
    supersededBy: row.superseded_by,
    discardReason: row.discard_reason,
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
    finishedAt: isoOrNull(row.finished_at),
  };
}

export function toJobAttempt(row: AttemptRow): JobAttempt {
  return {
    id: row.id,
    startedAt: iso(row.started_at),
    endedAt: iso(row.ended_at),
    outcome: row.outcome,
    errorKind: row.error_kind,
    httpStatus: row.http_status,
    requestId: row.request_id,
    error: row.error,
    durationMs: row.duration_ms,
  };
}

export function parseJson(text: string | null): unknown {
  return text === null ? null : JSON.parse(text);
}
