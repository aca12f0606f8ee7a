import type { JobDetail, JobStatus, JobSummary } from '../../../../shared/contract.js';
import type { AppSlice } from '../../store.js';

export interface JobsSlice {
  jobs: JobSummary[];
  statusFilter: JobStatus[];
  nextCursor: string | null;
  selectedJob: JobDetail | null;
  loadJobs(statusFilter: JobStatus[]): Promise<void>;
  loadMoreJobs(): Promise<void>;
  openJob(id: number): Promise<void>;
  closeJob(): void;
  retryJob(id: number): Promise<void>;
  retryAllFailed(): Promise<void>;
  discardJob(id: number, reason: string): Promise<void>;
  jobChanged(job: JobSummary): void;
}

const PAGE = 100;

export const createJobsSlice: AppSlice<JobsSlice> = (set, get) => ({
  jobs: [],
  statusFilter: [],
  nextCursor: null,
  selectedJob: null,
  async loadJobs(statusFilter) {
    set({ statusFilter, jobs: [], nextCursor: null });
    const page = await get().run('jobs/list', { limit: PAGE, ...(statusFilter.length ? { filter: { status: statusFilter } } : {}) });
    if (page) set({ jobs: page.items, nextCursor: page.nextCursor });
  },
  async loadMoreJobs() {
    const { nextCursor, statusFilter } = get();
    if (!nextCursor) return;
    const page = await get().run('jobs/list', {
      limit: PAGE,
      cursor: nextCursor,
      ...(statusFilter.length ? { filter: { status: statusFilter } } : {}),
    });
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
  async retryAllFailed() {
    await get().run('jobs/retry-all', {});
  },
  async discardJob(id, reason) {
    await get().run('jobs/discard', { id, reason });
  },
  jobChanged(job) {
    set((state) => {
      const matches = state.statusFilter.length === 0 || state.statusFilter.includes(job.status);
      const index = state.jobs.findIndex((existing) => existing.id === job.id);
      let jobs = state.jobs;
      if (index >= 0) jobs = matches ? jobs.with(index, job) : jobs.filter((existing) => existing.id !== job.id);
      else if (matches) jobs = [job, ...jobs];
      const selectedJob = state.selectedJob?.id === job.id ? { ...state.selectedJob, ...job } : state.selectedJob;
      return { jobs, selectedJob };
    });
  },
});
