-- Reconciliation with Stays and door PINs on Seam (SPEC §5.3). Times are milliseconds since the
-- Unix epoch; dates are the hotel's calendar dates (YYYY-MM-DD).
-- Shipped migrations are never edited: add a new numbered file instead.

-- One row per reconciliation run, written when it starts and again when it ends.
CREATE TABLE reconciliation_runs (
  id          INTEGER PRIMARY KEY,
  job_id      INTEGER,                              -- no foreign key: finished jobs are pruned
  trigger     TEXT    NOT NULL CHECK (trigger = 'schedule' OR trigger = 'manual'),
  started_at  INTEGER NOT NULL,
  finished_at INTEGER,
  -- The stays scanned: those touching [window_from, window_to], plus those created since created_from.
  window_from TEXT    NOT NULL,
  window_to   TEXT    NOT NULL,
  created_from TEXT   NOT NULL,
  fetched     INTEGER NOT NULL DEFAULT 0,
  created     INTEGER NOT NULL DEFAULT 0,
  updated     INTEGER NOT NULL DEFAULT 0,
  unchanged   INTEGER NOT NULL DEFAULT 0,
  orphaned    INTEGER NOT NULL DEFAULT 0,
  errors      INTEGER NOT NULL DEFAULT 0,
  -- Requests sent to Stays, page retries included.
  requests    INTEGER NOT NULL DEFAULT 0,
  duration_ms INTEGER,
  status      TEXT    NOT NULL CHECK (status = 'running' OR status = 'ok' OR status = 'partial' OR status = 'failed'),
  message     TEXT
);
-- "Since the last successful run", and the history newest first.
CREATE INDEX reconciliation_runs_ok ON reconciliation_runs (started_at) WHERE status = 'ok' OR status = 'partial';

-- Which lock opens the room a Stays listing is: read from Seam, where each lock carries the
-- listing's id in its custom metadata (`stays_listing_id`).
CREATE TABLE door_locks (
  listing_id   TEXT    PRIMARY KEY,
  device_id    TEXT    NOT NULL,
  name         TEXT    NOT NULL,
  refreshed_at INTEGER NOT NULL
) WITHOUT ROWID;

-- The door PIN of each stay: the plan (when the lock opens, for which room) and, once made, the
-- access code at Seam. `pin_secret` is the PIN itself: named so the log's redaction hides it, it
-- is shown only through `reservations/reveal-pin` and is wiped when the code is removed.
CREATE TABLE door_pins (
  reservation_id    INTEGER PRIMARY KEY REFERENCES reservations(id) ON DELETE CASCADE,
  -- Bumped whenever the plan changes; a job carrying an older version does nothing.
  version           INTEGER NOT NULL DEFAULT 1,
  -- 'planned': the code is to be on the lock (made at check-in − 2 h); 'cancelled': it is to go.
  plan              TEXT    NOT NULL CHECK (plan = 'planned' OR plan = 'cancelled'),
  state             TEXT    NOT NULL CHECK (state = 'scheduled' OR state = 'active' OR state = 'revoked' OR state = 'none'),
  listing_id        TEXT    NOT NULL,
  starts_at         INTEGER NOT NULL,                -- check-in at the hotel
  ends_at           INTEGER NOT NULL,                -- check-out + 24 h: the lock refuses the PIN after
  program_job_id    INTEGER,                         -- no foreign keys: finished jobs are pruned
  revoke_job_id     INTEGER,
  -- The code at Seam, once asked for: what was sent and what came back.
  create_started_at INTEGER,                         -- set before the create is sent (a lost answer is found again)
  access_code_id    TEXT,
  device_id         TEXT,
  code_starts_at    INTEGER,
  code_ends_at      INTEGER,
  pin_secret        TEXT,
  updated_at        INTEGER NOT NULL
);
CREATE INDEX door_pins_program_job ON door_pins (program_job_id) WHERE program_job_id IS NOT NULL;
CREATE INDEX door_pins_revoke_job ON door_pins (revoke_job_id) WHERE revoke_job_id IS NOT NULL;
