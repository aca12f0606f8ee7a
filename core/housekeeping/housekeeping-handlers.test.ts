import { readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { CallName } from '../../shared/contract.js';
import { addDays } from '../../shared/iso-date.js';
import { sealOf } from './day-files.js';
import { startHousekeepingCore, TEST_DAY, until, type HousekeepingFixture } from './housekeeping-test-fixture.js';
import { dayFileName, dayFolder } from './stored-day.js';

let fixture: HousekeepingFixture;
afterEach(() => fixture?.dispose());

const WEEK = Array.from({ length: 7 }, (_, i) => addDays(TEST_DAY, i));
const jobCount = () => (fixture.core.db.prepare('SELECT COUNT(*) AS n FROM jobs').get() as { n: number }).n;
const unfinished = () => (fixture.core.db.prepare(`SELECT COUNT(*) AS n FROM jobs WHERE status IN ('queued', 'sending')`).get() as { n: number }).n;
const dayRow = (date: string) =>
  fixture.core.db.prepare('SELECT sha256, last_error FROM housekeeping_days WHERE date = ?').get(date) as { sha256: string | null; last_error: string | null };

async function storeTheWeek() {
  await fixture.ok('housekeeping/refresh', {});
  await until(fixture.core, 'the week stored', () => fixture.storedDates().length === 7 && unfinished() === 0);
}

describe('housekeeping/day', () => {
  it('answers from the stored file without a single request to MaidCentral', async () => {
    fixture = await startHousekeepingCore();
    await storeTheWeek();
    const before = await fixture.maidcentral();
    const jobsBefore = jobCount();

    for (const date of WEEK) {
      const day = await fixture.ok('housekeeping/day', { date });
      expect(day.date).toBe(date);
      expect(day.fetchedAt).toBe(new Date(fixture.clock.now()).toISOString());
    }
    await fixture.ok('housekeeping/status', {});

    expect(await fixture.maidcentral()).toEqual(before);
    expect(jobCount()).toBe(jobsBefore);
  });

  it('shows the day’s cleanings by person and by team, each with its state on the hotel’s clock', async () => {
    fixture = await startHousekeepingCore();
    await storeTheWeek();
    const hotel = fixture.sandbox.hotel();
    // 09:05: nothing has started (cleaning starts at 11:00).
    const morning = await fixture.ok('housekeeping/day', { date: TEST_DAY });
    expect(morning.cleanings.length).toBeGreaterThan(10);
    expect(morning.counts).toEqual({ done: 0, in_progress: 0, not_started: morning.cleanings.length });
    expect(morning.nextChangeAt).toBe('2026-11-23T11:00:00.000Z');
    expect(morning.teams.map((team) => team.name)).toEqual(['Team Amber', 'Team Blue', 'Team Green']);
    expect(morning.people.map((person) => person.name).sort()).toEqual(hotel.staff.map((member) => `${member.firstName} ${member.lastName}`).sort());
    const maria = morning.people.find((person) => person.name === 'Maria Santos')!;
    expect(maria.roles).toEqual(['Supervisor', 'Housekeeper']);
    const blue = morning.teams.find((team) => team.name === 'Team Blue')!;
    expect(maria.cleaningIds).toEqual(blue.cleaningIds);
    expect(morning.cleanings.reduce((sum, cleaning) => sum + (cleaning.teamIds.includes(blue.id) ? 1 : 0), 0)).toBe(blue.cleaningIds.length);

    // 12:00: the first cleanings of each team are done, the next ones under way.
    await fixture.clock.advance(Date.UTC(2026, 10, 23, 12) - fixture.clock.now());
    const noon = await fixture.ok('housekeeping/day', { date: TEST_DAY });
    expect(noon.asOf).toBe('2026-11-23T12:00');
    for (const cleaning of noon.cleanings) {
      const expected = cleaning.end! <= '12:00' ? 'done' : cleaning.start! <= '12:00' ? 'in_progress' : 'not_started';
      expect(cleaning.state, `${cleaning.room} ${cleaning.start}–${cleaning.end}`).toBe(expected);
    }
    expect(noon.counts.done).toBeGreaterThan(0);
    expect(noon.counts.in_progress).toBe(3);
    // Tomorrow nothing has started yet.
    expect((await fixture.ok('housekeeping/day', { date: WEEK[1] })).counts.done).toBe(0);
  });

  it('answers a day not stored yet with no cleanings and no fetch time, and queues nothing for it', async () => {
    fixture = await startHousekeepingCore({ connections: {} });
    const day = await fixture.ok('housekeeping/day', { date: WEEK[3] });
    expect(day).toMatchObject({ date: WEEK[3], fetchedAt: null, cleanings: [], people: [], teams: [] });
    expect(jobCount()).toBe(0);
  });

  const refusals: [string, CallName, unknown, string, RegExp][] = [
    ['a date that does not exist', 'housekeeping/day', { date: '2026-02-30' }, 'date', /date/i],
    ['a date in words', 'housekeeping/day', { date: 'tomorrow' }, 'date', /date/i],
    ['no date', 'housekeeping/day', {}, 'date', /./],
    ['a date past the accepted window', 'housekeeping/day', { date: '2031-01-01' }, 'date', /outside the dates this app handles/],
    ['a date before the accepted window', 'housekeeping/day', { date: '1999-12-31' }, 'date', /outside the dates this app handles/],
    ['an unknown field', 'housekeeping/day', { date: TEST_DAY, force: true }, 'force', /is not a known field/],
    ['an unknown field of the status', 'housekeeping/status', { days: 30 }, 'days', /is not a known field/],
    ['an unknown field of a refresh', 'housekeeping/refresh', { date: TEST_DAY }, 'date', /is not a known field/],
  ];
  for (const [what, name, args, field, message] of refusals) {
    it(`refuses ${what}, naming the field, and queues nothing`, async () => {
      fixture = await startHousekeepingCore();
      const outcome = await fixture.call(name, args);
      expect(outcome.ok).toBe(false);
      if (outcome.ok) return;
      expect(outcome.error).toMatchObject({ code: 'invalid_argument', field });
      expect(outcome.error.message).toMatch(message);
      expect(jobCount()).toBe(0);
    });
  }
});

describe('a damaged stored day', () => {
  const damages: [string, (path: string) => void, RegExp][] = [
    ['one byte changed', (path) => {
      const bytes = readFileSync(path);
      const middle = Math.floor(bytes.length / 2);
      bytes[middle] = bytes[middle]! ^ 0x20;
      writeFileSync(path, bytes);
    }, /does not match its checksum/],
    ['cut short', (path) => truncateSync(path, 100), /is 100 bytes, not the \d+ that were written/],
    ['gone', (path) => rmSync(path), /missing from the data folder/],
  ];
  for (const [how, damage, reason] of damages) {
    it(`is refused when ${how}, reported, never shown, and fetched again`, async () => {
      fixture = await startHousekeepingCore();
      await storeTheWeek();
      const date = WEEK[4]!;
      const good = await fixture.ok('housekeeping/day', { date });
      const before = await fixture.maidcentral();
      // Held while the damage is looked at, so the refetch cannot land in between.
      fixture.core.queue.pause('maidcentral');
      const heard: string[] = [];
      fixture.core.events.on('housekeeping/changed', (changed) => heard.push(changed.date));
      damage(fixture.dayFile(date));

      const outcome = await fixture.call('housekeeping/day', { date });
      expect(outcome).toMatchObject({ ok: false, error: { code: 'corrupt', field: 'date' } });
      if (outcome.ok) return;
      expect(outcome.error.message).toMatch(reason);
      expect(outcome.error.message).toMatch(/not shown; it is being fetched again from MaidCentral/);
      expect(outcome).not.toHaveProperty('data');
      const status = (await fixture.ok('housekeeping/status', {})).days[4]!;
      expect(status).toMatchObject({ state: 'failed', lastError: expect.stringMatching(reason) as string });
      // A second look while the fetch is on its way queues no second fetch, and is not news again.
      expect(await fixture.call('housekeeping/day', { date })).toMatchObject({ ok: false, error: { code: 'corrupt' } });
      expect(heard).toEqual([date]);
      fixture.core.queue.resume('maidcentral');

      await until(fixture.core, 'the day fetched again', () => dayRow(date).last_error === null && unfinished() === 0);
      expect((await fixture.ok('housekeeping/day', { date })).cleanings).toEqual(good.cleanings);
      expect(await fixture.maidcentral()).toMatchObject({ requests: before.requests + 1 });
      expect((await fixture.ok('housekeeping/status', {})).days[4]).toMatchObject({ state: 'ok', lastError: null });
      const repairs = fixture.core.db.prepare(`SELECT COUNT(*) AS n FROM jobs WHERE json_extract(payload, '$.requestedBy') = 'repair'`).get();
      expect(repairs).toEqual({ n: 1 });
    });
  }
});

describe('a stored day this version cannot read', () => {
  it('is refused as such and fetched again, though its checksum matches', async () => {
    fixture = await startHousekeepingCore();
    await storeTheWeek();
    const date = WEEK[5]!;
    // What a later version might have written: its own format, sealed and recorded as usual.
    const bytes = Buffer.from(JSON.stringify({ format: 2, date, cleanings: [] }));
    const seal = sealOf(bytes);
    writeFileSync(join(dayFolder(fixture.dataDir), dayFileName(date, seal.sha256)), bytes);
    fixture.core.db.prepare('UPDATE housekeeping_days SET size = ?, sha256 = ? WHERE date = ?').run(seal.size, seal.sha256, date);

    const outcome = await fixture.call('housekeeping/day', { date });
    expect(outcome).toMatchObject({ ok: false, error: { code: 'corrupt', message: expect.stringMatching(/not a schedule this version of the app can read/) as string } });
    await until(fixture.core, 'the day fetched again', () => dayRow(date).last_error === null && unfinished() === 0);
    expect((await fixture.ok('housekeeping/day', { date })).cleanings.length).toBeGreaterThan(0);
  });
});

describe('housekeeping/status', () => {
  it('lists the hotel’s seven days, not UTC’s, with each day’s last fetch and the next run', async () => {
    // Kiritimati is UTC+14: 09:05 UTC is 23:05 there, still the 23rd; an hour later it is the 24th there, not in UTC.
    fixture = await startHousekeepingCore({ timeZone: 'Pacific/Kiritimati', connections: {} });
    const status = await fixture.ok('housekeeping/status', {});
    expect(status.days.map((day) => day.date)).toEqual(WEEK);
    expect(status.days.every((day) => day.state === 'missing' && day.fetchedAt === null && day.size === null)).toBe(true);
    expect(status.schedule).toEqual({ cron: '0 * * * *', timeZone: 'Pacific/Kiritimati', nextRunAt: '2026-11-23T10:00:00.000Z', lastRunAt: null });
    await fixture.clock.advance(60 * 60_000);
    expect((await fixture.ok('housekeeping/status', {})).days[0]!.date).toBe(WEEK[1]);
  });

  it('follows the schedule the core was given', async () => {
    fixture = await startHousekeepingCore({ housekeepingCron: '15 6-22 * * *' });
    expect((await fixture.ok('housekeeping/status', {})).schedule).toMatchObject({ cron: '15 6-22 * * *', nextRunAt: '2026-11-23T09:15:00.000Z' });
  });

  it('runs on the hour of the hotel’s clock, not the machine’s', async () => {
    // Kolkata is UTC+5:30: its hours turn at half past in UTC.
    fixture = await startHousekeepingCore({ timeZone: 'Asia/Kolkata', connections: {} });
    expect((await fixture.ok('housekeeping/status', {})).schedule).toMatchObject({ timeZone: 'Asia/Kolkata', nextRunAt: '2026-11-23T09:30:00.000Z' });
  });
});
