import type { EnqueueResult } from './queue.js';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openFakeRemote } from '../testing/fake-remote.js';
import { settle } from '../testing/manual-clock.js';
import { makeQueue, type QueueFixture } from '../testing/queue-fixture.js';
import { makeTempDir } from '../testing/temp-dir.js';
import { ManualClock } from '../testing/manual-clock.js';
import { RemoteError } from './remote-error.js';

let fixture: QueueFixture | undefined;
afterEach(() => fixture?.dispose());

const sendingCount = (f: QueueFixture) =>
  (f.db.prepare("SELECT COUNT(*) AS n FROM jobs WHERE status = 'sending'").get() as { n: number }).n;

describe('leases', () => {
  it('recovers a job whose worker process was killed with SIGKILL, and completes it once in effect after restart', async () => {
    const dir = makeTempDir();
    const remotePath = join(dir.path, 'remote.db');
    const remote = openFakeRemote(remotePath);
    try {
      fixture = makeQueue({ deliver: async () => null }, { dir: dir.path });
      const keys = ['booking-1', 'booking-2', 'booking-3'];
      fixture.enqueue(keys.map((key) => ({ lane: 'test', type: 'deliver', payload: { key }, idempotencyKey: key })));
      const dbPath = fixture.dbPath;
      await fixture.dispose();

      const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, '../testing/lease-holder-child.ts'), dbPath, remotePath], {
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      const heldId = await new Promise<number>((resolve, reject) => {
        child.stdout.on('data', (chunk: Buffer) => {
          const match = /holding (\d+)/.exec(chunk.toString());
          if (match) resolve(Number(match[1]));
        });
        child.on('exit', (code) => reject(new Error(`child exited early with ${code}`)));
      });
      const exited = new Promise((resolve) => child.on('exit', resolve));
      child.kill('SIGKILL');
      await exited;

      fixture = makeQueue(
        { deliver: async (payload, context) => remote.deliver(context.job.idempotencyKey!, payload) },
        { dir: dir.path },
      );
      expect(fixture.row(heldId).status).toBe('sending');
      fixture.queue.start();
      await settle();
      expect(sendingCount(fixture)).toBe(0);
      expect((fixture.db.prepare("SELECT COUNT(*) AS n FROM jobs WHERE status = 'done'").get() as { n: number }).n).toBe(3);
      expect(remote.effects().map((effect) => effect.key)).toEqual(keys);
      // The killed attempt reached the remote side; the replay was de-duplicated there.
      expect(remote.callsFor(`booking-${heldId}`)).toBe(2);
      const history = fixture.db.prepare('SELECT outcome FROM job_attempts WHERE job_id = ? ORDER BY id').all(heldId);
      expect(history).toEqual([{ outcome: 'lost' }, { outcome: 'done' }]);
    } finally {
      await fixture?.dispose();
      fixture = undefined;
      remote.close();
      dir.remove();
    }
  });

  it('returns a job to the queue on sweep when its lease expired, and fails it when it has no attempts left', async () => {
    fixture = makeQueue({ deliver: async () => null });
    const f = fixture;
    const [a, b] = f.enqueue([
      { lane: 'test', type: 'deliver', payload: 1 },
      { lane: 'test', type: 'deliver', payload: 2, maxAttempts: 1 },
    ]);
    // Another process leased both and vanished.
    f.db.prepare("UPDATE jobs SET status = 'sending', attempts = 1, lease_owner = 'ghost', leased_at = ?, lease_expires_at = ?")
      .run(f.clock.now(), f.clock.now() + 60_000);
    f.queue.sweep();
    expect(f.row(a!.id).status).toBe('sending');
    await f.clock.advance(61_000);
    f.queue.sweep();
    expect(f.row(a!.id)).toMatchObject({ status: 'queued', attempts: 1 });
    expect(f.row(b!.id)).toMatchObject({ status: 'failed' });
  });

  it('keeps a long job leased while it heartbeats, so a sweep leaves it alone', async () => {
    let beat!: () => void;
    let finish!: () => void;
    fixture = makeQueue(
      {
        long: async (_payload, context) => {
          beat = () => context.heartbeat();
          await new Promise<void>((resolve) => (finish = resolve));
        },
      },
      { lanes: [{ name: 'test', concurrency: 1, leaseMs: 10_000 }] },
    );
    const f = fixture;
    f.queue.start();
    const [job] = f.enqueue({ lane: 'test', type: 'long', payload: null }) as [EnqueueResult];
    await settle();
    const leasedAt = f.clock.now();
    expect(f.row(job.id).lease_expires_at).toBe(leasedAt + 10_000);
    await f.clock.advance(8_000);
    beat();
    expect(f.row(job.id).lease_expires_at).toBe(leasedAt + 18_000);
    await f.clock.advance(8_000);
    f.queue.sweep();
    expect(f.row(job.id).status).toBe('sending');
    finish();
    await settle();
    expect(f.row(job.id).status).toBe('done');
  });

  it('puts running jobs back without counting the attempt when stopped, so none stays in Sending', async () => {
    fixture = makeQueue({ hang: () => new Promise(() => {}) }, { stopGraceMs: 20 });
    const f = fixture;
    f.queue.start();
    const [job] = f.enqueue({ lane: 'test', type: 'hang', payload: null }) as [EnqueueResult];
    await settle();
    expect(f.row(job.id).status).toBe('sending');
    await f.queue.stop();
    expect(f.row(job.id)).toMatchObject({ status: 'queued', attempts: 0 });
  });

  it('never lets a worker whose lease another worker took over mark the job done or failed', async () => {
    const dir = makeTempDir();
    const release: (() => void)[] = [];
    const lanes = [{ name: 'test', concurrency: 2, leaseMs: 10_000 }];
    // Worker A takes both jobs and stalls (a laptop asleep); its leases expire.
    const a = makeQueue(
      {
        succeed: async () => new Promise<void>((resolve) => release.push(resolve)),
        reject: async () => {
          await new Promise<void>((resolve) => release.push(resolve));
          throw new RemoteError('validation', 'refused by a stale worker');
        },
      },
      { dir: dir.path, lanes },
    );
    // Worker B, in another process, finds the expired leases and takes the jobs over.
    const b = makeQueue(
      { succeed: () => new Promise(() => {}), reject: () => new Promise(() => {}) },
      { dir: dir.path, lanes, clock: new ManualClock(a.clock.now() + 20_000) },
    );
    try {
      a.queue.start();
      const [done, failed] = a.enqueue([{ type: 'succeed' }, { type: 'reject' }]);
      await settle();
      expect(release).toHaveLength(2);
      b.queue.start();
      await settle();
      for (const job of [done!, failed!]) expect(b.row(job.id)).toMatchObject({ status: 'sending', lease_owner: b.queue.owner });

      // A wakes up and finishes: its outcomes must not overwrite B's lease.
      release.forEach((resolve) => resolve());
      await settle();
      for (const job of [done!, failed!]) expect(b.row(job.id)).toMatchObject({ status: 'sending', lease_owner: b.queue.owner, last_error: expect.stringContaining('stopped') });
      const outcomes = b.db.prepare("SELECT outcome FROM job_attempts WHERE outcome <> 'lost'").all();
      expect(outcomes).toEqual([]);
    } finally {
      await b.dispose();
      await a.dispose();
      dir.remove();
    }
  });
});
