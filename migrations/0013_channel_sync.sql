-- Channel sync with Beds24 and availability push (SPEC §5.2, §5.4): how the hotel's rooms are
-- known to the channel, the rooms out of sale, every event exchanged with the channel, and where
-- each poll stopped. Times are milliseconds since the Unix epoch; dates are the hotel's dates.
-- Shipped migrations are never edited: add a new numbered file instead.

-- The channel's property; availability is pushed to it only while availability_sync is 1.
CREATE TABLE channel_properties (
  id                INTEGER PRIMARY KEY,              -- Beds24 propertyId
  name              TEXT    NOT NULL,
  availability_sync INTEGER NOT NULL DEFAULT 1 CHECK (availability_sync = 0 OR availability_sync = 1),
  updated_at        INTEGER NOT NULL
);

-- One row per room type of the hotel. Its id is the mirror's (the Cloudbeds roomTypeID, as in
-- reservations.room_type_id); beds24_room_id is the same room type at Beds24 (Beds24 calls room
-- types "rooms"). A room type without a Beds24 id is not synced.
CREATE TABLE room_type_mappings (
  room_type_id           INTEGER PRIMARY KEY,
  name                   TEXT    NOT NULL,
  cloudbeds_room_type_id INTEGER NOT NULL,
  beds24_room_id         INTEGER UNIQUE,
  beds24_property_id     INTEGER REFERENCES channel_properties(id),
  updated_at             INTEGER NOT NULL
);

-- The hotel's rooms: availability counts them per room type; blocks take one out of sale.
CREATE TABLE channel_rooms (
  id             TEXT    PRIMARY KEY,                 -- the room's own id (its number unless told otherwise)
  room_type_id   INTEGER NOT NULL REFERENCES room_type_mappings(room_type_id) ON DELETE CASCADE,
  name           TEXT    NOT NULL,
  -- The unit's number within its room type at Beds24 (1, 2, …).
  beds24_unit_id INTEGER
);
CREATE INDEX channel_rooms_type ON channel_rooms (room_type_id);

-- A room out of sale for nights [first_night, last_night], made in the app.
CREATE TABLE room_blocks (
  id          INTEGER PRIMARY KEY,
  room_id     TEXT    NOT NULL REFERENCES channel_rooms(id) ON DELETE CASCADE,
  kind        TEXT    NOT NULL CHECK (kind = 'maintenance' OR kind = 'out_of_order'),
  first_night TEXT    NOT NULL,
  last_night  TEXT    NOT NULL CHECK (last_night >= first_night),
  note        TEXT,
  created_at  INTEGER NOT NULL
);
CREATE INDEX room_blocks_nights ON room_blocks (first_night, last_night);

-- Every event exchanged with a channel, in or out. The idempotency key makes a duplicate (the
-- same booking at the same modification time, delivered again or polled again) a no-op.
CREATE TABLE channel_events (
  id              INTEGER PRIMARY KEY,
  idempotency_key TEXT    NOT NULL UNIQUE,
  direction       TEXT    NOT NULL CHECK (direction = 'inbound' OR direction = 'outbound'),
  -- 'booking_created', 'booking_changed', 'booking_cancelled', 'availability'.
  event_type      TEXT    NOT NULL,
  -- The other side: 'beds24' or 'cloudbeds'.
  system          TEXT    NOT NULL,
  -- How it came: 'webhook' or 'poll' (inbound), 'app' (outbound).
  via             TEXT    NOT NULL,
  external_id     TEXT,
  reservation_id  INTEGER,
  payload         TEXT    NOT NULL,
  status          TEXT    NOT NULL CHECK (status = 'received' OR status = 'processing' OR status = 'done' OR status = 'failed'),
  attempts        INTEGER NOT NULL DEFAULT 0,
  last_error      TEXT,
  job_id          INTEGER,                            -- no foreign key: finished jobs are pruned
  created_at      INTEGER NOT NULL,
  updated_at      INTEGER NOT NULL
);
CREATE INDEX channel_events_status ON channel_events (status, id);
CREATE INDEX channel_events_reservation ON channel_events (reservation_id);
CREATE INDEX channel_events_job ON channel_events (job_id);

-- Where each poll stopped (Beds24 bookings, Cloudbeds reservations), kept across restarts.
CREATE TABLE channel_cursors (
  name       TEXT    PRIMARY KEY,
  value      TEXT    NOT NULL,
  updated_at INTEGER NOT NULL
) WITHOUT ROWID;

-- Room-type nights whose availability changed and is not yet at the channel. A push sends them
-- all and clears the marks it read; a mark set again meanwhile (a higher seq) stays for the next.
CREATE TABLE availability_changes (
  room_type_id INTEGER NOT NULL,
  night        TEXT    NOT NULL,
  seq          INTEGER NOT NULL,
  PRIMARY KEY (room_type_id, night)
) WITHOUT ROWID;
