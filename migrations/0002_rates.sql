-- The rate manager (SPEC §5.1): room types with their differential, the base rate per date, and
-- one row per overridden cell. The cell table is the source of truth; push jobs derive from it.

CREATE TABLE room_types (
  id                 INTEGER PRIMARY KEY,           -- Cloudbeds roomTypeID
  name               TEXT    NOT NULL,
  short_name         TEXT    NOT NULL,
  rate_id            INTEGER NOT NULL,              -- Cloudbeds rateID of the room type's base (non-derived) plan
  differential_kind  TEXT    NOT NULL CHECK (differential_kind = 'amount' OR differential_kind = 'percent'),
  differential_value REAL    NOT NULL,
  sort_order         INTEGER NOT NULL
);

-- The hotel's base rate per night; each room type applies its differential to it.
CREATE TABLE base_rates (
  date TEXT PRIMARY KEY,                            -- YYYY-MM-DD
  rate REAL NOT NULL
) WITHOUT ROWID;

-- A cell a person set by hand. job_id is the push carrying its latest value: a push finding a
-- cell whose job_id is no longer its own leaves it alone (a later submit superseded it).
CREATE TABLE rate_cells (
  room_type_id INTEGER NOT NULL REFERENCES room_types(id),
  date         TEXT    NOT NULL,
  rate         REAL    NOT NULL,
  state        TEXT    NOT NULL CHECK (state = 'saved' OR state = 'synced' OR state = 'failed'),
  error        TEXT,
  job_id       INTEGER,                             -- no foreign key: finished jobs are pruned
  updated_at   INTEGER NOT NULL,
  PRIMARY KEY (room_type_id, date)
) WITHOUT ROWID;

CREATE INDEX rate_cells_by_job ON rate_cells (job_id);
CREATE INDEX rate_cells_by_date ON rate_cells (date);
