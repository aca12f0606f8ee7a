import { readdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { addDays } from '../../shared/iso-date.js';
import { nodeWriteFs, sealOf, type WriteFs } from './day-files.js';
import { storeDay } from './housekeeping-fetch.js';
import { createHousekeepingStore } from './housekeeping-store.js';
import { START, startHousekeepingCore, TEST_DAY, until, type HousekeepingFixture } from './housekeeping-test-fixture.js';
import { dayFolder, decodeStoredDay } from './stored-day.js';

let fixture: HousekeepingFixture;
afterEach(() => fixture?.dispose());

const WEEK = Array.from({ length: 7 }, (_, i) => addDays(TEST_DAY, i));
const FAILING = WEEK[2]!;
const MINUTE = 60_000;

const dayJobs = () =>
  fixture.core.db.prepare(`SELECT id, status, attempts, idempotency_key AS key, json_extract(payload, '$.date') AS date FROM jobs
    WHERE type = 'housekeeping/day' ORDER BY id`).all() as { id: number; status: string; attempts: number; key: string; date: string }[];
const row = (date: string) => fixture.core.db.prepare('SELECT * FROM housekeeping_days WHERE date = ?').get(date) as Record<string, unknown> | undefined;
const jobOf = (date: string) => dayJobs().filter((job) => job.date === date).at(-1)!;

describe('the hourly housekeeping refresh', () => {
  it('fetches the staff then each of the next seven days in its own call, at the hour on the hotel’s clock, one job per day per slot', async () => {
    fixture = await startHousekeepingCore();
    expect((await fixture.ok('housekeeping/status', {})).schedule).toMatchObject({ cron: '0 * * * *', nextRunAt: '2026-11-23T10:00:00.000Z' });
    // Before the hour nothing is asked of MaidCentral (the status call above is the screen's; no day was ever stored, so it fetches at once).
    await until(fixture.core, 'the first fetch of the week', () => fixture.storedDates().length === 7);
    const first = await fixture.maidcentral();
    // Token, users, then one call per day.
    expect(first.requests).toBe(1 + 1 + 7);

    await fixture.clock.advance(55 * MINUTE);
    await until(fixture.core, 'the 10:00 run done', () => dayJobs().length === 14 && dayJobs().every((job) => job.status === 'done'));
    expect((await fixture.maidcentral()).requests).toBe(first.requests + 1 + 7);
    const slot = `schedule:housekeeping:${Date.UTC(2026, 10, 23, 10)}`;
    expect(dayJobs().slice(7).map((job) => job.key)).toEqual(WEEK.map((date) => `housekeeping/day:${slot}:${date}`));
    expect((await fixture.ok('housekeeping/status', {})).schedule).toMatchObject({
      nextRunAt: '2026-11-23T11:00:00.000Z',
      lastRunAt: '2026-11-23T10:00:00.000Z',
    });
    // Each day's new copy replaced the old one: one file per day.
    expect(readdirSync(dayFolder(fixture.dataDir)).sort()).toEqual(WEEK.map((date) => expect.stringMatching(new RegExp(`^${date}\\.[0-9a-f]{16}\\.json$`)) as string));
  });

  it('stores each day as a file whose size and SHA-256 are recorded, with MaidCentral’s jobs of that day', async () => {
    fixture = await startHousekeepingCore();
    await fixture.ok('housekeeping/refresh', {});
    await until(fixture.core, 'the week stored', () => fixture.storedDates().length === 7);
    for (const date of WEEK) {
      const bytes = readFileSync(fixture.dayFile(date));
      const stored = row(date)!;
      expect(stored).toMatchObject({ ...sealOf(bytes), fetched_at: fixture.clock.now(), failed_at: null, last_error: null });
      const day = decodeStoredDay(bytes)!;
      expect(day.date).toBe(date);
      expect(day.jobs.length).toBe(stored.cleanings);
      expect(day.jobs.every((job) => job.jobDate === date)).toBe(true);
    }
    const staff = fixture.core.db.prepare('SELECT COUNT(*) AS n FROM housekeeping_staff').get() as { n: number };
    expect(staff.n).toBe(fixture.sandbox.hotel().staff.length);
  });

  it('stores the six other days when one fails, and retries the seventh on its own until it is stored once the fault clears', async () => {
    fixture = await startHousekeepingCore();
    const changed: string[] = [];
    fixture.core.events.on('housekeeping/changed', ({ date }) => changed.push(date));
    await fixture.control.faults('maidcentral', { burst5xx: { count: 1_000, pathContains: `startDate=${FAILING}` } });
    await fixture.clock.advance(55 * MINUTE);

    await until(fixture.core, 'six days stored and the seventh failed once', () => fixture.storedDates().length === 6 && jobOf(FAILING).attempts === 1);
    expect(fixture.storedDates()).toEqual(WEEK.filter((date) => date !== FAILING));
    expect(readdirSync(dayFolder(fixture.dataDir)).filter((name) => name.startsWith(FAILING))).toEqual([]);
    expect(await fixture.maidcentral()).toMatchObject({ requests: 1 + 1 + 7, injectedFaults: 1 });
    const status = await fixture.ok('housekeeping/status', {});
    expect(status.days.map((day) => day.state)).toEqual(WEEK.map((date) => (date === FAILING ? 'failed' : 'ok')));
    expect(status.days[2]).toMatchObject({ date: FAILING, fetching: true, fetchedAt: null, lastError: expect.stringMatching(/503/) as string });
    expect(new Set(changed)).toEqual(new Set(WEEK));

    // Still failing: the queue retries it, and only it, after 2 s (± 20 %) of backoff; the next waits 4 s.
    await fixture.clock.advance(3_000);
    await until(fixture.core, 'the second attempt failed', () => jobOf(FAILING).attempts === 2 && jobOf(FAILING).status === 'queued');
    expect(await fixture.maidcentral()).toMatchObject({ requests: 10, injectedFaults: 2 });

    await fixture.control.clearFaults();
    await fixture.clock.advance(MINUTE);
    await until(fixture.core, 'the seventh day stored', () => fixture.storedDates().length === 7 && jobOf(FAILING).status === 'done');
    expect(await fixture.maidcentral()).toMatchObject({ requests: 11, injectedFaults: 2 });
    expect(jobOf(FAILING)).toMatchObject({ status: 'done', attempts: 3 });
    expect(dayJobs()).toHaveLength(7);
    const after = await fixture.ok('housekeeping/status', {});
    expect(after.days.every((day) => day.state === 'ok' && day.lastError === null && !day.fetching)).toBe(true);
  });

  it('says it is refreshing while a refresh waits or runs, and not once the week is stored', async () => {
    fixture = await startHousekeepingCore();
    fixture.core.queue.pause('maidcentral');
    await fixture.ok('housekeeping/refresh', {});
    expect((await fixture.ok('housekeeping/status', {})).refreshing).toBe(true);
    fixture.core.queue.resume('maidcentral');
    await fixture.clock.advance(MINUTE);
    await until(fixture.core, 'the week stored', () => fixture.storedDates().length === 7);
    expect((await fixture.ok('housekeeping/status', {})).refreshing).toBe(false);
  });

  it('keeps a day’s older copy when a later fetch of it fails, and says the last fetch failed', async () => {
    fixture = await startHousekeepingCore();
    await fixture.ok('housekeeping/refresh', {});
    await until(fixture.core, 'the week stored', () => fixture.storedDates().length === 7);
    const before = readFileSync(fixture.dayFile(FAILING));
    await fixture.control.faults('maidcentral', { burst5xx: { count: 1_000, pathContains: `startDate=${FAILING}` } });
    await fixture.clock.advance(30 * MINUTE);
    await fixture.ok('housekeeping/refresh', {});
    await until(fixture.core, 'the day’s fetch failed', () => (row(FAILING)!.last_error ? true : undefined));

    expect(readFileSync(fixture.dayFile(FAILING))).toEqual(before);
    const status = (await fixture.ok('housekeeping/status', {})).days[2]!;
    expect(status).toMatchObject({ state: 'failed', fetchedAt: new Date(fixture.clock.now() - 30 * MINUTE).toISOString() });
    expect((await fixture.ok('housekeeping/day', { date: FAILING })).cleanings.length).toBe(status.cleanings);
  });

  it('leaves MaidCentral’s jobs waiting, as needing sign-in, while MaidCentral is not connected', async () => {
    fixture = await startHousekeepingCore({ connections: {} });
    const { jobId } = await fixture.ok('housekeeping/refresh', {});
    await until(fixture.core, 'the lane asking for sign-in', () => fixture.core.queue.status().lanes[0]!.state === 'needs_sign_in');
    expect(fixture.core.db.prepare('SELECT status, last_error FROM jobs WHERE id = ?').get(jobId)).toEqual({
      status: 'queued',
      last_error: 'MaidCentral is not connected: add its credentials in Settings',
    });
    expect((await fixture.ok('housekeeping/status', {})).connected).toBe(false);
  });

  it('answers a read while a day is being stored again with the copy it had, never a damaged one', async () => {
    let reached!: () => void;
    let release!: () => void;
    let hold: { reached: Promise<void>; released: Promise<void> } | null = null;
    // Holds the write after the rename, before the folder is synced and the day recorded.
    const files: WriteFs = {
      ...nodeWriteFs,
      syncDir: async (dir) => {
        if (hold) {
          reached();
          await hold.released;
        }
        return nodeWriteFs.syncDir(dir);
      },
    };
    fixture = await startHousekeepingCore({ housekeepingFiles: files });
    await fixture.ok('housekeeping/refresh', {});
    await until(fixture.core, 'the week stored', () => fixture.storedDates().length === 7 && dayJobs().every((job) => job.status === 'done'));
    const before = await fixture.ok('housekeeping/day', { date: WEEK[0] });

    hold = { reached: new Promise<void>((resolve) => (reached = resolve)), released: new Promise<void>((resolve) => (release = resolve)) };
    await fixture.clock.advance(MINUTE);
    await fixture.ok('housekeeping/refresh', {});
    await hold.reached;
    const during = await fixture.ok('housekeeping/day', { date: WEEK[0] });
    expect({ fetchedAt: during.fetchedAt, cleanings: during.cleanings }).toEqual({ fetchedAt: before.fetchedAt, cleanings: before.cleanings });

    hold = null;
    release();
    await until(fixture.core, 'the new copy recorded', () => (row(WEEK[0]!)!.fetched_at === fixture.clock.now() ? true : undefined));
    expect((await fixture.ok('housekeeping/day', { date: WEEK[0] })).fetchedAt).toBe(new Date(fixture.clock.now()).toISOString());
  });

  it('keeps showing a day’s previous copy when writing its new one fails, and retries the write', async () => {
    let failWrites = 0;
    const files: WriteFs = {
      ...nodeWriteFs,
      rename: async (from, to) => {
        if (failWrites > 0) {
          failWrites -= 1;
          throw Object.assign(new Error('ENOSPC: no space left on device, rename'), { code: 'ENOSPC' });
        }
        return nodeWriteFs.rename(from, to);
      },
    };
    fixture = await startHousekeepingCore({ housekeepingFiles: files });
    await fixture.ok('housekeeping/refresh', {});
    await until(fixture.core, 'the week stored', () => fixture.storedDates().length === 7 && dayJobs().every((job) => job.status === 'done'));
    const before = await fixture.ok('housekeeping/day', { date: WEEK[0] });

    failWrites = 1;
    await fixture.clock.advance(MINUTE);
    await fixture.ok('housekeeping/refresh', {});
    await until(fixture.core, 'the failed write recorded', () => (row(WEEK[0]!)!.last_error ? true : undefined));
    expect(row(WEEK[0]!)!.last_error).toMatch(/ENOSPC/);
    const after = await fixture.ok('housekeeping/day', { date: WEEK[0] });
    expect({ fetchedAt: after.fetchedAt, cleanings: after.cleanings }).toEqual({ fetchedAt: before.fetchedAt, cleanings: before.cleanings });
    expect(readdirSync(dayFolder(fixture.dataDir)).filter((name) => name.endsWith('.tmp'))).toEqual([]);

    await fixture.clock.advance(3_000);
    await until(fixture.core, 'the day stored on retry', () => (row(WEEK[0]!)!.last_error === null ? true : undefined));
    expect((await fixture.ok('housekeeping/day', { date: WEEK[0] })).fetchedAt).not.toBe(before.fetchedAt);
  });

  it('keeps a day’s previous copy until its record has moved to the new one, so a crash in between leaves them agreeing', async () => {
    fixture = await startHousekeepingCore();
    await fixture.ok('housekeeping/refresh', {});
    await until(fixture.core, 'the week stored', () => fixture.storedDates().length === 7 && dayJobs().every((job) => job.status === 'done'));
    const folder = dayFolder(fixture.dataDir);
    // At the moment each record moves, both the copy it leaves and the one it names must be on disk.
    const seen: { old: boolean; new: boolean }[] = [];
    fixture.core.db.function('copies_on_disk', (date: string, oldSha: string, newSha: string) => {
      const names = readdirSync(folder);
      seen.push({ old: names.includes(`${date}.${oldSha.slice(0, 16)}.json`), new: names.includes(`${date}.${newSha.slice(0, 16)}.json`) });
      return 0;
    });
    fixture.core.db.exec(`CREATE TEMP TRIGGER record_moves AFTER UPDATE OF sha256 ON housekeeping_days WHEN OLD.sha256 IS NOT NULL
      BEGIN SELECT copies_on_disk(NEW.date, OLD.sha256, NEW.sha256); END`);
    await fixture.clock.advance(MINUTE);
    await fixture.ok('housekeeping/refresh', {});
    await until(fixture.core, 'the week stored again', () => dayJobs().length === 14 && dayJobs().every((job) => job.status === 'done'));

    expect(seen).toEqual(WEEK.map(() => ({ old: true, new: true })));
    // And once it has moved, only the new copy is left.
    expect(readdirSync(folder)).toHaveLength(7);
  });

  it('forgets days more than two weeks past, files and records, and temporary files a crash left, at each refresh', async () => {
    fixture = await startHousekeepingCore();
    const store = createHousekeepingStore(fixture.core.db);
    const old = addDays(TEST_DAY, -15);
    const kept = addDays(TEST_DAY, -14);
    for (const date of [old, kept]) await storeDay({ db: fixture.core.db, store, dataDir: fixture.dataDir }, date, [], { fetchedAt: START, requestId: null });
    const folder = dayFolder(fixture.dataDir);
    const crashed = join(folder, `.${TEST_DAY}.deadbeef.tmp`);
    writeFileSync(crashed, '{"half": ');
    utimesSync(crashed, new Date(START - 2 * 3_600_000), new Date(START - 2 * 3_600_000));

    await fixture.ok('housekeeping/refresh', {});
    await until(fixture.core, 'the week stored', () => fixture.storedDates().length === 8 && dayJobs().every((job) => job.status === 'done'));

    expect(fixture.storedDates()).toEqual([kept, ...WEEK]);
    expect(readdirSync(folder).map((name) => name.slice(0, 10)).sort()).toEqual([kept, ...WEEK]);
  });
});
