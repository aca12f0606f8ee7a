import type { EnqueueResult } from './queue.js';
import { afterEach, describe, expect, it } from 'vitest';
import { settle } from '../testing/manual-clock.js';
import { makeQueue, type QueueFixture } from '../testing/queue-fixture.js';
import { makeTempDir } from '../testing/temp-dir.js';
import { RemoteError } from './remote-error.js';

let fixture: QueueFixture;
afterEach(() => fixture?.dispose());

const attemptsOf = (jobId: number) =>
  fixture.db.prepare('SELECT outcome, error_kind, http_status, request_id, error FROM job_attempts WHERE job_id = ? ORDER BY id').all(jobId) as {
    outcome: string;
    error_kind: string | null;
    http_status: number | null;
    request_id: string | null;
    error: string | null;
  }[];

const laneState = () => fixture.queue.status().lanes[0]!.state;

describe('what each error kind does', () => {
  it('retries a server error after 2 s, then 4 s, then 8 s (with jitter), and fails when attempts run out', async () => {
    const calls: number[] = [];
    fixture = makeQueue({
      flaky: async () => {
        calls.push(fixture.clock.now());
        throw new RemoteError('server', 'Cloudbeds answered 503', { httpStatus: 503, requestId: 'req-1' });
      },
    });
    fixture.queue.start();
    const [job] = fixture.enqueue({ lane: 'test', type: 'flaky', payload: null, maxAttempts: 4 }) as [EnqueueResult];
    await fixture.clock.advance(60_000);
    expect(calls).toHaveLength(4);
    const gaps = calls.slice(1).map((at, i) => at - calls[i]!);
    [2_000, 4_000, 8_000].forEach((expected, i) => {
      expect(gaps[i]).toBeGreaterThanOrEqual(expected * 0.8);
      expect(gaps[i]).toBeLessThanOrEqual(expected * 1.2);
    });
    const row = fixture.row(job.id);
    expect(row.status).toBe('failed');
    expect(row.attempts).toBe(4);
    expect(row.error_kind).toBe('server');
    expect(row.last_error).toBe('Cloudbeds answered 503');
    const history = attemptsOf(job.id);
    expect(history).toHaveLength(4);
    expect(history[0]).toMatchObject({ outcome: 'error', error_kind: 'server', http_status: 503, request_id: 'req-1' });
  });

  it('retries a 429 with retry-after 2 s no sooner than 2 s later, without losing an attempt', async () => {
    const calls: number[] = [];
    fixture = makeQueue({
      limited: async () => {
        calls.push(fixture.clock.now());
        if (calls.length === 1) throw new RemoteError('rate_limited', 'Too many requests', { retryAfterMs: 2_000, httpStatus: 429 });
        return 'ok';
      },
    });
    fixture.queue.start();
    const [job] = fixture.enqueue({ lane: 'test', type: 'limited', payload: null }) as [EnqueueResult];
    await fixture.clock.advance(1_999);
    expect(calls).toHaveLength(1);
    await fixture.clock.advance(5_000);
    expect(calls).toHaveLength(2);
    expect(calls[1]! - calls[0]!).toBeGreaterThanOrEqual(2_000);
    expect(fixture.row(job.id)).toMatchObject({ status: 'done', attempts: 1 });
  });

  it('waits 5 s after a 429 that named no wait, for that job and the rest of its lane, without losing an attempt', async () => {
    const calls: [number, unknown][] = [];
    fixture = makeQueue({
      limited: async (payload) => {
        calls.push([fixture.clock.now(), payload]);
        if (calls.length === 1) throw new RemoteError('rate_limited', 'Too many requests', { httpStatus: 429 });
      },
    });
    const start = fixture.clock.now();
    fixture.queue.start();
    const [first] = fixture.enqueue({ type: 'limited', payload: 'first' });
    await settle();
    fixture.enqueue({ type: 'limited', payload: 'second' });
    await fixture.clock.advance(4_999);
    expect(calls).toEqual([[start, 'first']]);
    await fixture.clock.advance(1);
    // The second was due first (the first was put back to run at +5 s), so it goes first.
    expect(calls.map(([at, payload]) => [at - start, payload])).toEqual([
      [0, 'first'],
      [5_000, 'second'],
      [5_000, 'first'],
    ]);
    expect(fixture.row(first!.id)).toMatchObject({ status: 'done', attempts: 1 });
  });

  it('burns no attempts while offline for a simulated hour, probes, and drains by itself when the network returns', async () => {
    const hour = 3_600_000;
    let networkBackAt = 0;
    let calls = 0;
    const delivered: number[] = [];
    fixture = makeQueue(
      {
        send: async (payload) => {
          calls += 1;
          if (fixture.clock.now() < networkBackAt) throw new RemoteError('network', 'connect ECONNREFUSED');
          delivered.push(payload as number);
        },
      },
      { lanes: [{ name: 'test', concurrency: 4 }] },
    );
    networkBackAt = fixture.clock.now() + hour;
    fixture.queue.start();
    fixture.enqueue(Array.from({ length: 10 }, (_, i) => ({ lane: 'test', type: 'send', payload: i, maxAttempts: 3 })));
    await fixture.clock.advance(hour - 1_000);
    expect(laneState()).toBe('offline');
    const midway = fixture.db.prepare("SELECT COUNT(*) AS n FROM jobs WHERE status = 'queued' AND attempts = 0").get() as { n: number };
    expect(midway.n).toBe(10);
    // Probing is one job at a time with a capped backoff, not a storm.
    expect(calls).toBeLessThan(100);
    await fixture.clock.advance(70_000);
    expect(laneState()).toBe('online');
    expect(delivered.sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    const failed = fixture.db.prepare("SELECT COUNT(*) AS n FROM jobs WHERE status != 'done'").get() as { n: number };
    expect(failed.n).toBe(0);
  });

  it('pauses the lane as "needs sign-in" on an auth error, keeps the job waiting, and sends it after resume', async () => {
    let signedIn = false;
    fixture = makeQueue({
      call: async () => {
        if (!signedIn) throw new RemoteError('auth', 'The API key was revoked', { httpStatus: 401 });
        return 'ok';
      },
    });
    fixture.queue.start();
    const [job] = fixture.enqueue({ lane: 'test', type: 'call', payload: null }) as [EnqueueResult];
    await fixture.clock.advance(600_000);
    expect(laneState()).toBe('needs_sign_in');
    expect(fixture.row(job.id)).toMatchObject({ status: 'queued', attempts: 0, error_kind: 'auth' });
    expect(attemptsOf(job.id)).toHaveLength(1);
    signedIn = true;
    fixture.queue.resume('test');
    await settle();
    expect(fixture.row(job.id).status).toBe('done');
    expect(laneState()).toBe('online');
  });

  it('remembers "needs sign-in" across a restart, so a revoked credential is not tried again until someone signs in', async () => {
    const dir = makeTempDir();
    let calls = 0;
    const call = async () => {
      calls += 1;
      throw new RemoteError('auth', 'The API key was revoked', { httpStatus: 401 });
    };
    try {
      fixture = makeQueue({ call }, { dir: dir.path });
      fixture.queue.start();
      fixture.enqueue({ type: 'call' });
      await settle();
      expect(calls).toBe(1);
      await fixture.dispose();

      fixture = makeQueue({ call }, { dir: dir.path });
      fixture.queue.start();
      await fixture.clock.advance(600_000);
      expect(laneState()).toBe('needs_sign_in');
      expect(calls).toBe(1);
    } finally {
      await fixture.dispose();
      dir.remove();
    }
  });

  it('fails a job the remote system rejected at once, with its message', async () => {
    fixture = makeQueue({
      push: async () => {
        throw new RemoteError('validation', 'Rate must be a positive number', { httpStatus: 200, field: 'rate' });
      },
    });
    fixture.queue.start();
    const [job] = fixture.enqueue({ lane: 'test', type: 'push', payload: null }) as [EnqueueResult];
    await settle();
    expect(fixture.row(job.id)).toMatchObject({
      status: 'failed',
      attempts: 1,
      error_kind: 'validation',
      last_error: 'Rate must be a positive number',
    });
  });

  it('treats a bug in a handler like a server error, so it ends in Failed rather than lost', async () => {
    fixture = makeQueue({
      buggy: async () => {
        throw new TypeError("Cannot read properties of undefined (reading 'rate')");
      },
    });
    fixture.queue.start();
    const [job] = fixture.enqueue({ lane: 'test', type: 'buggy', payload: null, maxAttempts: 2 }) as [EnqueueResult];
    await fixture.clock.advance(30_000);
    expect(fixture.row(job.id)).toMatchObject({ status: 'failed', attempts: 2, error_kind: 'server' });
  });
});
