-- The reservation mirror (SPEC §5.2–5.4): one row per stay the hotel knows of, whichever system
-- it came from, kept in step with each source. Times are milliseconds since the Unix epoch;
-- dates are the hotel's calendar dates (YYYY-MM-DD).
-- Shipped migrations are never edited: add a new numbered file instead.

CREATE TABLE reservations (
  id              INTEGER PRIMARY KEY,
  -- Where it was made: 'cloudbeds', 'beds24', 'stays', or 'local' (a walk-in at the desk).
  source          TEXT    NOT NULL CHECK (source = 'cloudbeds' OR source = 'beds24' OR source = 'stays' OR source = 'local'),
  -- Its id at the source (null for a local one until it is pushed somewhere).
  source_id       TEXT,
  -- The OTA or channel it was booked through, as the source names it (Booking.com, Airbnb…).
  channel         TEXT,
  guest_name      TEXT    NOT NULL,
  arrival         TEXT    NOT NULL,                 -- check-in date
  departure       TEXT    NOT NULL CHECK (departure > arrival),
  status          TEXT    NOT NULL CHECK (status = 'confirmed' OR status = 'cancelled' OR status = 'checked_in'
                                           OR status = 'checked_out' OR status = 'no_show'),
  room_type_id    INTEGER,                          -- Cloudbeds room type (the mirror's own ids)
  room_id         TEXT,                             -- the room, when one is assigned
  adults          INTEGER NOT NULL DEFAULT 1 CHECK (adults >= 0),
  children        INTEGER NOT NULL DEFAULT 0 CHECK (children >= 0),
  total           REAL,
  currency        TEXT,
  -- The source's own modification mark (a time or version), to skip what did not change.
  source_version  TEXT,
  -- A hash of the fields that matter, to tell a real change from a re-read.
  content_hash    TEXT    NOT NULL,
  created_at      INTEGER NOT NULL,
  updated_at      INTEGER NOT NULL
);

-- One row per stay per source.
CREATE UNIQUE INDEX reservations_source ON reservations (source, source_id) WHERE source_id IS NOT NULL;
-- The Reservations screen lists by arrival; availability counts stays over a date range.
CREATE INDEX reservations_arrival ON reservations (arrival, departure);

-- The ids the same stay has in the other systems (Cloudbeds reservationID, Beds24 booking id…).
CREATE TABLE reservation_links (
  reservation_id INTEGER NOT NULL REFERENCES reservations(id) ON DELETE CASCADE,
  system         TEXT    NOT NULL,
  external_id    TEXT    NOT NULL,
  PRIMARY KEY (reservation_id, system)
) WITHOUT ROWID;
CREATE UNIQUE INDEX reservation_links_external ON reservation_links (system, external_id);

-- Notifications may link to the screens the new flows bring; the list of screens is checked in
-- code (shared/notifications-contract.ts), not by a CHECK that needs a rebuild for each screen.
CREATE TABLE notifications_new (
  id         INTEGER PRIMARY KEY,
  type       TEXT    NOT NULL CHECK (type = 'ERROR' OR type = 'SUCCESS' OR type = 'INFO'),
  title      TEXT    NOT NULL,
  message    TEXT    NOT NULL,
  read       INTEGER NOT NULL DEFAULT 0 CHECK (read = 0 OR read = 1),
  count      INTEGER NOT NULL DEFAULT 1 CHECK (count >= 1),
  job_id     INTEGER,
  screen     TEXT    NOT NULL,
  group_key  TEXT    NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
INSERT INTO notifications_new SELECT id, type, title, message, read, count, job_id, screen, group_key, created_at, updated_at FROM notifications;
DROP TABLE notifications;
ALTER TABLE notifications_new RENAME TO notifications;
CREATE INDEX notifications_group ON notifications (group_key, created_at) WHERE read = 0;
CREATE INDEX notifications_unread ON notifications (id) WHERE read = 0;
