import { type CallName, type CallOutcome, type CallResult, type ReconciliationRun } from '../../shared/contract.js';
import { startDemo } from '../../demo/demo.js';
import { createControlClient, type ControlClient } from '../../sandbox/control-client.js';
import type { Sandbox } from '../../sandbox/server.js';
import { createCore, type Core, type CoreOptions } from '../core.js';
import { MAX_QUIET_AT_START_MS } from '../integrations/lanes.js';
import { silentLogger } from '../logger.js';
import type { ManualClock } from '../testing/manual-clock.js';
import { callChecked, okChecked } from '../testing/contract-call.js';
import { makeTempDir } from '../testing/temp-dir.js';
import { untilEvent } from '../testing/until-event.js';

/** A code on a lock, as the simulated Seam holds it (`GET /__sandbox/state/seam`). */
export interface LockCode {
  accessCodeId: string;
  deviceId: string;
  name: string | null;
  startsAt: string | null;
  endsAt: string | null;
  status: string;
}

/** A Stays reservation as the simulated Stays lists it. */
export interface StaysListed {
  _id: string;
  id: string;
  checkInDate: string;
  checkOutDate: string;
  type: string;
  _idlisting: string;
}

export interface ReconciliationFixture {
  core: Core;
  sandbox: Sandbox;
  control: ControlClient;
  dir: ReturnType<typeof makeTempDir>;
  call<K extends CallName>(name: K, args: unknown): Promise<CallOutcome<K>>;
  ok<K extends CallName>(name: K, args: unknown): Promise<CallResult<K>>;
  /** Queues a run, waits until it has ended, and gives its log row. */
  reconcile(): Promise<ReconciliationRun>;
  /** Waits until no door-PIN job is due or running (those scheduled for later stay queued). */
  pinsSettled(): Promise<void>;
  /** The mirror's id of a Stays reservation. */
  idOf(staysId: string): number;
  /** The codes on the simulated locks now. */
  lockCodes(): Promise<LockCode[]>;
  staysListed(): Promise<StaysListed[]>;
  /** Door-PIN jobs of a stay, oldest first. */
  pinJobs(reservationId: number): { id: number; type: string; status: string; run_at: number; payload: string; summary: string }[];
  dispose(): Promise<void>;
}

/**
 * A started core on a real SQLite file in demo mode (the real sandbox over loopback), runs on
 * demand only. With a manual clock, the sandbox and the core share it.
 */
export async function startReconciliationCore(options: { clock?: ManualClock; today?: string; core?: Partial<CoreOptions> } = {}): Promise<ReconciliationFixture> {
  const dir = makeTempDir();
  const demo = await startDemo({ ...(options.clock ? { clock: options.clock } : {}), ...(options.today ? { today: options.today } : {}) });
  const core = createCore({
    dataDir: dir.path,
    logger: silentLogger,
    stopGraceMs: 200,
    connections: demo.connections,
    ...(options.clock ? { clock: options.clock } : {}),
    ...options.core,
    reconciliation: { cron: null, retryDelaysMs: [5, 5, 5], doorPins: { pollIntervalMs: 150 }, ...options.core?.reconciliation },
  });
  await core.start();
  // Past the lanes' quiet start, which a manual clock would never end by itself.
  if (options.clock) await options.clock.advance(MAX_QUIET_AT_START_MS);
  const control = createControlClient(demo.sandbox.url, demo.sandbox.controlToken);
  const call = <K extends CallName>(name: K, args: unknown) => callChecked(core, name, args);
  const ok = <K extends CallName>(name: K, args: unknown) => okChecked(core, name, args);
  const lastRunId = () => (core.db.prepare('SELECT MAX(id) FROM reconciliation_runs').pluck().get() as number | null) ?? 0;
  const busyPinJobs = core.db
    .prepare(`SELECT COUNT(*) FROM jobs WHERE lane = 'seam' AND (status = 'sending' OR (status = 'queued' AND run_at <= ?))`)
    .pluck();
  return {
    core,
    sandbox: demo.sandbox,
    control,
    dir,
    call,
    ok,
    async reconcile() {
      const before = lastRunId();
      await ok('reconciliation/run', {});
      return untilEvent(core, 'the run to end', () => {
        const run = core.db.prepare(`SELECT id FROM reconciliation_runs WHERE id > ? AND status != 'running'`).pluck().get(before) as number | undefined;
        if (run === undefined) return undefined;
        return call('reconciliation/status', {}).then((status) => (status.ok ? status.data.runs.find((r) => r.id === run) : undefined));
      });
    },
    pinsSettled: () => untilEvent(core, 'door-PIN jobs to settle', () => busyPinJobs.get((options.clock ?? Date).now()) === 0).then(() => undefined),
    idOf: (staysId) => core.db.prepare(`SELECT id FROM reservations WHERE source = 'stays' AND source_id = ?`).pluck().get(staysId) as number,
    lockCodes: async () => (await control.state<{ accessCodes: LockCode[] }>('seam')).accessCodes,
    staysListed: async () => (await control.state<{ reservations: StaysListed[] }>('stays')).reservations,
    pinJobs: (reservationId) =>
      core.db
        .prepare(`SELECT id, type, status, run_at, payload, summary FROM jobs WHERE lane = 'seam' AND ordering_key = ? ORDER BY id`)
        .all(`door-pin:${reservationId}`) as { id: number; type: string; status: string; run_at: number; payload: string; summary: string }[],
    async dispose() {
      await core.stop();
      await demo.close();
      dir.remove();
    },
  };
}
