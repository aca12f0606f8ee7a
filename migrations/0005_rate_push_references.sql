-- A putRate Cloudbeds accepted, kept the moment its answer arrives: the job reference to follow,
-- and the rates it carried (to read the job's per-update results back onto the cells). A retry
-- of the push (a failed status poll, a restart, kill -9) follows these instead of sending the
-- rates again; a row goes when its Cloudbeds job has been read and its cells settled.
-- Shipped migrations are never edited: add a new numbered file instead.
CREATE TABLE rate_push_sent (
  job_id     INTEGER NOT NULL,                      -- the push job; no foreign key: finished jobs are pruned
  reference  TEXT    NOT NULL,                      -- Cloudbeds jobReferenceID
  rates      TEXT    NOT NULL,                      -- JSON: the rates[] entries of that putRate
  sent_at    INTEGER NOT NULL,
  PRIMARY KEY (job_id, reference)
) WITHOUT ROWID;
