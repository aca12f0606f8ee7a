import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startDemo, type Demo } from '../../../demo/demo.js';
import { createControlClient, type ControlClient } from '../../../sandbox/control-client.js';
import { addDays } from '../../../shared/iso-date.js';
import { createCore, type Core } from '../../core.js';
import { silentLogger } from '../../logger.js';
import { newJob, workerFor } from '../../queue/job-kind.js';
import type { PublishedLimit } from '../../queue/request-limiter.js';
import { testKind } from '../../testing/queue-fixture.js';
import { makeTempDir } from '../../testing/temp-dir.js';

// The real limit is 5/s; the sandbox is told 100/s so 500 requests take seconds, not minutes.
// The lane keeps it the way the real lanes do: its connector waits for the lane before each request.
const LIMIT: PublishedLimit = { requests: 100, windowMs: 1000 };
const JOBS = 500;
const STORM = 6;
const PUSH = testKind('test/storm-push', 'cloudbeds');

let demo: Demo;
let control: ControlClient;
let dir: ReturnType<typeof makeTempDir>;
let core: Core;

beforeEach(async () => {
  demo = await startDemo({ today: '2026-11-23' });
  control = createControlClient(demo.sandbox.url, demo.sandbox.controlToken);
  dir = makeTempDir();
});
afterEach(async () => {
  await core.stop();
  await demo.close();
  dir.remove();
});

/** Resolves once `count` jobs are done, re-counting on each job change the core announces. */
function allDone(count: number): Promise<void> {
  const done = () => (core.db.prepare("SELECT COUNT(*) AS n FROM jobs WHERE status = 'done' AND type = ?").get(PUSH.type) as { n: number }).n;
  return new Promise((resolve) => {
    const stop = core.events.on('job/changed', (job) => {
      if (job.status === 'done' && done() >= count) {
        stop();
        resolve();
      }
    });
  });
}

describe('a lane under a 429 storm', () => {
  it(
    'pushes 500 rate updates through the queue without ever passing the API limit, and each lands once',
    async () => {
      await control.limit('cloudbeds', { limit: LIMIT.requests, windowMs: LIMIT.windowMs });
      // A storm: the next 6 answers are 429s asking for a one-second pause, while the lane
      // has four requests in flight and 500 jobs waiting.
      await control.faults('cloudbeds', { burst429: { count: STORM, retryAfterSeconds: 1 } });
      const rateId = demo.sandbox.hotel().roomTypes[0]!.rateId;
      core = createCore({
        dataDir: dir.path,
        logger: silentLogger,
        connections: demo.connections,
        lanes: [{ name: 'cloudbeds', concurrency: 4, limit: LIMIT }],
        workers: [
          workerFor(PUSH, async (payload, context) => {
            const { date, rate } = payload as { date: string; rate: number };
            const answer = await core.connectors.cloudbeds!.putRate([{ rateId, intervals: [{ startDate: date, endDate: date, rate }] }]);
            context.recordResponse(answer);
            return answer.data;
          }),
        ],
      });
      core.queue.enqueue(
        Array.from({ length: JOBS }, (_, i) =>
          newJob(PUSH, { date: addDays('2026-11-23', i % 300), rate: 100 + Math.floor(i / 300) }, { idempotencyKey: `storm-${i}` }),
        ),
      );
      const finished = allDone(JOBS);
      await core.start();
      await finished;

      const counters = (await control.counters()).cloudbeds;
      expect(counters.overLimit).toBe(0);
      expect(counters.injectedFaults).toBe(STORM);
      // Every 429 was retried, none burned an attempt, and nothing was sent twice.
      expect(counters.requests).toBe(JOBS + STORM);
      const attempts = core.db.prepare('SELECT MAX(attempts) AS most FROM jobs').get() as { most: number };
      expect(attempts.most).toBe(1);
      const limited = core.db.prepare("SELECT COUNT(*) AS n FROM job_attempts WHERE error_kind = 'rate_limited'").get() as { n: number };
      expect(limited.n).toBe(STORM);
    },
    60_000,
  );
});
