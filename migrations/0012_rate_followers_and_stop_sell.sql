-- Derived room types follow the base room type (SPEC §5.1), and a cell can be closed to sale
-- (Cloudbeds putRate `blocked`). Shipped migrations are never edited: add a new numbered file.

-- Whether a person set this cell's rate. A cell written because its base changed (a follower),
-- or only to close or open its sales, keeps following the base; one set by hand does not.
-- Every row before this migration was typed by a person.
ALTER TABLE rate_cells ADD COLUMN rate_by_hand INTEGER NOT NULL DEFAULT 1 CHECK (rate_by_hand = 0 OR rate_by_hand = 1);

-- Sales closed (1) or opened (0) from this app; null: never set here, so a rate push leaves
-- whatever Cloudbeds has alone instead of reopening a night someone closed elsewhere.
ALTER TABLE rate_cells ADD COLUMN closed INTEGER CHECK (closed = 0 OR closed = 1);

-- What Cloudbeds last confirmed for `closed`, beside `synced_rate`: a discarded push goes back to it.
ALTER TABLE rate_cells ADD COLUMN synced_closed INTEGER CHECK (synced_closed = 0 OR synced_closed = 1);
UPDATE rate_cells SET synced_closed = closed WHERE state = 'synced';
