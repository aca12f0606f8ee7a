import { useCallback, useEffect, useState } from 'react';
import type { JobFilter, JobSummary } from '../../../../shared/contract.js';
import { useHotelClock } from '../../hotel-clock.js';
import { useApp } from '../../store.js';
import { JobDetailPanel } from './JobDetailPanel.js';
import { JobFilters } from './JobFilters.js';
import { attemptsText, STATUS_LABEL, statusText, waitingToRetry } from './job-words.js';
import { systemNameOf } from '../sync/sync-slice.js';

/** Job history (Activity) or the dead-letter queue (Failed), with actions on failed jobs. */
export function JobsScreen({ mode }: { mode: 'activity' | 'failed' }) {
  const jobs = useApp((state) => state.jobs);
  const nextCursor = useApp((state) => state.nextCursor);
  const jobsFilter = useApp((state) => state.jobsFilter);
  const loadJobs = useApp((state) => state.loadJobs);
  const loadMoreJobs = useApp((state) => state.loadMoreJobs);
  const openJob = useApp((state) => state.openJob);
  const retryAllFailed = useApp((state) => state.retryAllFailed);
  const selectedJob = useApp((state) => state.selectedJob);

  // Failed always filters by status: only the person's own narrowing counts.
  const filtered = Object.keys(jobsFilter).some((key) => mode === 'activity' || key !== 'status');
  const applyFilter = useCallback((filter: JobFilter) => void loadJobs(filter), [loadJobs]);

  return (
    <section className={`screen jobs-screen${selectedJob ? ' with-detail' : ''}`}>
      <div className="toolbar">
        <h1>{mode === 'failed' ? 'Failed' : 'Activity'}</h1>
        <JobFilters key={mode} labels={STATUS_LABEL} fixedStatus={mode === 'failed' ? 'failed' : null} onChange={applyFilter} />
        {mode === 'failed' && (
          <button type="button" disabled={jobs.length === 0} onClick={() => void retryAllFailed(jobsFilter)}>
            {filtered ? 'Retry all matching' : 'Retry all'}
          </button>
        )}
      </div>
      {jobs.length === 0 ? (
        <p className="empty">
          {filtered
            ? 'No jobs match these filters.'
            : mode === 'failed'
              ? 'Nothing has failed. Every change was delivered or is on its way.'
              : 'No jobs yet.'}
        </p>
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
  const hotel = useHotelClock();
  const discardJob = useApp((state) => state.discardJob);
  const systemName = useApp((state) => systemNameOf(state.sync, job.lane));
  const [reason, setReason] = useState<string | null>(null);
  // Checked here, in words, before the host would answer with its schema's.
  const [reasonMissing, setReasonMissing] = useState(false);
  return (
    <tr data-job-id={job.id}>
      <td>
        <button type="button" className="link" onClick={onOpen}>
          {job.id}
        </button>
      </td>
      <td>
        <span className={`pill pill-${job.status}`}>{statusText(job)}</span>
      </td>
      <td>{systemName}</td>
      <td title={job.type}>{job.summary || job.type}</td>
      <td>
        {attemptsText(job, Date.now(), hotel.clock)}
        {waitingToRetry(job, Date.now()) && (
          <button type="button" className="link" onClick={() => void retryJob(job.id)}>
            Retry now
          </button>
        )}
      </td>
      <td className="error-text">{job.lastError ?? ''}</td>
      <td>{hotel.instant(job.updatedAt)}</td>
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
              noValidate
              onSubmit={(event) => {
                event.preventDefault();
                if (reason.trim() === '') return setReasonMissing(true);
                void discardJob(job.id, reason.trim());
              }}
            >
              <input
                aria-label="Reason"
                placeholder="Why discard?"
                value={reason}
                maxLength={500}
                aria-invalid={reasonMissing}
                aria-describedby={reasonMissing ? `reason-missing-${job.id}` : undefined}
                onChange={(event) => {
                  setReason(event.target.value);
                  setReasonMissing(false);
                }}
              />
              <button type="submit">Discard</button>
              {reasonMissing && (
                <span id={`reason-missing-${job.id}`} className="error-text" role="alert">
                  Say why it is discarded: the reason is kept with the job.
                </span>
              )}
            </form>
          )}
        </td>
      )}
    </tr>
  );
}
