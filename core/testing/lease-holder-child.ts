/**
 * Child process for the crash test: takes a lease on a job, delivers its effect to the fake
 * remote, says so on stdout, then hangs until it is killed with SIGKILL (before it can record
 * that the job is done).
 */
import { silentLogger } from '../logger.js';
import { createQueue } from '../queue/queue.js';
import { openStore } from '../store/database.js';
import { openFakeRemote } from './fake-remote.js';
import { testWorkers } from './queue-fixture.js';

const [dbPath, remotePath] = process.argv.slice(2) as [string, string];
const db = openStore({ path: dbPath });
const remote = openFakeRemote(remotePath);
const queue = createQueue({
  db,
  logger: silentLogger,
  lanes: [{ name: 'test', concurrency: 1 }],
  workers: testWorkers(
    {
      deliver: async (payload, context) => {
        remote.deliver(context.job.idempotencyKey!, payload);
        process.stdout.write(`holding ${context.job.id}\n`);
        await new Promise(() => {});
      },
    },
    'test',
  ),
});
queue.start();
