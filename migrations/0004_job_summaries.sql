-- Each job carries a short line a person can read ("Rates · Single Room · 5–7 Dec → 150.00"),
-- written once at enqueue by its kind, shown in Activity, Failed and notifications.
-- Shipped migrations are never edited: add a new numbered file instead.
ALTER TABLE jobs ADD COLUMN summary TEXT NOT NULL DEFAULT '';

-- The door-lock lane is named after its remote system, like every other lane.
UPDATE jobs SET lane = 'seam' WHERE lane = 'locks';
UPDATE schedules SET lane = 'seam' WHERE lane = 'locks';
DELETE FROM lanes WHERE name = 'locks' AND EXISTS (SELECT 1 FROM lanes WHERE name = 'seam');
UPDATE lanes SET name = 'seam' WHERE name = 'locks';
