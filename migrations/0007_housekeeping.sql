-- The housekeeping schedule (SPEC §5.5). Each day's MaidCentral schedule is a JSON file in the
-- data folder (housekeeping/YYYY-MM-DD.json); this table says what that file must be (its size
-- and SHA-256) and how the day's last fetch went. Times are milliseconds since the Unix epoch;
-- dates are the hotel's calendar dates. Shipped migrations are never edited: add a new file.

CREATE TABLE housekeeping_days (
  date        TEXT PRIMARY KEY,                     -- YYYY-MM-DD; the file is housekeeping/<date>.json
  -- The stored file, all null until one is: a read checks the file against these first.
  size        INTEGER CHECK (size >= 0),
  sha256      TEXT    CHECK (length(sha256) = 64),
  cleanings   INTEGER CHECK (cleanings >= 0),
  fetched_at  INTEGER,
  -- The last fetch that failed (or the stored file found damaged), cleared by the next success.
  failed_at   INTEGER,
  last_error  TEXT,
  CHECK ((size IS NULL) = (sha256 IS NULL) AND (size IS NULL) = (fetched_at IS NULL) AND (size IS NULL) = (cleanings IS NULL)),
  CHECK ((failed_at IS NULL) = (last_error IS NULL))
) WITHOUT ROWID;

-- MaidCentral's staff (its users that are employees), replaced by each refresh: the schedule
-- names who cleans, the users say what they are (Supervisor, Housekeeper, Inspector).
CREATE TABLE housekeeping_staff (
  employee_id INTEGER PRIMARY KEY,                  -- MaidCentral EmployeeInformationId
  user_id     INTEGER NOT NULL,
  first_name  TEXT    NOT NULL,
  last_name   TEXT    NOT NULL,
  roles       TEXT    NOT NULL DEFAULT '[]'         -- JSON array of role names
);
