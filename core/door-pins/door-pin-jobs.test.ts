import { afterEach, expect, it } from 'vitest';
import { DEMO_CREDENTIALS } from '../../sandbox/demo-credentials.js';
import { addDays } from '../../shared/iso-date.js';
import { startReconciliationCore, type ReconciliationFixture } from '../reconciliation/reconciliation-test-fixture.js';
import { untilEvent } from '../testing/until-event.js';

// Delivered in effect once: Seam has no idempotency key, so a create whose answer was lost is
// found again by the key in the code's name; and a stay's PIN jobs run in order, so a removal
// queued while its code is being made waits for it, then removes it.

let fixture: ReconciliationFixture;
afterEach(() => fixture?.dispose());
const today = () => new Date().toISOString().slice(0, 10);
/** The creates Seam accepted for one stay (the key is in the code's name). */
const createsOf = async (id: number) =>
  (await fixture.control.effects({ api: 'seam', kind: 'access_code' })).filter((effect) => (effect.data as { name: string }).name.includes(`sentinel-pin-${id}-`));

it('finds a code whose create answer was lost by the key in its name, instead of making a second', async () => {
  fixture = await startReconciliationCore();
  fixture.core.queue.pause('seam');
  const { _id } = await fixture.control.stays('add', { startDate: today(), endDate: addDays(today(), 2), checkInTime: '00:00', roomNumber: '102' });
  await fixture.reconcile();
  const id = fixture.idOf(_id);
  const lock = fixture.sandbox.hotel().locks.find((candidate) => candidate.name === 'Room 102 door')!;
  // An earlier attempt sent the create, Seam made the code, and the answer never came back.
  const made = await fetch(`${fixture.sandbox.baseUrls.seam}/access_codes/create`, {
    method: 'POST',
    headers: { authorization: `Bearer ${DEMO_CREDENTIALS.seam.apiKey}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      device_id: lock.deviceId,
      name: `lost · sentinel-pin-${id}-v1`,
      starts_at: new Date(Date.now() + 60_000).toISOString(),
      ends_at: new Date(Date.now() + 86_400_000).toISOString(),
    }),
  }).then((response) => response.json() as Promise<{ access_code: { access_code_id: string; code: string } }>);
  fixture.core.db.prepare('UPDATE door_pins SET create_started_at = ?, device_id = ? WHERE reservation_id = ?').run(Date.now(), lock.deviceId, id);

  fixture.core.queue.resume('seam');
  await fixture.pinsSettled();

  expect(await createsOf(id)).toHaveLength(1);
  expect(fixture.core.db.prepare('SELECT access_code_id, state FROM door_pins WHERE reservation_id = ?').get(id)).toEqual({
    access_code_id: made.access_code.access_code_id,
    state: 'active',
  });
  expect((await fixture.ok('reservations/reveal-pin', { id })).code).toBe(made.access_code.code);
});

it('removes a code that was still being made when its stay was cancelled: the removal waits for the create', async () => {
  fixture = await startReconciliationCore();
  // Seam answers slowly: the create is on its way while the cancellation is reconciled.
  await fixture.control.faults('seam', { latencyMs: 400 });
  const { _id } = await fixture.control.stays('add', { startDate: today(), endDate: addDays(today(), 2), checkInTime: '00:00', roomNumber: '103' });
  await fixture.reconcile();
  const id = fixture.idOf(_id);
  const sending = fixture.core.db.prepare(`SELECT status FROM jobs WHERE id = (SELECT program_job_id FROM door_pins WHERE reservation_id = ?)`);
  await untilEvent(fixture.core, 'the create on its way', () => sending.get(id) !== undefined && (sending.get(id) as { status: string }).status === 'sending');
  await fixture.control.stays('cancel', { _id });
  await fixture.reconcile();
  await fixture.control.clearFaults();
  await fixture.pinsSettled();

  expect(await createsOf(id)).toHaveLength(1);
  expect((await fixture.lockCodes()).filter((code) => code.name?.includes(`sentinel-pin-${id}-`))).toEqual([]);
  expect(fixture.pinJobs(id).map((job) => [job.type, job.status])).toEqual([
    ['door-pins/program', 'done'],
    ['door-pins/revoke', 'cancelled'],
    ['door-pins/revoke', 'done'],
  ]);
});
