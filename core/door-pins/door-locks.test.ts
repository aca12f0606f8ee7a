import { afterEach, expect, it } from 'vitest';
import { addDays } from '../../shared/iso-date.js';
import { startReconciliationCore, type ReconciliationFixture } from '../reconciliation/reconciliation-test-fixture.js';
import { untilEvent } from '../testing/until-event.js';

// Which lock opens which room: each lock in Seam carries its room's Stays listing id in its custom
// metadata (`stays_listing_id`), read into door_locks. A room whose lock is not tagged fails its
// PIN visibly, saying what to set, and a retry after tagging it makes the PIN.

let fixture: ReconciliationFixture;
afterEach(() => fixture?.dispose());
const today = () => new Date().toISOString().slice(0, 10);

it('names each stay’s room after its lock once Seam’s locks are read, with no PIN due yet', async () => {
  fixture = await startReconciliationCore();
  const { _id } = await fixture.control.stays('add', { startDate: addDays(today(), 40), endDate: addDays(today(), 42), roomNumber: '402' });
  await fixture.reconcile();
  const item = () => fixture.ok('reservations/list', { from: addDays(today(), 40) }).then((list) => list.items.find((entry) => entry.id === fixture.idOf(_id)));
  expect(await untilEvent(fixture.core, 'the room named', async () => (await item())?.room === 'Room 402 door')).toBe(true);
  expect(fixture.core.db.prepare(`SELECT COUNT(*) FROM jobs WHERE type = 'door-pins/read-locks'`).pluck().get()).toBe(1);
  expect((await item())!.pin.state).toBe('scheduled');
});

it('fails a PIN whose room has no tagged lock, saying what to set in Seam, and makes it on retry once tagged', async () => {
  fixture = await startReconciliationCore();
  const hotel = fixture.sandbox.hotel();
  const room = hotel.rooms.find((candidate) => candidate.number === '503')!;
  const lock = hotel.locks.find((candidate) => candidate.roomId === room.id)!;
  hotel.locks.splice(hotel.locks.indexOf(lock), 1);
  const { _id } = await fixture.control.stays('add', { startDate: today(), endDate: addDays(today(), 2), checkInTime: '00:00', roomNumber: '503' });
  await fixture.reconcile();
  const id = fixture.idOf(_id);
  const failed = await untilEvent(fixture.core, 'the PIN failed', async () =>
    (await fixture.ok('reservations/list', {})).items.find((item) => item.id === id && item.pin.state === 'failed'),
  );
  expect(failed.pin.error).toMatch(/No lock in Seam is tagged for this room .*"stays_listing_id": "[0-9a-f]{24}"/);

  hotel.locks.push(lock);
  await fixture.ok('jobs/retry', { id: failed.pin.failedJobId! });
  await fixture.pinsSettled();
  const made = (await fixture.ok('reservations/list', {})).items.find((item) => item.id === id)!;
  expect(made).toMatchObject({ room: 'Room 503 door', pin: { state: 'active', hasCode: true } });
});
