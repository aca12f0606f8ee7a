-- Placeholder on the reconciliation branch only: 0007 is reserved for the housekeeping flow
-- (helper-housekeeping, 0007_housekeeping.sql), and migrations may not skip a number. Delete
-- this file when merging that branch; it changes nothing.
SELECT 1;
