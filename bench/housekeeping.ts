/**
 * Housekeeping reads (SPEC §8: a stored day in ≤ 5 ms): `housekeeping/day` of a day of 300
 * cleanings through `core.invoke`, from its file in the data folder (read, size and SHA-256
 * checked, parsed, states on the hotel's clock, grouped by person and team), on a file
 * database. No MaidCentral is involved: the day is stored the way the fetch stores it.
 */
import { createCore } from '../core/core.js';
import { createHousekeepingStore } from '../core/housekeeping/housekeeping-store.js';
import { storeDay } from '../core/housekeeping/housekeeping-fetch.js';
import type { MaidCentralJob } from '../core/integrations/maidcentral/maidcentral.js';
import { silentLogger } from '../core/logger.js';
import { makeTempDir } from '../core/testing/temp-dir.js';
import { median, percentile, report, type BenchRow } from './report.js';

const CLEANINGS = 300;
const TEAMS = 30;
const RUNS = 200;
const WARMUP = 20;
const TIME_ZONE = 'Europe/Lisbon';

const hhmm = (minutes: number) => `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

/** A big property's day: 30 teams of three, ten cleanings each from 08:00, as MaidCentral gives them. */
function bigDay(date: string): MaidCentralJob[] {
  return Array.from({ length: CLEANINGS }, (_, i) => {
    const team = i % TEAMS;
    const slot = Math.floor(i / TEAMS);
    const start = 8 * 60 + slot * 45;
    return {
      jobInformationId: 9_000_000 + i,
      serviceCompanyId: 2207,
      jobDate: date,
      scheduledStartTime: `${date}T${hhmm(start)}:00`,
      scheduledEndTime: `${date}T${hhmm(start + (i % 3 === 0 ? 45 : 30))}:00`,
      scopeOfWork: i % 3 === 0 ? 'Departure clean' : 'Stay-over refresh',
      teams: [{ teamListId: 100 + team, description: `Team ${team + 1}`, color: '#2563eb' }],
      employees: [0, 1, 2].map((member) => ({
        employeeInformationId: 50_000 + team * 3 + member,
        firstName: `Cleaner${team * 3 + member}`,
        lastName: 'Example',
        teamPosition: member + 1,
      })),
      home: { homeId: 70_000 + i, name: `Room ${1000 + i}`, address: `Block ${Math.floor(i / 100)}, room ${1000 + i}` },
      billRate: 30,
    };
  });
}

export async function runHousekeepingBench(): Promise<void> {
  const dir = makeTempDir('sentinel-bench-');
  // Not started and not connected: nothing else runs while the reads are timed.
  const core = createCore({ dataDir: dir.path, logger: silentLogger, timeZone: TIME_ZONE });
  try {
    const date = core.calendar.today();
    const store = createHousekeepingStore(core.db);
    core.db.transaction(() =>
      store.replaceStaff(
        Array.from({ length: TEAMS * 3 }, (_, i) => ({
          userId: 40_000 + i,
          email: `cleaner${i}@example.com`,
          employeeId: 50_000 + i,
          firstName: `Cleaner${i}`,
          lastName: 'Example',
          roles: [i % 3 === 0 ? 'Supervisor' : 'Housekeeper'],
          serviceCompanyId: 2207,
        })),
      ),
    )();
    const seal = await storeDay({ db: core.db, store, dataDir: dir.path }, date, bigDay(date), { fetchedAt: Date.now(), requestId: 'bench' });
    const times: number[] = [];
    let shown = 0;
    for (let run = 0; run < WARMUP + RUNS; run += 1) {
      const started = performance.now();
      const outcome = await core.invoke('housekeeping/day', { date });
      const elapsed = performance.now() - started;
      if (!outcome.ok) throw new Error(`housekeeping/day refused: ${outcome.error.message}`);
      if (run >= WARMUP) times.push(elapsed);
      shown = (outcome.data as { cleanings: unknown[] }).cleanings.length;
    }
    if (shown !== CLEANINGS) throw new Error(`housekeeping/day showed ${shown} cleanings, not ${CLEANINGS}`);
    const statusTimes: number[] = [];
    for (let run = 0; run < WARMUP + RUNS; run += 1) {
      const started = performance.now();
      await core.invoke('housekeeping/status', {});
      if (run >= WARMUP) statusTimes.push(performance.now() - started);
    }
    const rows: BenchRow[] = [
      {
        name: `housekeeping/day of ${CLEANINGS} cleanings (${Math.round(seal.size / 1024)} KiB file), median of ${RUNS}`,
        value: median(times),
        unit: 'ms',
        target: '<= 5',
        met: median(times) <= 5,
      },
      { name: `housekeeping/day of ${CLEANINGS} cleanings, p95`, value: percentile(times, 95), unit: 'ms' },
      { name: 'housekeeping/status (seven days and the next run), median', value: median(statusTimes) * 1000, unit: 'µs' },
    ];
    report('housekeeping', rows);
  } finally {
    await core.stop();
    dir.remove();
  }
}
