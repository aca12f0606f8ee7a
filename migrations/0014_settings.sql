-- Settings (issue 11): the property, each remote system's connection, the flows' schedules and
-- which notifications show. Secrets are never stored here: the host keeps them encrypted
-- (safeStorage, or an encrypted file in the data folder); this file only says which kind is set.
-- Times are milliseconds since the Unix epoch. Shipped migrations are never edited: add a new file.

CREATE TABLE property_settings (
  id                     INTEGER PRIMARY KEY CHECK (id = 1),
  hotel_name             TEXT,
  -- IANA zone every date rule reads; the host's initial value (--time-zone, else UTC) at first start.
  time_zone              TEXT    NOT NULL,
  currency               TEXT    CHECK (currency IS NULL OR length(currency) = 3),
  -- Comma-separated nights of the week (`fri,sat`).
  weekend_nights         TEXT    NOT NULL DEFAULT 'fri,sat',
  cloudbeds_property_id  TEXT,
  os_notifications       INTEGER NOT NULL DEFAULT 1 CHECK (os_notifications IN (0, 1)),
  welcomed_at            INTEGER
);

-- One row per system once anything about it was set; none: demo mode, the vendor's address.
CREATE TABLE connection_settings (
  system             TEXT    PRIMARY KEY,
  mode               TEXT    NOT NULL DEFAULT 'demo' CHECK (mode IN ('demo', 'live')),
  -- Null: the vendor's own address (from the integration module).
  base_url           TEXT,
  -- Which kind of credentials the host holds for it (`api-key`, `oauth`, …); null: none.
  credential_kind    TEXT,
  last_test_ok       INTEGER CHECK (last_test_ok IN (0, 1)),
  last_test_message  TEXT,
  last_test_at       INTEGER
);

-- A person's schedule for a flow: a cron pattern or an interval (`30m`); none: the default.
CREATE TABLE schedule_settings (
  name  TEXT PRIMARY KEY,
  spec  TEXT NOT NULL
);

-- Notification kinds turned off (`error`, `success`, `info`); none listed: all notify.
CREATE TABLE notification_kind_settings (
  kind     TEXT    PRIMARY KEY,
  enabled  INTEGER NOT NULL CHECK (enabled IN (0, 1))
);
