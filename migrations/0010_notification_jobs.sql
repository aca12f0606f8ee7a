-- The failed jobs each failure notification tells about (a grouped one, several), so it can say
-- how many are resolved (retried and done, superseded or discarded) and, once all are, stop
-- counting as unread. A job that fails again is open again in the notification that told of it.
CREATE TABLE notification_jobs (
  notification_id INTEGER NOT NULL REFERENCES notifications (id) ON DELETE CASCADE,
  job_id          INTEGER NOT NULL,
  resolved_at     INTEGER,
  PRIMARY KEY (notification_id, job_id)
) WITHOUT ROWID;
CREATE INDEX notification_jobs_open ON notification_jobs (job_id) WHERE resolved_at IS NULL;
