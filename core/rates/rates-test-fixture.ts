import type { CallName, CallOutcome, CallResult } from '../../shared/contract.js';
import { calls } from '../../shared/contract.js';
import type { RateCell } from '../../shared/rates-contract.js';
import { createControlClient, type ControlClient } from '../../sandbox/control-client.js';
import { createCore, type Core, type CoreOptions } from '../core.js';
import { silentLogger } from '../logger.js';
import { makeTempDir } from '../testing/temp-dir.js';
import { addDays } from '../../shared/iso-date.js';

/** The hotel's day as the core sees it (real clock, UTC), and the day `n` after it. */
export const today = () => new Date().toISOString().slice(0, 10);
export const day = (n: number) => addDays(today(), n);

/** Polls `check` until it returns something, or fails after `timeoutMs`. */
export async function until<T>(what: string, check: () => T | undefined | Promise<T | undefined>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

export interface RatesFixture {
  core: Core;
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
  const core = createCore({ dataDir: dir.path, logger: silentLogger, stopGraceMs: 200, ...options });
  await core.start();
  const control = createControlClient(core.connections!.sandbox!.url);
  const call = async <K extends CallName>(name: K, args: unknown) => {
    const outcome = (await core.invoke(name, args)) as CallOutcome<K>;
    if (outcome.ok) calls[name].result.parse(outcome.data);
    return outcome;
  };
  const ok = async <K extends CallName>(name: K, args: unknown) => {
    const outcome = await call(name, args);
    if (!outcome.ok) throw new Error(`${name} refused: ${JSON.stringify(outcome.error)}`);
    return outcome.data;
  };
  const grid = (from: string, to: string) => ok('rates/grid', { from, to });
  await until('the room-type import', async () => ((await grid(today(), today())).roomTypes.length > 0 ? true : undefined));
  return {
    core,
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
      dir.remove();
    },
  };
}
