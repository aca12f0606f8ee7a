import { join } from 'node:path';
import type { CallName, CallOutcome, CallResult, EventName } from '../../shared/contract.js';
import { calls } from '../../shared/contract.js';
import { startDemo } from '../../demo/demo.js';
import { createControlClient, type ControlClient } from '../../sandbox/control-client.js';
import type { ApiCounters } from '../../sandbox/ledger.js';
import type { Sandbox } from '../../sandbox/server.js';
import { TEST_DAY } from '../../sandbox/testing.js';
import { createCore, type Core, type CoreOptions } from '../core.js';
import { silentLogger } from '../logger.js';
import { ManualClock } from '../testing/manual-clock.js';
import { makeTempDir } from '../testing/temp-dir.js';
import { dayFileName, dayFolder } from './stored-day.js';

/** 09:05 UTC on the day the test hotel is seeded for: the next scheduled run is at 10:00. */
export const START = Date.UTC(2026, 10, 23, 9, 5);
export { TEST_DAY };

/** A high limit for tests that move time by hand: neither the lane nor the simulator makes them wait out real seconds. */
const TEST_LIMIT = { requests: 10_000, windowMs: 1_000 };

/**
 * Checks `check` now and again after each job change or housekeeping event the core announces,
 * until it returns something. Waits on the core's events, never on a timer; `timeoutMs` only
 * bounds a test that would otherwise hang.
 */
export function until<T>(core: Pick<Core, 'events'>, what: string, check: () => T | undefined | false, timeoutMs = 10_000): Promise<T> {
  const heard: EventName[] = ['job/changed', 'housekeeping/changed'];
  return new Promise<T>((resolve, reject) => {
    const stops: (() => void)[] = [];
    const finish = (settle: () => void) => {
      stops.forEach((stop) => stop());
      clearTimeout(bound);
      settle();
    };
    const recheck = () => {
      try {
        const value = check();
        if (value !== undefined && value !== false) finish(() => resolve(value));
      } catch (error) {
        finish(() => reject(error));
      }
    };
    const bound = setTimeout(() => finish(() => reject(new Error(`Timed out waiting for ${what}`))), timeoutMs);
    for (const name of heard) stops.push(core.events.on(name, recheck));
    recheck();
  });
}

export interface HousekeepingFixture {
  core: Core;
  clock: ManualClock;
  sandbox: Sandbox;
  control: ControlClient;
  dataDir: string;
  call<K extends CallName>(name: K, args: unknown): Promise<CallOutcome<K>>;
  /** The call's data; throws with the refusal otherwise. */
  ok<K extends CallName>(name: K, args: unknown): Promise<CallResult<K>>;
  /** What the simulated MaidCentral has seen: requests, injected faults… */
  maidcentral(): Promise<ApiCounters>;
  /** Where a day's stored file is (its record names it). */
  dayFile(date: string): string;
  /** The dates whose schedule is stored, from SQLite. */
  storedDates(): string[];
  dispose(): Promise<void>;
}

/**
 * A started core on a real SQLite file and a manual clock (09:05 UTC on the test day), its
 * MaidCentral the real simulator over loopback, seeded for the same day.
 */
export async function startHousekeepingCore(options: Partial<CoreOptions> = {}): Promise<HousekeepingFixture> {
  const clock = new ManualClock(START);
  const dir = makeTempDir();
  const demo = await startDemo({ today: TEST_DAY });
  const control = createControlClient(demo.sandbox.url, demo.sandbox.controlToken);
  await control.limit('maidcentral', { limit: TEST_LIMIT.requests, windowMs: TEST_LIMIT.windowMs });
  const core = createCore({
    dataDir: dir.path,
    logger: silentLogger,
    stopGraceMs: 200,
    clock,
    connections: demo.connections,
    lanes: [{ name: 'maidcentral', concurrency: 1, limit: TEST_LIMIT }],
    ...options,
  });
  await core.start();
  const call = async <K extends CallName>(name: K, args: unknown) => {
    const outcome = (await core.invoke(name, args)) as CallOutcome<K>;
    if (outcome.ok) calls[name].result.parse(outcome.data);
    return outcome;
  };
  return {
    core,
    clock,
    sandbox: demo.sandbox,
    control,
    dataDir: dir.path,
    call,
    async ok(name, args) {
      const outcome = await call(name, args);
      if (!outcome.ok) throw new Error(`${name} refused: ${JSON.stringify(outcome.error)}`);
      return outcome.data;
    },
    maidcentral: async () => (await control.counters()).maidcentral,
    dayFile(date) {
      const row = core.db.prepare('SELECT sha256 FROM housekeeping_days WHERE date = ?').get(date) as { sha256: string | null } | undefined;
      if (!row?.sha256) throw new Error(`No stored file for ${date}`);
      return join(dayFolder(dir.path), dayFileName(date, row.sha256));
    },
    storedDates: () =>
      (core.db.prepare('SELECT date FROM housekeeping_days WHERE sha256 IS NOT NULL ORDER BY date').all() as { date: string }[]).map((row) => row.date),
    async dispose() {
      await core.stop();
      await demo.close();
      dir.remove();
    },
  };
}
