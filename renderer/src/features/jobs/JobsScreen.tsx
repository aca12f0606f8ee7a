import { useEffect, useState } from 'react';
import { JOB_STATUSES, type JobStatus, type JobSummary } from '../../../../shared/contract.js';
import { useApp } from '../../store.js';
import { JobDetailPanel } from './JobDetailPanel.js';
import { systemNameOf } from '../sync/sync-slice.js';

const STATUS_LABEL: Record<JobStatus, string> = {
  queued: 'Queued',
  sending: 'Sending',
  done: 'Done',
  failed: 'Failed',
  cancelled: 'Cancelled',
};

export const statusLabel = (status: JobStatus) => STATUS_LABEL[status];

/** Job history (Activity) or the dead-letter queue (Failed), with actions on failed jobs. */
export function JobsScreen({ mode }: { mode: 'activity' | 'failed' }) {
  const jobs = useApp((state) => state.jobs);
  const nextCursor = useApp((state) => state.nextCursor);
  const statusFilter = useApp((state) => state.statusFilter);
  const loadJobs = useApp((state) => state.loadJobs);
  const loadMoreJobs = useApp((state) => state.loadMoreJobs);
  const openJob = useApp((state) => state.openJob);
  const retryAllFailed = useApp((state) => state.retryAllFailed);
  const selectedJob = useApp((state) => state.selectedJob);

  useEffect(() => {
    void loadJobs(mode === 'failed' ? ['failed'] : []);
  }, [mode, loadJobs]);

  return (
    <section className="screen">
      <div className="toolbar">
        <h1>{mode === 'failed' ? 'Failed' : 'Activity'}</h1>
        {mode === 'activity' ? (
          <label>
            Status{' '}
            <select
              aria-label="Status filter"
              value={statusFilter[0] ?? ''}
              onChange={(event) => void loadJobs(event.target.value ? [event.target.value as JobStatus] : [])}
            >
              <option value="">All</option>
              {JOB_STATUSES.map((status) => (
                <option key={status} value={status}>
                  {STATUS_LABEL[status]}
                </option>
              ))}
            </select>
          </label>
        ) : (
          <button type="button" disabled={jobs.length === 0} onClick={() => void retryAllFailed()}>
            Retry all
          </button>
        )}
      </div>
      {jobs.length === 0 ? (
        <p className="empty">{mode === 'failed' ? 'Nothing has failed. Every change was delivered or is on its way.' : 'No jobs yet.'}</p>
      ) : (
        <table className="jobs">
          <thead>
            <tr>
              <th>#</th>
              <th>Status</th>
              <th>System</th>
              <th>What</th>
              <th>Attempts</th>
              <th>Last error</th>
              <th>Updated</th>
              {mode === 'failed' && <th />}
            </tr>
          </thead>
          <tbody>
            {jobs.map((job) => (
              <JobRow key={job.id} job={job} withActions={mode === 'failed'} onOpen={() => void openJob(job.id)} />
            ))}
          </tbody>
        </table>
      )}
      {nextCursor && (
        <button type="button" className="more" onClick={() => void loadMoreJobs()}>
          Show older
        </button>
      )}
      {selectedJob && <JobDetailPanel />}
    </section>
  );
}

function JobRow({ job, withActions, onOpen }: { job: JobSummary; withActions: boolean; onOpen: () => void }) {
  const retryJob = useApp((state) => state.retryJob);
  const discardJob = useApp((state) => state.discardJob);
  const systemName = useApp((state) => systemNameOf(state.sync, job.lane));
  const [reason, setReason] = useState<string | null>(null);
  return (
    <tr data-job-id={job.id}>
      <td>
        <button type="button" className="link" onClick={onOpen}>
          {job.id}
        </button>
      </td>
      <td>
        <span className={`pill pill-${job.status}`}>{STATUS_LABEL[job.status]}</span>
      </td>
      <td>{systemName}</td>
      <td title={job.type}>{job.summary || job.type}</td>
      <td>
        {job.attempts}/{job.maxAttempts}
      </td>
      <td className="error-text">{job.lastError ?? ''}</td>
      <td>{new Date(job.updatedAt).toLocaleString()}</td>
      {withActions && (
        <td className="actions">
          <button type="button" onClick={() => void retryJob(job.id)}>
            Retry
          </button>
          {reason === null ? (
            <button type="button" onClick={() => setReason('')}>
              Discard…
            </button>
          ) : (
            <form
              onSubmit={(event) => {
                event.preventDefault();
                void discardJob(job.id, reason);
              }}
            >
              <input aria-label="Reason" placeholder="Why discard?" value={reason} onChange={(event) => setReason(event.target.value)} />
              <button type="submit">Discard</button>
            </form>
          )}
        </td>
      )}
    </tr>
  );
}
