-- What Cloudbeds last confirmed for a cell, kept beside the rate being sent: when a person
-- discards a failed push, the cell goes back to it (or, never confirmed, to the base rate).
-- Shipped migrations are never edited: add a new numbered file instead.
ALTER TABLE rate_cells ADD COLUMN synced_rate REAL;
UPDATE rate_cells SET synced_rate = rate WHERE state = 'synced';
