import { afterAll, describe, expect, it } from 'vitest';
import { createControlClient } from '../../sandbox/control-client.js';
import { addDays } from '../../shared/iso-date.js';
import { cellsOfPush } from './support/database.js';
import { expectDelivered, waitUntilSynced } from './support/delivery.js';
import { ok, roomTypesOf } from './support/host-api.js';
import { waitFor } from './support/http.js';
import { cleanUp, startHost, startSimulator, tempFolder } from './support/processes.js';
import { alternatingCells, expectedRates, firstEditableDate, slices } from './support/rate-plan.js';
import { report } from './support/report.js';

// SPEC §8, "Crash": kill -9 with pushes in flight, restart on the same data folder: all
// delivered, none left Sending, and a remote write sent twice only where its answer was lost.

const DAYS = 220;
const KILLS = 3;
const SUBMITS = 4;

afterAll(cleanUp);

describe('kill -9 of the host while pushes are in flight', () => {
  it('delivers every cell at its value after three kills and restarts, with duplicates only from pushes in flight at a kill', async () => {
    const started = Date.now();
    const simulator = await startSimulator();
    const control = createControlClient(simulator.url, simulator.controlToken);
    const dataDir = tempFolder('sentinel-crash-');
    let host = await startHost(dataDir, simulator);

    const first = firstEditableDate();
    const roomTypes = await roomTypesOf(host, first, addDays(first, DAYS));
    const plan = alternatingCells(roomTypes, first, DAYS, 150);
    expect(plan.length).toBeGreaterThanOrEqual(1_000);
    // Several submits, as a person would make them; together they are the plan.
    for (const part of slices(plan, SUBMITS)) await ok(host, 'rates/submit', { changes: part });

    // Each kill when another quarter of the cells has reached Cloudbeds: the lane is mid-drain,
    // two pushes at a time, each between its putRate and its status polls.
    for (let kill = 1; kill <= KILLS; kill += 1) {
      const target = Math.floor((plan.length * kill) / (KILLS + 1));
      await waitFor(`${target} cells written at Cloudbeds`, async () => ((await control.counters()).cloudbeds.effects >= target ? true : undefined), 60_000, 100);
      await host.kill();
      host = await startHost(dataDir, simulator);
    }

    await waitUntilSynced(host, expectedRates(plan), 90_000);
    expect(host.alive()).toBe(true);
    await host.stop();
    const delivery = await expectDelivered(dataDir, control, expectedRates(plan));

    // Jobs in flight at a kill were recovered at the next start, each with a "lost" attempt.
    const lostAttempts = delivery.attempts.filter((attempt) => attempt.outcome === 'lost' && attempt.error?.includes('stopped while'));
    const pushesOf = new Map(delivery.pushJobs.map((job) => [job.id, job]));
    const cellsInFlight = lostAttempts.reduce((sum, attempt) => sum + cellsOfPush(pushesOf.get(attempt.job_id)?.payload ?? '{"rates":[]}'), 0);
    expect(lostAttempts.length, 'at least one kill found a push in flight').toBeGreaterThan(0);
    // A cell is written twice only when the answer of the push carrying it was lost in a kill:
    // never more than the cells of the pushes in flight then (two at a time, 30 cells each).
    const { duplicates } = delivery.cloudbeds;
    expect(duplicates).toBeLessThanOrEqual(cellsInFlight);
    expect(duplicates).toBeLessThanOrEqual(KILLS * 2 * 30);
    expect(delivery.cloudbeds.effects).toBeGreaterThanOrEqual(plan.length);
    // The limiter's count is in memory and starts empty after a kill; the lane's quiet start
    // keeps the requests of the new process out of the window the killed one's still fill.
    expect(delivery.cloudbeds.overLimit, 'requests over the limit of 5 a second at Cloudbeds').toBe(0);

    report('crash', {
      cells: plan.length,
      submits: SUBMITS,
      pushJobs: delivery.pushJobs.length,
      kills: KILLS,
      pushesInFlightAtKills: lostAttempts.length,
      cellsInFlightAtKills: cellsInFlight,
      duplicates,
      requests: delivery.cloudbeds.requests,
      overLimit: delivery.cloudbeds.overLimit,
      seconds: (Date.now() - started) / 1000,
    });
  });
});
