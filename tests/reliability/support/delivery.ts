import { expect } from 'vitest';
import type { ControlClient } from '../../../sandbox/control-client.js';
import type { ApiCounters } from '../../../sandbox/ledger.js';
import { gridCells, syncStatus } from './host-api.js';
import { waitFor } from './http.js';
import { queueFacts, storedCells, type AttemptFacts, type JobRowFacts } from './database.js';
import type { HostProcess } from './processes.js';

/** The first and last date of a plan keyed `roomTypeId:date`. */
function dateSpan(expected: Map<string, number>): { from: string; to: string } {
  const dates = [...expected.keys()].map((key) => key.slice(key.indexOf(':') + 1)).sort();
  return { from: dates[0]!, to: dates[dates.length - 1]! };
}

/**
 * Waits until every planned cell is `synced` at its planned rate (Cloudbeds confirmed it); fails
 * at once if one turns `failed`. Asks the cheap `sync/status` until the Cloudbeds lane has
 * nothing queued or sending, and only then the grid (at most a year): a grid of a thousand
 * cells every half second would itself load the host whose timing the scenarios measure.
 */
export async function waitUntilSynced(host: Pick<HostProcess, 'url'>, expected: Map<string, number>, timeoutMs: number): Promise<void> {
  const { from, to } = dateSpan(expected);
  const outcome = await waitFor(
    `${expected.size} cells to be synced`,
    async () => {
      const lane = (await syncStatus(host)).lanes.find((candidate) => candidate.lane === 'cloudbeds')!;
      if (lane.depth.queued + lane.depth.sending > 0) return undefined;
      const cells = await gridCells(host, from, to);
      let left = 0;
      for (const [key, rate] of expected) {
        const cell = cells.get(key);
        // A failed cell is an answer, not something to wait out.
        if (cell?.state === 'failed') return `cell ${key} failed: ${cell.error}`;
        if (cell?.state !== 'synced' || cell.rate !== rate) left += 1;
      }
      return left === 0 ? 'synced' : undefined;
    },
    timeoutMs,
    500,
  );
  if (outcome !== 'synced') throw new Error(outcome);
}

export interface Delivery {
  jobs: JobRowFacts[];
  pushJobs: JobRowFacts[];
  attempts: AttemptFacts[];
  cloudbeds: ApiCounters;
}

/**
 * The end state every scenario that delivers must reach, read from the stopped host's database
 * and from the simulator: every planned cell synced at its value, no job left Sending, every
 * push Done (none dead-lettered), and at Cloudbeds the last write of each (rateID, date) is the
 * planned rate.
 */
export async function expectDelivered(dataDir: string, simulator: ControlClient, expected: Map<string, number>): Promise<Delivery> {
  const cells = storedCells(dataDir);
  const wrong = [...expected].filter(([key, rate]) => cells.get(key)?.state !== 'synced' || cells.get(key)?.rate !== rate);
  expect(wrong.slice(0, 5).map(([key, rate]) => ({ key, planned: rate, stored: cells.get(key) }))).toEqual([]);

  const { jobs, attempts, rateIdOf } = queueFacts(dataDir);
  const pushJobs = jobs.filter((job) => job.type === 'rates/push');
  expect(jobs.filter((job) => job.status === 'sending')).toEqual([]);
  expect(pushJobs.filter((job) => job.status !== 'done').map(({ id, status }) => ({ id, status }))).toEqual([]);

  const lastWrite = new Map<string, number | null>();
  for (const effect of await simulator.effects({ api: 'cloudbeds', kind: 'rate' })) {
    const data = effect.data as { rateID: string; date: string; rate: number | null };
    lastWrite.set(`${data.rateID}:${data.date}`, data.rate);
  }
  const remoteWrong = [...expected]
    .map(([key, rate]) => {
      const [roomTypeId, date] = key.split(':') as [string, string];
      return { key, planned: rate, atCloudbeds: lastWrite.get(`${rateIdOf.get(Number(roomTypeId))}:${date}`) };
    })
    .filter((cell) => cell.atCloudbeds !== cell.planned);
  expect(remoteWrong.slice(0, 5)).toEqual([]);

  const cloudbeds = (await simulator.counters()).cloudbeds;
  return { jobs, pushJobs, attempts, cloudbeds };
}
