import type { EnqueueResult } from './queue.js';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openFakeRemote } from '../testing/fake-remote.js';
import { settle } from '../testing/manual-clock.js';
import { makeQueue, type QueueFixture } from '../testing/queue-fixture.js';
import { makeTempDir } from '../testing/temp-dir.js';

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
      fixture.queue.enqueue(keys.map((key) => ({ lane: 'test', type: 'deliver', payload: { key }, idempotencyKey: key })));
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
    const [a, b] = f.queue.enqueue([
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
    const [job] = f.queue.enqueue({ lane: 'test', type: 'long', payload: null }) as [EnqueueResult];
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
    const [job] = f.queue.enqueue({ lane: 'test', type: 'hang', payload: null }) as [EnqueueResult];
    await settle();
    expect(f.row(job.id).status).toBe('sending');
    await f.queue.stop();
    expect(f.row(job.id)).toMatchObject({ status: 'queued', attempts: 0 });
  });
});
