import { afterAll, describe, expect, it } from 'vitest';
import { createControlClient, type ControlClient } from '../../sandbox/control-client.js';
import { addDays } from '../../shared/iso-date.js';
import { expectDelivered, waitUntilSynced } from './support/delivery.js';
import { ok, roomTypesOf, syncStatus } from './support/host-api.js';
import { waitFor } from './support/http.js';
import { cleanUp, startHost, startSimulator, tempFolder, type HostProcess } from './support/processes.js';
import { alternatingCells, expectedRates, firstEditableDate, slices } from './support/rate-plan.js';
import { report } from './support/report.js';

// SPEC §8, "Faults": 30% 5xx, bursts of 429 with Retry-After and an outage, while more than a
// thousand cells flow: everything delivered, nothing dead-lettered, the rate limit never
// exceeded, and the outage burns no attempt (SPEC §4: network errors do not count).

/** How long Cloudbeds is down; `RELIABILITY_OUTAGE_SECONDS=60` for the benchmark's minute. */
const OUTAGE_SECONDS = Number(process.env.RELIABILITY_OUTAGE_SECONDS ?? 10);
const DAYS = 210;
/** 429s in each of the two bursts. */
const BURST_429 = 8;

afterAll(cleanUp);

/** Resolves once `share` of the plan's cells have been written at Cloudbeds. */
function progress(control: ControlClient, cells: number, share: number): Promise<true> {
  const target = Math.floor(cells * share);
  return waitFor(`${target} cells written at Cloudbeds`, async () => ((await control.counters()).cloudbeds.effects >= target ? true : undefined), 120_000, 250);
}

function laneState(host: HostProcess): Promise<string> {
  return syncStatus(host).then((status) => status.lanes.find((lane) => lane.lane === 'cloudbeds')!.state);
}

describe('Cloudbeds failing: 30% 5xx, 429 bursts and an outage', () => {
  it(`delivers every cell, dead-letters nothing, never passes the limit, and the ${OUTAGE_SECONDS} s outage burns no attempt`, async () => {
    const started = Date.now();
    const simulator = await startSimulator();
    const control = createControlClient(simulator.url, simulator.controlToken);
    const dataDir = tempFolder('sentinel-faults-');
    const host = await startHost(dataDir, simulator);
    const first = firstEditableDate();
    const roomTypes = await roomTypesOf(host, first, addDays(first, DAYS));

    await control.faults('cloudbeds', { errorRate: 0.3 });
    // Runs of three nights: a dozen pushes of 90 cells. Each push meets the 30% on every try, so
    // every push more is another chance of a long unlucky streak (2 s, 4 s, 8 s, 16 s … of backoff).
    const plan = alternatingCells(roomTypes, first, DAYS, 90, 3);
    expect(plan.length).toBeGreaterThanOrEqual(1_000);
    for (const part of slices(plan, 3)) await ok(host, 'rates/submit', { changes: part });

    await progress(control, plan.length, 0.15);
    await control.faults('cloudbeds', { burst429: { count: BURST_429, retryAfterSeconds: 2 } });
    await progress(control, plan.length, 0.35);
    await control.faults('cloudbeds', { outage: true });
    const outageStarted = Date.now();
    // The lane notices on its next request and goes offline; it probes now and then.
    await waitFor('the Cloudbeds lane to go offline', async () => ((await laneState(host)) === 'offline' ? true : undefined), 10_000, 100);
    const sentDuringOutage = (await control.counters()).cloudbeds.requests;
    // The outage lasts its set time: that is the fault, not a wait for something to happen.
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, OUTAGE_SECONDS * 1000 - (Date.now() - outageStarted))));
    const probes = (await control.counters()).cloudbeds.requests - sentDuringOutage;
    await control.faults('cloudbeds', { outage: false });
    await progress(control, plan.length, 0.6);
    await control.faults('cloudbeds', { burst429: { count: BURST_429, retryAfterSeconds: 1 } });

    await waitUntilSynced(host, expectedRates(plan), 120_000 + OUTAGE_SECONDS * 2_000);
    expect(host.alive()).toBe(true);
    await host.stop();
    const delivery = await expectDelivered(dataDir, control, expectedRates(plan));

    expect(delivery.jobs.filter((job) => job.status === 'failed')).toEqual([]);
    expect(delivery.cloudbeds.overLimit).toBe(0);
    // Attempts count server errors only: each Done push has one attempt per 5xx it met, plus
    // the one that succeeded; its network errors (the outage) and 429s were given back.
    const serverErrorsOf = new Map<number, number>();
    for (const attempt of delivery.attempts) {
      if (attempt.error_kind === 'server') serverErrorsOf.set(attempt.job_id, (serverErrorsOf.get(attempt.job_id) ?? 0) + 1);
    }
    const miscounted = delivery.pushJobs
      .map((job) => ({ id: job.id, attempts: job.attempts, serverErrors: serverErrorsOf.get(job.id) ?? 0 }))
      .filter((job) => job.attempts !== job.serverErrors + 1);
    expect(miscounted).toEqual([]);
    const kinds = { server: 0, network: 0, rate_limited: 0 };
    for (const attempt of delivery.attempts) if (attempt.error_kind && attempt.error_kind in kinds) kinds[attempt.error_kind as keyof typeof kinds] += 1;
    expect(kinds.network, 'the outage met some pushes').toBeGreaterThan(0);
    expect(kinds.server, 'the 5xx met some pushes').toBeGreaterThan(0);
    // Every 429 of both bursts was answered (to a push, or to a status poll, which waits its
    // Retry-After inside the attempt).
    const left = await control.request<{ cloudbeds: { burst429: { count: number } } }>('GET', '/faults');
    expect(left.body.cloudbeds.burst429.count).toBe(0);
    // Offline, the lane sends one probe at a time, backing off: a trickle, not a retry storm.
    expect(probes).toBeLessThanOrEqual(2 * Math.ceil(Math.log2(OUTAGE_SECONDS / 2 + 1)) + 2);

    report('faults', {
      cells: plan.length,
      pushJobs: delivery.pushJobs.length,
      outageSeconds: OUTAGE_SECONDS,
      requestsDuringOutage: probes,
      serverErrorAttempts: kinds.server,
      networkErrorAttempts: kinds.network,
      tooManyRequests: 2 * BURST_429,
      rateLimitedAttempts: kinds.rate_limited,
      injectedFaults: delivery.cloudbeds.injectedFaults,
      failedJobs: 0,
      overLimit: delivery.cloudbeds.overLimit,
      duplicates: delivery.cloudbeds.duplicates,
      requests: delivery.cloudbeds.requests,
      maxAttempts: Math.max(...delivery.pushJobs.map((job) => job.attempts)),
      seconds: (Date.now() - started) / 1000,
    });
  }, 150_000 + OUTAGE_SECONDS * 3_000);
});
