-- What Cloudbeds last confirmed for a cell, kept beside the rate being sent: when a person
-- discards a failed push, the cell goes back to it (or, never confirmed, to the base rate).
-- Shipped migrations are never edited: add a new numbered file instead.
ALTER TABLE rate_cells ADD COLUMN synced_rate REAL;
UPDATE rate_cells SET synced_rate = rate WHERE state = 'synced';

-- Rates typed in the grid but not submitted yet: kept so a reload, a crash or a restart loses
-- none of them. The grid writes the whole set as it changes; a submit clears what it sent.
CREATE TABLE rate_drafts (
  room_type_id INTEGER NOT NULL,
  date         TEXT    NOT NULL,
  rate         REAL    NOT NULL,
  updated_at   INTEGER NOT NULL,
  PRIMARY KEY (room_type_id, date)
) WITHOUT ROWID;
