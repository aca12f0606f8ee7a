-- The durable job queue. Times are milliseconds since the Unix epoch (UTC).
-- Shipped migrations are never edited: add 0002_… instead.

CREATE TABLE jobs (
  id               INTEGER PRIMARY KEY,
  lane             TEXT    NOT NULL,
  type             TEXT    NOT NULL,
  payload          TEXT    NOT NULL,                 -- JSON
  -- CHECKs spelled as OR chains: SQLite evaluates them per written row much faster than IN lists.
  status           TEXT    NOT NULL DEFAULT 'queued'
                   CHECK (status = 'queued' OR status = 'sending' OR status = 'done' OR status = 'failed' OR status = 'cancelled'),
  priority         INTEGER NOT NULL DEFAULT 0,       -- higher runs first
  run_at           INTEGER NOT NULL,
  attempts         INTEGER NOT NULL DEFAULT 0,       -- attempts that counted against max_attempts
  max_attempts     INTEGER NOT NULL DEFAULT 10 CHECK (max_attempts >= 1),
  last_error       TEXT,
  error_kind       TEXT CHECK (error_kind = 'network' OR error_kind = 'rate_limited' OR error_kind = 'server'
                   OR error_kind = 'auth' OR error_kind = 'validation'),
  lease_owner      TEXT,
  lease_expires_at INTEGER,
  leased_at        INTEGER,
  idempotency_key  TEXT,                             -- unique when present (jobs_idempotency)
  ordering_key     TEXT,
  coalesce_key     TEXT,
  superseded_by    INTEGER REFERENCES jobs(id) ON DELETE SET NULL,
  discard_reason   TEXT,
  result           TEXT,                             -- JSON
  created_at       INTEGER NOT NULL,
  updated_at       INTEGER NOT NULL,
  finished_at      INTEGER
);

-- Idempotency: at most one job per key. Partial, so jobs without a key cost no index entry.
CREATE UNIQUE INDEX jobs_idempotency ON jobs (idempotency_key) WHERE idempotency_key IS NOT NULL;
-- Claiming: the due queued jobs of one lane, most urgent first. Only queued jobs are indexed,
-- so finished history costs the hot path nothing. Every index entry ends with the rowid (id),
-- so ties are already in id order without storing id twice.
CREATE INDEX jobs_claim ON jobs (lane, priority DESC, run_at) WHERE status = 'queued';
-- Depth per lane and status (Sync status), the dead-letter list, and lease recovery.
CREATE INDEX jobs_lane_status ON jobs (lane, status) WHERE status = 'failed' OR status = 'sending';
-- Ordering: is there an earlier unfinished job with the same key?
CREATE INDEX jobs_ordering ON jobs (ordering_key, id) WHERE ordering_key IS NOT NULL;
-- Coalescing: the queued job(s) a new one supersedes.
CREATE INDEX jobs_coalesce ON jobs (coalesce_key, status) WHERE coalesce_key IS NOT NULL;
-- Retention prunes by finishing time.
CREATE INDEX jobs_finished ON jobs (status, finished_at) WHERE finished_at IS NOT NULL;
-- Pruning a job clears superseded_by where it is referenced (the foreign key): without this
-- index that is a scan of the whole table per pruned job. Only coalesced jobs have entries.
CREATE INDEX jobs_superseded ON jobs (superseded_by) WHERE superseded_by IS NOT NULL;

-- One row per attempt, for the job's timeline.
CREATE TABLE job_attempts (
  id          INTEGER PRIMARY KEY,
  job_id      INTEGER NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,
  started_at  INTEGER NOT NULL,
  ended_at    INTEGER NOT NULL,
  outcome     TEXT    NOT NULL CHECK (outcome = 'done' OR outcome = 'error' OR outcome = 'lost'),
  error_kind  TEXT,
  http_status INTEGER,
  request_id  TEXT,
  error       TEXT,
  duration_ms INTEGER NOT NULL
);
CREATE INDEX job_attempts_job ON job_attempts (job_id, id);

-- Per-lane state that must survive a restart (what a person decided, what we last saw).
CREATE TABLE lanes (
  name            TEXT PRIMARY KEY,
  paused          INTEGER NOT NULL DEFAULT 0,
  needs_sign_in   INTEGER NOT NULL DEFAULT 0,
  last_success_at INTEGER,
  last_error_at   INTEGER,
  last_error      TEXT
);

-- Small app-wide settings (e.g. the global "Pause sync").
CREATE TABLE settings (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL                                -- JSON
);

-- Cron-style schedules; next_run_at survives restarts.
CREATE TABLE schedules (
  name        TEXT PRIMARY KEY,
  cron        TEXT    NOT NULL,
  lane        TEXT    NOT NULL,
  job_type    TEXT    NOT NULL,
  payload     TEXT    NOT NULL DEFAULT '{}',
  next_run_at INTEGER NOT NULL,
  last_run_at INTEGER
);
