import type { JobDetail, JobFilter, JobSummary } from '../../../../shared/contract.js';
import type { AppSlice } from '../../store.js';

export interface JobsSlice {
  jobs: JobSummary[];
  /** What the list shows: by status, system, words, creation dates (none: everything). */
  jobsFilter: JobFilter;
  nextCursor: string | null;
  selectedJob: JobDetail | null;
  loadJobs(filter: JobFilter): Promise<void>;
  loadMoreJobs(): Promise<void>;
  openJob(id: number): Promise<void>;
  closeJob(): void;
  retryJob(id: number): Promise<void>;
  /** Retries every failed job the filter matches (its status aside). */
  retryAllFailed(filter?: JobFilter): Promise<void>;
  discardJob(id: number, reason: string): Promise<void>;
  jobChanged(job: JobSummary): void;
}

const PAGE = 100;

/** Whether a pushed job belongs in the list as filtered (words are matched on its summary and error, as the host does). */
export function matchesFilter(job: JobSummary, filter: JobFilter): boolean {
  if (filter.status && !filter.status.includes(job.status)) return false;
  if (filter.lane && !filter.lane.includes(job.lane)) return false;
  if (filter.type && !filter.type.includes(job.type)) return false;
  if (filter.from && job.createdAt < filter.from) return false;
  if (filter.to && job.createdAt >= filter.to) return false;
  if (filter.text) {
    const words = filter.text.toLowerCase();
    if (!`${job.summary} ${job.lastError ?? ''}`.toLowerCase().includes(words)) return false;
  }
  return true;
}

export const createJobsSlice: AppSlice<JobsSlice> = (set, get) => ({
  jobs: [],
  jobsFilter: {},
  nextCursor: null,
  selectedJob: null,
  async loadJobs(filter) {
    set({ jobsFilter: filter, jobs: [], nextCursor: null });
    const page = await get().run('jobs/list', { limit: PAGE, filter });
    // A later filter may have been asked for while this page was on its way.
    if (page && get().jobsFilter === filter) set({ jobs: page.items, nextCursor: page.nextCursor });
  },
  async loadMoreJobs() {
    const { nextCursor, jobsFilter } = get();
    if (!nextCursor) return;
    const page = await get().run('jobs/list', { limit: PAGE, cursor: nextCursor, filter: jobsFilter });
    if (page) set((state) => ({ jobs: [...state.jobs, ...page.items], nextCursor: page.nextCursor }));
  },
  async openJob(id) {
    const job = await get().run('jobs/get', { id });
    if (job) set({ selectedJob: job });
  },
  closeJob: () => set({ selectedJob: null }),
  async retryJob(id) {
    await get().run('jobs/retry', { id });
  },
  async retryAllFailed(filter = {}) {
    const { status: _status, ...rest } = filter;
    await get().run('jobs/retry-all', Object.keys(rest).length > 0 ? { filter: rest } : {});
  },
  async discardJob(id, reason) {
    await get().run('jobs/discard', { id, reason });
  },
  jobChanged(job) {
    set((state) => {
      const matches = matchesFilter(job, state.jobsFilter);
      const index = state.jobs.findIndex((existing) => existing.id === job.id);
      let jobs = state.jobs;
      if (index >= 0) jobs = matches ? jobs.with(index, job) : jobs.filter((existing) => existing.id !== job.id);
      else if (matches) jobs = [job, ...jobs];
      const selectedJob = state.selectedJob?.id === job.id ? { ...state.selectedJob, ...job } : state.selectedJob;
      return { jobs, selectedJob };
    });
  },
});
