import type { CallName, CallOutcome, CallResult } from '../../shared/contract.js';
import type { RateCell } from '../../shared/rates-contract.js';
import { startDemo, type Demo } from '../../demo/demo.js';
import { createControlClient, type ControlClient } from '../../sandbox/control-client.js';
import type { Sandbox } from '../../sandbox/server.js';
import { createCore, type Core, type CoreOptions } from '../core.js';
import { silentLogger } from '../logger.js';
import { callChecked, okChecked } from '../testing/contract-call.js';
import { makeTempDir } from '../testing/temp-dir.js';
import { untilEvent } from '../testing/until-event.js';
import { addDays } from '../../shared/iso-date.js';

/** The hotel's day as the core sees it (real clock, UTC), and the day `n` after it. */
export const today = () => new Date().toISOString().slice(0, 10);
export const day = (n: number) => addDays(today(), n);

/** Waits on the core's events until `check` returns something (see `untilEvent`). */
export function until<T>(core: Pick<Core, 'events'>, what: string, check: () => T | undefined | Promise<T | undefined>, timeoutMs = 10_000): Promise<T> {
  return untilEvent(core, what, check, timeoutMs);
}

export interface RatesFixture {
  core: Core;
  /** The simulated hotel the core talks to (demo mode). */
  sandbox: Sandbox;
  /** The connection settings that reach it, for a second core on the same data folder. */
  connections: Demo['connections'];
  control: ControlClient;
  dir: ReturnType<typeof makeTempDir>;
  call<K extends CallName>(name: K, args: unknown): Promise<CallOutcome<K>>;
  /** The call's data; throws with the refusal otherwise. */
  ok<K extends CallName>(name: K, args: unknown): Promise<CallResult<K>>;
  /** One cell of the grid as it stands now. */
  cell(roomTypeId: number, date: string): Promise<RateCell>;
  roomTypeIds(): Promise<number[]>;
  dispose(): Promise<void>;
}

/**
 * A started core on a real SQLite file, in demo mode (the real sandbox over loopback), with the
 * room types imported.
 */
export async function startRatesCore(options: Partial<CoreOptions> = {}): Promise<RatesFixture> {
  const dir = makeTempDir();
  const demo = await startDemo();
  const core = createCore({ dataDir: dir.path, logger: silentLogger, stopGraceMs: 200, connections: demo.connections, ...options });
  await core.start();
  const control = createControlClient(demo.sandbox.url, demo.sandbox.controlToken);
  const call = <K extends CallName>(name: K, args: unknown) => callChecked(core, name, args);
  const ok = <K extends CallName>(name: K, args: unknown) => okChecked(core, name, args);
  const grid = (from: string, to: string) => ok('rates/grid', { from, to });
  await until(core, 'the room-type import', async () => ((await grid(today(), today())).roomTypes.length > 0 ? true : undefined));
  return {
    core,
    sandbox: demo.sandbox,
    connections: demo.connections,
    control,
    dir,
    call,
    ok,
    async cell(roomTypeId, date) {
      const answer = await grid(date, date);
      return answer.cells.find((cell) => cell.roomTypeId === roomTypeId)!;
    },
    roomTypeIds: async () => (await grid(today(), today())).roomTypes.map((roomType) => roomType.id),
    async dispose() {
      await core.stop();
      await demo.close();
      dir.remove();
    },
  };
}
