/**
 * Start-up with history (SPEC §8: the host listens within 500 ms whatever the job history): the
 * built headless host spawned on a data folder whose database holds 100,000 finished rate pushes
 * (each with its attempt), all inside the 7-day retention or all past it, timed from spawn to
 * its "listening" line (median of a few runs, each on a fresh copy of the seeded database), with
 * an empty history as the baseline. Also times the prune of the expired history on its own.
 */
import { closeSync, copyFileSync, fsyncSync, openSync } from 'node:fs';
import { join } from 'node:path';
import { DATABASE_FILE } from '../core/core.js';
import { createJobStore } from '../core/queue/job-store.js';
import { openStore } from '../core/store/database.js';
import { createMultiRowInsert } from '../core/store/multi-row-insert.js';
import { makeTempDir } from '../core/testing/temp-dir.js';
import { ensureBuilt, spawnHost } from './headless-process.js';
import { median, report, type BenchRow } from './report.js';

const HISTORY = 100_000;
const RUNS = 5;
const DAY_MS = 86_400_000;
/** The queue's default retention of Done and Cancelled jobs. */
const RETENTION_MS = 7 * DAY_MS;

type History = 'none' | 'recent' | 'expired';

const JOB_COLUMNS = ['lane', 'type', 'payload', 'status', 'priority', 'run_at', 'attempts', 'created_at', 'updated_at', 'finished_at', 'summary', 'result'];
const ATTEMPT_COLUMNS = ['job_id', 'started_at', 'ended_at', 'outcome', 'http_status', 'request_id', 'duration_ms'];

/**
 * A database with HISTORY Done rate pushes, one attempt each, finished over the last 6 days
 * (recent) or between 8 and 38 days ago (expired); none for the baseline.
 */
function seed(path: string, history: History): void {
  const db = openStore({ path });
  try {
    if (history === 'none') return;
    const now = Date.now();
    const insertJobs = createMultiRowInsert(db, 'jobs', JOB_COLUMNS);
    const insertAttempts = createMultiRowInsert(db, 'job_attempts', ATTEMPT_COLUMNS);
    const payload = JSON.stringify({ rates: [{ rateId: 900_001, roomTypeId: 800_001, name: 'Room type 1', intervals: [{ startDate: '2026-12-01', endDate: '2026-12-03', rate: 150 }] }] });
    db.transaction(() => {
      for (let start = 0; start < HISTORY; start += 1_000) {
        const jobs: unknown[][] = [];
        const finished: number[] = [];
        for (let i = start; i < start + 1_000; i += 1) {
          const age = history === 'recent' ? ((i + 1) / HISTORY) * 6 * DAY_MS : 8 * DAY_MS + (i / HISTORY) * 30 * DAY_MS;
          const at = Math.round(now - age);
          finished.push(at);
          const result = JSON.stringify({ requests: 1, jobReferenceIds: [`rj-${i}`] });
          jobs.push(['cloudbeds', 'rates/push', payload, 'done', 10, at - 400, 1, at - 400, at, at, 'Rates · Room type 1 · 1–3 Dec → 150.00', result]);
        }
        const ids = insertJobs(jobs);
        insertAttempts(ids.map((id, k) => [id, finished[k]! - 300, finished[k]!, 'done', 200, `req-${id}`, 300]));
      }
    })();
  } finally {
    db.close();
  }
}

/**
 * A copy of the seeded database, flushed to disk: otherwise the host's first fsync of the file
 * also writes out the 40-odd MB the copy left dirty, which a real start never has to.
 */
function copyDatabase(template: string, dataDir: string): string {
  const path = join(dataDir, DATABASE_FILE);
  copyFileSync(template, path);
  const fd = openSync(path, 'r+');
  fsyncSync(fd);
  closeSync(fd);
  return path;
}

/** Spawn → "listening" on fresh copies of the seeded database: every run, and the jobs left after the last. */
async function timeStarts(template: string): Promise<{ times: number[]; jobsLeft: number }> {
  const times: number[] = [];
  let jobsLeft = 0;
  for (let run = 0; run < RUNS; run += 1) {
    const dir = makeTempDir('sentinel-bench-');
    try {
      const path = copyDatabase(template, dir.path);
      const host = await spawnHost(dir.path);
      times.push(host.listeningAfterMs);
      await host.stop();
      const db = openStore({ path });
      jobsLeft = (db.prepare("SELECT COUNT(*) AS n FROM jobs WHERE status = 'done'").get() as { n: number }).n;
      db.close();
    } finally {
      dir.remove();
    }
  }
  return { times, jobsLeft };
}

/** Finished jobs the queue deletes per transaction (core/queue/queue.ts PRUNE_CHUNK). */
const PRUNE_CHUNK = 500;

/**
 * The queue's own prune of the expired history, alone, on a fresh copy, chunk by chunk as the
 * queue runs it: the time in all, and the longest chunk (how long the event loop is held at most).
 */
function timePrune(template: string): { total: number; longestChunk: number } {
  const dir = makeTempDir('sentinel-bench-');
  try {
    const db = openStore({ path: copyDatabase(template, dir.path) });
    const store = createJobStore(db);
    const before = Date.now() - RETENTION_MS;
    let total = 0;
    let longestChunk = 0;
    for (;;) {
      const started = performance.now();
      const count = store.pruneFinished(before, PRUNE_CHUNK);
      const elapsed = performance.now() - started;
      total += elapsed;
      longestChunk = Math.max(longestChunk, elapsed);
      if (count < PRUNE_CHUNK) break;
    }
    db.close();
    return { total, longestChunk };
  } finally {
    dir.remove();
  }
}

export async function runStartupBench(): Promise<void> {
  ensureBuilt();
  const templates = makeTempDir('sentinel-bench-');
  try {
    // One start to warm the file cache (node, the build, better-sqlite3), not counted.
    const warm = makeTempDir('sentinel-bench-');
    await (await spawnHost(warm.path)).stop();
    warm.remove();

    const rows: BenchRow[] = [];
    const label: Record<History, string> = {
      none: 'no job history (schema already made)',
      recent: `${HISTORY.toLocaleString('en-US')} Done jobs finished in the last 6 days (inside retention)`,
      expired: `${HISTORY.toLocaleString('en-US')} Done jobs finished 8–38 days ago (past the 7-day retention)`,
    };
    for (const history of ['none', 'recent', 'expired'] as const) {
      const template = join(templates.path, `${history}.db`);
      seed(template, history);
      const { times, jobsLeft } = await timeStarts(template);
      const value = median(times);
      rows.push({ name: `spawn to "listening", ${label[history]}, median of ${RUNS}`, value, unit: 'ms', target: '<= 500', met: value <= 500 });
      rows.push({ name: `the same, slowest of ${RUNS}`, value: Math.max(...times), unit: 'ms' });
      if (history !== 'none') rows.push({ name: 'the same, Done jobs left after a start', value: jobsLeft, unit: 'jobs' });
      if (history === 'expired') {
        const prune = timePrune(template);
        rows.push({ name: "the same, the prune alone, in all (in chunks of 500, off the start path)", value: prune.total, unit: 'ms' });
        rows.push({ name: 'the same, the longest chunk (the event loop held at most)', value: prune.longestChunk, unit: 'ms', target: '<= 20', met: prune.longestChunk <= 20 });
      }
    }
    report('startup', rows);
  } finally {
    templates.remove();
  }
}
