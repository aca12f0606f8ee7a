import { describe, expect, it } from 'vitest';
import { silentLogger } from '../logger.js';
import { openStore } from '../store/database.js';
import type { JobRow } from './job-rows.js';
import { createJobStore } from './job-store.js';
import { createLaneStore } from './lane-store.js';
import { createOutcomeWriter } from './outcome-writer.js';
import { RemoteError } from './remote-error.js';

function setUp() {
  const db = openStore({ path: ':memory:' });
  const store = createJobStore(db);
  const laneStore = createLaneStore(db);
  laneStore.ensure(['test']);
  const writer = createOutcomeWriter({ lane: 'test', store, laneStore, owner: 'me', logger: silentLogger });
  db.transaction(() => store.insertMany([1, 2, 3].map((n) => ({ lane: 'test', type: 't', payload: n })), 0))();
  const [a, b, c] = store.claim('test', 3, 'me', 60_000, 10) as [JobRow, JobRow, JobRow];
  const attempts = () => db.prepare('SELECT job_id, outcome, error_kind FROM job_attempts ORDER BY id').all();
  return { db, store, laneStore, writer, jobs: [a, b, c] as const, attempts };
}

describe('the outcome writer', () => {
  it('writes each outcome as decided, with an attempt each, and the lane’s last success and error', () => {
    const { db, writer, jobs, attempts, laneStore } = setUp();
    const [a, b, c] = jobs;
    const written = writer.write(
      [
        { job: a, startedAt: 10, endedAt: 20, result: { ok: 1 }, response: { httpStatus: 200 }, decision: { action: 'done' } },
        { job: b, startedAt: 10, endedAt: 30, error: new RemoteError('server', '503'), response: {}, decision: { action: 'requeue', runAt: 2_030, refund: false } },
        { job: c, startedAt: 10, endedAt: 40, error: new RemoteError('validation', 'no'), response: {}, decision: { action: 'fail' } },
      ],
      50,
    );
    expect(written.map((row) => [row.id, row.status])).toEqual([
      [a.id, 'done'],
      [b.id, 'queued'],
      [c.id, 'failed'],
    ]);
    expect(db.prepare('SELECT id, status, run_at, attempts FROM jobs ORDER BY id').all()).toEqual([
      { id: a.id, status: 'done', run_at: 0, attempts: 1 },
      { id: b.id, status: 'queued', run_at: 2_030, attempts: 1 },
      { id: c.id, status: 'failed', run_at: 0, attempts: 1 },
    ]);
    expect(attempts()).toEqual([
      { job_id: a.id, outcome: 'done', error_kind: null },
      { job_id: b.id, outcome: 'error', error_kind: 'server' },
      { job_id: c.id, outcome: 'error', error_kind: 'validation' },
    ]);
    expect(laneStore.all()[0]).toMatchObject({ last_success_at: 20, last_error: 'no', needs_sign_in: 0 });
  });

  it('drops the outcome of a job this worker no longer holds, and writes no attempt for it', () => {
    const { db, writer, jobs, attempts } = setUp();
    db.prepare("UPDATE jobs SET lease_owner = 'someone else' WHERE id = ?").run(jobs[0].id);
    const written = writer.write([{ job: jobs[0], startedAt: 10, endedAt: 20, response: {}, decision: { action: 'done' } }], 50);
    expect(written).toEqual([]);
    expect(attempts()).toEqual([]);
    expect(db.prepare('SELECT status, lease_owner FROM jobs WHERE id = ?').get(jobs[0].id)).toEqual({ status: 'sending', lease_owner: 'someone else' });
  });

  it('remembers that the lane needs sign-in when a job met an auth error', () => {
    const { writer, jobs, laneStore } = setUp();
    writer.write([{ job: jobs[0], startedAt: 10, endedAt: 20, error: new RemoteError('auth', '401'), response: {}, decision: { action: 'requeue', runAt: 20, refund: true } }], 50);
    expect(laneStore.all()[0]!.needs_sign_in).toBe(1);
  });

  it('hands back an unstarted job and releases a running one at shutdown, neither costing an attempt', () => {
    const { db, writer, jobs, attempts } = setUp();
    writer.unclaim(jobs[0], 50);
    writer.release(jobs[1], 10, 50);
    expect(db.prepare('SELECT status, attempts FROM jobs WHERE id IN (?, ?) ORDER BY id').all(jobs[0].id, jobs[1].id)).toEqual([
      { status: 'queued', attempts: 0 },
      { status: 'queued', attempts: 0 },
    ]);
    expect(attempts()).toEqual([{ job_id: jobs[1].id, outcome: 'lost', error_kind: null }]);
  });
});
