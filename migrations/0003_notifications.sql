-- What the bell lists and the OS shows (SPEC §6). Times are milliseconds since the Unix epoch.
-- Shipped migrations are never edited: add a new numbered file instead.

CREATE TABLE notifications (
  id         INTEGER PRIMARY KEY,
  type       TEXT    NOT NULL CHECK (type = 'ERROR' OR type = 'SUCCESS' OR type = 'INFO'),
  title      TEXT    NOT NULL,
  message    TEXT    NOT NULL,
  read       INTEGER NOT NULL DEFAULT 0 CHECK (read = 0 OR read = 1),
  -- How many events this row groups ("3 rate updates failed").
  count      INTEGER NOT NULL DEFAULT 1 CHECK (count >= 1),
  -- The latest job it is about. No foreign key: retention may prune the job, the notice stays.
  job_id     INTEGER,
  screen     TEXT    NOT NULL CHECK (screen = 'rates' OR screen = 'activity' OR screen = 'failed' OR screen = 'sync'),
  -- Events with the same key inside the grouping window update one unread row.
  group_key  TEXT    NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);

-- Grouping: the newest unread row of a key.
CREATE INDEX notifications_group ON notifications (group_key, created_at) WHERE read = 0;
-- The bell's unread badge and the unread-only list.
CREATE INDEX notifications_unread ON notifications (id) WHERE read = 0;
