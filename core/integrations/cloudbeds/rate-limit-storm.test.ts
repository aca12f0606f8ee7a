import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createControlClient, type ControlClient } from '../../../sandbox/control-client.js';
import { startSandbox, type Sandbox } from '../../../sandbox/server.js';
import { DEMO_CREDENTIALS } from '../../../sandbox/demo-credentials.js';
import { addDays } from '../../../sandbox/kit.js';
import { bucketWithin, type PublishedLimit } from '../../lanes.js';
import { silentLogger } from '../../logger.js';
import { createQueue } from '../../queue/queue.js';
import { openStore, type Db } from '../../store/database.js';
import { makeTempDir } from '../../testing/temp-dir.js';
import { createCloudbedsConnector } from './cloudbeds.js';

// The real limit is 5/s; the sandbox is told 100/s so 500 requests take seconds, not minutes.
// The lane is derived from the limit the same way the real lanes are.
const LIMIT: PublishedLimit = { requests: 100, windowMs: 1000 };
const JOBS = 500;
const STORM = 6;

let sandbox: Sandbox;
let control: ControlClient;
let dir: ReturnType<typeof makeTempDir>;
let db: Db;

beforeEach(async () => {
  sandbox = await startSandbox({ port: 0, today: '2026-11-23' });
  control = createControlClient(sandbox.url);
  dir = makeTempDir();
  db = openStore({ path: join(dir.path, 'storm.db') });
});
afterEach(async () => {
  db.close();
  dir.remove();
  await sandbox.close();
});

describe('a lane under a 429 storm', () => {
  it(
    'pushes 500 rate updates through the queue without ever passing the API limit, and each lands once',
    async () => {
      await control.limit('cloudbeds', { limit: LIMIT.requests, windowMs: LIMIT.windowMs });
      // A storm: the next 6 answers are 429s asking for a one-second pause, while the lane
      // has four requests in flight and 500 jobs waiting.
      await control.faults('cloudbeds', { burst429: { count: STORM, retryAfterSeconds: 1 } });
      const cloudbeds = createCloudbedsConnector({
        baseURL: sandbox.baseUrls.cloudbeds,
        credentials: { kind: 'api-key', apiKey: DEMO_CREDENTIALS.cloudbeds.apiKey },
      });
      const rateId = sandbox.hotel().roomTypes[0]!.rateId;
      const queue = createQueue({
        db,
        logger: silentLogger,
        lanes: [{ name: 'cloudbeds', concurrency: 4, rateLimit: bucketWithin(LIMIT) }],
        handlers: {
          'rates/push': async (payload, context) => {
            const { date, rate } = payload as { date: string; rate: number };
            const answer = await cloudbeds.putRate([{ rateId, intervals: [{ startDate: date, endDate: date, rate }] }]);
            context.recordResponse(answer);
            return answer.data;
          },
        },
      });
      queue.enqueue(
        Array.from({ length: JOBS }, (_, i) => ({
          lane: 'cloudbeds',
          type: 'rates/push',
          payload: { date: addDays('2026-11-23', i % 300), rate: 100 + Math.floor(i / 300) },
          idempotencyKey: `storm-${i}`,
        })),
      );
      queue.start();
      const done = () => (db.prepare("SELECT COUNT(*) AS n FROM jobs WHERE status = 'done'").get() as { n: number }).n;
      const deadline = Date.now() + 45_000;
      while (done() < JOBS && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
      await queue.stop();

      expect(done()).toBe(JOBS);
      const counters = (await control.counters()).cloudbeds;
      expect(counters.overLimit).toBe(0);
      expect(counters.injectedFaults).toBe(STORM);
      // Every 429 was retried, none burned an attempt, and nothing was sent twice.
      expect(counters.requests).toBe(JOBS + STORM);
      const attempts = db.prepare('SELECT MAX(attempts) AS most FROM jobs').get() as { most: number };
      expect(attempts.most).toBe(1);
      const limited = db.prepare("SELECT COUNT(*) AS n FROM job_attempts WHERE error_kind = 'rate_limited'").get() as { n: number };
      expect(limited.n).toBe(STORM);
    },
    60_000,
  );
});
