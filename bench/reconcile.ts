/**
 * Reconciliation (SPEC §8: 10,000 reservations in ≤ 5 s): a started core in demo mode reads a
 * Stays seeded with 10,000 more reservations over the next three years, writes the mirror and
 * queues each stay's door-PIN jobs; then a second run with nothing changed. Stays pages hold 20,
 * so 10,000 reservations are 500 requests: at the lane's polite 10 requests/s that alone would be
 * 50 s, so the bench raises the stays lane's limit (the core's `lanes` option) and the sandbox's
 * (`PUT /__sandbox/limits/stays`). The Seam lane is paused: PINs are queued, not sent.
 */
import type { ReconciliationRun } from '../shared/reconciliation-contract.js';
import { createControlClient } from '../sandbox/control-client.js';
import { createCore, type Core } from '../core/core.js';
import { silentLogger } from '../core/logger.js';
import { startDemo } from '../demo/demo.js';
import { makeTempDir } from '../core/testing/temp-dir.js';
import { report, type BenchRow } from './report.js';

const RESERVATIONS = 10_000;
const TARGET_MS = 5_000;

/** Queues a run and resolves with its log row once it has ended (the core's own event). */
function runOnce(core: Core): Promise<{ run: ReconciliationRun; wallMs: number }> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    let jobId: number | null = null;
    const stop = core.events.on('reconciliation/changed', (run) => {
      if (run.status === 'running' || (jobId !== null && run.jobId !== jobId)) return;
      stop();
      resolve({ run, wallMs: performance.now() - started });
    });
    void core.invoke('reconciliation/run', {}).then((outcome) => {
      if (!outcome.ok) return reject(new Error(`reconciliation/run refused: ${outcome.error.message}`));
      jobId = (outcome.data as { jobId: number }).jobId;
    });
  });
}

const mb = (kb: number) => kb / 1024;

export async function runReconcileBench(): Promise<void> {
  const dir = makeTempDir('sentinel-bench-');
  const demo = await startDemo({ staysReservations: RESERVATIONS });
  const lanes = [
    { name: 'stays', concurrency: 1, limit: { requests: 100_000, windowMs: 1_000 } },
    { name: 'seam', concurrency: 2 },
  ];
  const core = createCore({ dataDir: dir.path, logger: silentLogger, connections: demo.connections, lanes, reconciliation: { cron: null } });
  try {
    const control = createControlClient(demo.sandbox.url, demo.sandbox.controlToken);
    await control.limit('stays', { limit: 100_000, windowMs: 1_000 });
    await core.start();
    core.queue.pause('seam');
    const jobs = () => core.db.prepare('SELECT COUNT(*) FROM jobs').pluck().get() as number;
    const rssBefore = process.resourceUsage().maxRSS;
    const staysBefore = (await control.counters()).stays.requests;

    const jobsBefore = jobs();
    const first = await runOnce(core);
    const rssPeak = process.resourceUsage().maxRSS;
    const firstJobs = jobs() - jobsBefore - 1;
    const staysFirst = (await control.counters()).stays.requests - staysBefore;
    if (first.run.status !== 'ok' || first.run.fetched < RESERVATIONS) throw new Error(`first run: ${JSON.stringify(first.run)}`);

    const seamBefore = (await control.counters()).seam;
    const jobsBeforeSecond = jobs();
    const second = await runOnce(core);
    const seamAfter = (await control.counters()).seam;
    const secondJobs = jobs() - jobsBeforeSecond - 1;
    const secondWrites = second.run.created + second.run.updated + second.run.orphaned;
    // Writes the Seam lane would send: none queued by the second run, so none whenever it is resumed.
    const seamWrites = secondJobs + (seamAfter.effects - seamBefore.effects);

    const rows: BenchRow[] = [
      { name: `first run: ${first.run.fetched.toLocaleString('en-US')} Stays reservations read, mirrored, PINs planned`, value: first.run.durationMs!, unit: 'ms', target: `<= ${TARGET_MS}`, met: first.run.durationMs! <= TARGET_MS },
      { name: 'first run, from Run now to its log row', value: first.wallMs, unit: 'ms' },
      { name: 'first run: Stays requests (pages of 20 + creation scan)', value: staysFirst, unit: 'requests' },
      { name: 'first run: reservations created', value: first.run.created, unit: 'reservations' },
      { name: 'first run: door-PIN jobs queued (program + revoke, at their times)', value: firstJobs, unit: 'jobs' },
      { name: 'peak RSS (core and in-process sandbox)', value: mb(rssPeak), unit: 'MB' },
      { name: 'peak RSS growth during the first run', value: mb(rssPeak - rssBefore), unit: 'MB' },
      { name: 'second run, nothing changed', value: second.run.durationMs!, unit: 'ms', target: `<= ${TARGET_MS}`, met: second.run.durationMs! <= TARGET_MS },
      { name: 'second run: Stays requests', value: second.run.requests, unit: 'requests' },
      { name: 'second run: mirror writes (created + updated + orphaned)', value: secondWrites, unit: 'writes', target: '= 0', met: secondWrites === 0 },
      { name: 'second run: jobs queued and Seam writes', value: seamWrites, unit: 'writes', target: '= 0', met: seamWrites === 0 },
    ];
    report('reconcile', rows);
  } finally {
    await core.stop();
    await demo.close();
    dir.remove();
  }
}
