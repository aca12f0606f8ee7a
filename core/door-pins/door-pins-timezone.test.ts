import { afterEach, expect, it } from 'vitest';
import { TEST_DAY } from '../../sandbox/testing.js';
import { startReconciliationCore, type ReconciliationFixture } from '../reconciliation/reconciliation-test-fixture.js';
import { ManualClock } from '../testing/manual-clock.js';
import { untilEvent } from '../testing/until-event.js';

// A hotel in New York, whichever zone the machine is in, with a stay across the change to summer
// time (14 March 2027, 02:00 local): the lock gets the PIN for 15:00 EST on arrival to 11:00 EDT
// the day after departure, made 2 h before check-in, on a clock the test moves.

const HOTEL_ZONE = 'America/New_York';
let fixture: ReconciliationFixture;
afterEach(() => fixture?.dispose());

it('puts the PIN on the lock 2 h before check-in, valid to 24 h after check-out in the hotel’s zone across a DST change', async () => {
  expect(Intl.DateTimeFormat().resolvedOptions().timeZone).not.toBe(HOTEL_ZONE);
  // 05:00 in New York on the day of arrival. The sandbox's seeded stays are months earlier.
  const clock = new ManualClock(Date.parse('2027-03-12T10:00:00Z'));
  fixture = await startReconciliationCore({ clock, today: TEST_DAY, core: { timeZone: HOTEL_ZONE } });
  const { _id } = await fixture.control.stays('add', { startDate: '2027-03-12', endDate: '2027-03-16', roomNumber: '201' });

  const run = await fixture.reconcile();
  expect(run).toMatchObject({ created: 1, windowFrom: '2027-03-05' });
  const id = fixture.idOf(_id);
  const [program, revoke] = fixture.pinJobs(id);
  // 15:00 EST is 20:00 UTC; 11:00 EDT (after the change) is 15:00 UTC.
  expect(new Date(program!.run_at).toISOString()).toBe('2027-03-12T18:00:00.000Z');
  expect(new Date(revoke!.run_at).toISOString()).toBe('2027-03-17T15:00:00.000Z');

  // One second before it is due, nothing has been sent to the lock.
  await clock.advance(Date.parse('2027-03-12T17:59:59Z') - clock.now());
  expect(await fixture.control.effects({ api: 'seam', kind: 'access_code' })).toEqual([]);
  await clock.advance(1_000);
  const pin = fixture.core.db.prepare('SELECT access_code_id, state FROM door_pins WHERE reservation_id = ?');
  await untilEvent(fixture.core, 'the code asked for', () => (pin.get(id) as { access_code_id: string | null }).access_code_id !== null);
  // The lock finishes programming; the job's next look finds the code set.
  await clock.advance(1_000);
  await untilEvent(fixture.core, 'the PIN active', () => (pin.get(id) as { state: string }).state === 'active');

  const codes = (await fixture.lockCodes()).filter((code) => code.name?.includes(`sentinel-pin-${id}-`));
  const lock = fixture.sandbox.hotel().locks.find((candidate) => candidate.name === 'Room 201 door')!;
  expect(codes).toEqual([
    expect.objectContaining({ deviceId: lock.deviceId, status: 'set', startsAt: '2027-03-12T20:00:00.000Z', endsAt: '2027-03-17T15:00:00.000Z' }),
  ]);
  const [created] = await fixture.control.effects({ api: 'seam', kind: 'access_code' });
  expect(created!.at).toBe(Date.parse('2027-03-12T18:00:00Z'));
});
