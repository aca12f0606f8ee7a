import { afterEach, describe, expect, it } from 'vitest';
import { gridWindow } from '../../renderer/src/features/rates/grid-window.js';
import type { CallOutcome } from '../../shared/contract.js';
import { createCore, type Core } from '../core.js';
import { silentLogger } from '../logger.js';
import { okChecked } from '../testing/contract-call.js';
import { ManualClock } from '../testing/manual-clock.js';
import { makeTempDir } from '../testing/temp-dir.js';

// The machine is on UTC (the manual clock's instants are UTC); the hotel's zone comes from
// Settings. At 11:30 UTC on 23 Nov it is already the 24th in Auckland (UTC+13 in summer);
// at 02:00 UTC on 23 Nov it is still the 22nd in Los Angeles (UTC−8).
const AUCKLAND_NEXT_DAY = Date.UTC(2026, 10, 23, 11, 30);
const LOS_ANGELES_DAY_BEFORE = Date.UTC(2026, 10, 23, 2, 0);

let dir: ReturnType<typeof makeTempDir> | undefined;
let core: Core | undefined;
afterEach(async () => {
  await core?.stop();
  dir?.remove();
});

async function hotelIn(timeZone: string, at: number): Promise<Core> {
  dir = makeTempDir();
  core = createCore({ dataDir: dir.path, logger: silentLogger, clock: new ManualClock(at) });
  core.db.exec(`INSERT INTO room_types (id, name, short_name, rate_id, differential_kind, differential_value, sort_order) VALUES
    (11, 'Standard', 'STD', 911, 'amount', 0, 0)`);
  await okChecked(core, 'settings/update', { property: { timeZone } });
  return core;
}

const submit = (date: string) => core!.invoke('rates/submit', { changes: [{ roomTypeId: 11, date, rate: 120 }] }) as Promise<CallOutcome<'rates/submit'>>;

describe("the hotel's day, from the time zone in Settings", () => {
  it('in Pacific/Auckland is a day ahead of UTC: the grid starts on the 24th and the 23rd is past', async () => {
    const hotel = await hotelIn('Pacific/Auckland', AUCKLAND_NEXT_DAY);
    expect(hotel.calendar.today()).toBe('2026-11-24');
    expect((await okChecked(hotel, 'hotel/details', {})).timeZone).toBe('Pacific/Auckland');
    expect(gridWindow('Pacific/Auckland', AUCKLAND_NEXT_DAY).from).toBe('2026-11-24');
    expect(gridWindow('UTC', AUCKLAND_NEXT_DAY).from).toBe('2026-11-23');
    const refused = await submit('2026-11-23');
    expect(refused).toMatchObject({ ok: false, error: { field: 'changes.0.date', message: expect.stringMatching(/in the past \(today is 2026-11-24\)/) } });
    expect((await submit('2026-11-24')).ok).toBe(true);
  });

  it('in America/Los_Angeles is a day behind UTC: the grid starts on the 22nd, which may still be priced', async () => {
    const hotel = await hotelIn('America/Los_Angeles', LOS_ANGELES_DAY_BEFORE);
    expect(hotel.calendar.today()).toBe('2026-11-22');
    expect(gridWindow('America/Los_Angeles', LOS_ANGELES_DAY_BEFORE).from).toBe('2026-11-22');
    expect((await submit('2026-11-22')).ok).toBe(true);
    expect(await submit('2026-11-21')).toMatchObject({ ok: false, error: { message: expect.stringMatching(/today is 2026-11-22/) } });
  });

  it('moves the schedules to the new zone when it changes', async () => {
    const hotel = await hotelIn('UTC', LOS_ANGELES_DAY_BEFORE);
    await hotel.start();
    const before = hotel.scheduler.list().find((row) => row.name === 'housekeeping');
    await okChecked(hotel, 'settings/update', { schedules: { housekeeping: '0 6 * * *' } });
    const utcSix = hotel.scheduler.list().find((row) => row.name === 'housekeeping')!.nextRunAt;
    expect(utcSix).toBe('2026-11-23T06:00:00.000Z');
    await okChecked(hotel, 'settings/update', { property: { timeZone: 'America/Los_Angeles' } });
    // 06:00 on the hotel's clock: 14:00 UTC.
    expect(hotel.scheduler.list().find((row) => row.name === 'housekeeping')!.nextRunAt).toBe('2026-11-23T14:00:00.000Z');
    expect(before).toBeDefined();
  });

  it('times the Beds24 and Cloudbeds booking polls by the beds24Polling schedule', async () => {
    const hotel = await hotelIn('UTC', LOS_ANGELES_DAY_BEFORE);
    await hotel.start();
    const polls = () => hotel.scheduler.list().filter((row) => row.name.startsWith('channel-poll')).map((row) => [row.name, row.nextRunAt]);
    await okChecked(hotel, 'settings/update', { schedules: { beds24Polling: '0 7 * * *' } });
    expect(polls()).toEqual([
      ['channel-poll', '2026-11-23T07:00:00.000Z'],
      ['channel-poll-cloudbeds', '2026-11-23T07:00:00.000Z'],
    ]);
  });
});
