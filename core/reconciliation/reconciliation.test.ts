import { afterEach, describe, expect, it } from 'vitest';
import { addDays } from '../../shared/iso-date.js';
import { untilEvent } from '../testing/until-event.js';
import { startReconciliationCore, type ReconciliationFixture } from './reconciliation-test-fixture.js';

// Reconciliation with Stays and door PINs on Seam (issue 10), on a started core in demo mode: the
// real sandbox over loopback plays both, changed through its control API between runs.

let fixture: ReconciliationFixture;
afterEach(() => fixture?.dispose());

/** The hotel's day (the core runs on the real clock in UTC here). */
const today = () => new Date().toISOString().slice(0, 10);
/** A stay added at Stays today whose check-in (00:00) has passed: its PIN is made at once. */
const inHouse = { startDate: today(), endDate: addDays(today(), 2), checkInTime: '00:00', roomNumber: '101' };
const at = (date: string, time: string) => new Date(`${date}T${time}:00Z`).toISOString();
const DAY_MS = 86_400_000;

/** The codes at Seam made for one stay (their name carries the stay's key). */
/** Books the in-house stay at Stays and reconciles it, its door PIN set: its Stays id and ours. */
async function addInHouseStay(): Promise<{ _id: string; id: number }> {
  const { _id } = await fixture.control.stays('add', inHouse);
  await fixture.reconcile();
  await fixture.pinsSettled();
  return { _id, id: fixture.idOf(_id) };
}

async function codesOf(reservationId: number) {
  return (await fixture.lockCodes()).filter((code) => code.name?.includes(`sentinel-pin-${reservationId}-v`));
}

const seamWrites = async () => {
  const counters = await fixture.control.counters();
  return counters.seam.effects + counters.seam.duplicates;
};
const jobCount = () => fixture.core.db.prepare('SELECT COUNT(*) FROM jobs').pluck().get() as number;

describe('reconciliation with Stays', () => {
  it('mirrors every Stays stay in the window, then with nothing changed creates, updates and sends nothing', async () => {
    fixture = await startReconciliationCore();
    const listed = (await fixture.staysListed()).filter((r) => r.checkOutDate >= addDays(today(), -7));

    const first = await fixture.reconcile();
    expect(first).toMatchObject({ status: 'ok', fetched: listed.length, created: listed.length, updated: 0, orphaned: 0, errors: 0 });
    // Pages of 20, plus the scan of stays created since yesterday.
    expect(first.requests).toBe(Math.floor(listed.length / 20) + 1 + 1);
    expect(first.windowFrom).toBe(addDays(today(), -7));
    expect(first.createdFrom).toBe(addDays(today(), -1));
    const mirrored = fixture.core.db.prepare(`SELECT COUNT(*) FROM reservations WHERE source = 'stays'`).pluck().get();
    expect(mirrored).toBe(listed.length);
    await fixture.pinsSettled();
    expect((await fixture.lockCodes()).length).toBeGreaterThan(0);

    const writes = await seamWrites();
    const jobs = jobCount();
    const updatedAt = fixture.core.db.prepare('SELECT MAX(updated_at) FROM reservations').pluck().get();
    const second = await fixture.reconcile();
    await fixture.pinsSettled();

    expect(second).toMatchObject({ status: 'ok', fetched: listed.length, created: 0, updated: 0, unchanged: listed.length, orphaned: 0, errors: 0 });
    expect(await seamWrites()).toBe(writes);
    // The run's own job is the only one queued.
    expect(jobCount()).toBe(jobs + 1);
    expect(fixture.core.db.prepare('SELECT MAX(updated_at) FROM reservations').pluck().get()).toBe(updatedAt);
  });

  it('moves a stay’s PIN with its dates: at Seam one code with the new validity, none with the old', async () => {
    fixture = await startReconciliationCore();
    const { _id, id } = await addInHouseStay();
    const [before] = await codesOf(id);
    expect(before).toMatchObject({ status: 'set', endsAt: new Date(Date.parse(at(inHouse.endDate, '11:00')) + DAY_MS).toISOString() });

    const arrival = addDays(today(), 3);
    const departure = addDays(today(), 6);
    await fixture.control.stays('move', { _id, startDate: arrival, endDate: departure, checkInTime: '15:00' });
    const run = await fixture.reconcile();
    expect(run).toMatchObject({ updated: 1, created: 0 });
    await fixture.pinsSettled();

    const after = await codesOf(id);
    expect(after).toHaveLength(1);
    expect(after[0]).toMatchObject({
      accessCodeId: before!.accessCodeId,
      status: 'set',
      startsAt: at(arrival, '15:00'),
      endsAt: new Date(Date.parse(at(departure, '11:00')) + DAY_MS).toISOString(),
    });
    expect(await fixture.control.effects({ api: 'seam', kind: 'access_code_update' })).toHaveLength(1);
    // The removal moved with the stay: one queued, at the new check-out + 24 h; the old one superseded.
    const jobs = fixture.pinJobs(id);
    const revokes = jobs.filter((job) => job.type === 'door-pins/revoke');
    expect(revokes.map((job) => job.status)).toEqual(['cancelled', 'queued']);
    expect(revokes[1]!.run_at).toBe(Date.parse(at(departure, '11:00')) + DAY_MS);
    expect((await fixture.ok('reservations/list', {})).items.find((item) => item.id === id)!.pin).toMatchObject({ state: 'active', startsAt: at(arrival, '15:00') });
  });

  it('moves a PIN to the new room’s lock when the stay changes rooms', async () => {
    fixture = await startReconciliationCore();
    const { _id, id } = await addInHouseStay();
    const [before] = await codesOf(id);

    await fixture.control.stays('move', { _id, startDate: inHouse.startDate, endDate: inHouse.endDate, checkInTime: '00:00', roomNumber: '102' });
    await fixture.reconcile();
    await fixture.pinsSettled();

    const locks = fixture.sandbox.hotel().locks;
    const lockOf = (number: string) => locks.find((lock) => lock.name === `Room ${number} door`)!.deviceId;
    const after = await codesOf(id);
    expect(before!.deviceId).toBe(lockOf('101'));
    expect(after.map((code) => [code.deviceId, code.status])).toEqual([[lockOf('102'), 'set']]);
    expect((await fixture.ok('reservations/list', {})).items.find((item) => item.id === id)).toMatchObject({ room: 'Room 102 door', pin: { state: 'active' } });
  });

  it('deletes the code of a cancelled stay at Seam and forgets its PIN', async () => {
    fixture = await startReconciliationCore();
    const { _id, id } = await addInHouseStay();
    expect(await codesOf(id)).toHaveLength(1);
    expect((await fixture.ok('reservations/reveal-pin', { id })).code).toMatch(/^\d{4,8}$/);

    await fixture.control.stays('cancel', { _id });
    expect(await fixture.reconcile()).toMatchObject({ updated: 1, orphaned: 0 });
    await fixture.pinsSettled();

    expect(await codesOf(id)).toEqual([]);
    expect(await fixture.control.effects({ api: 'seam', kind: 'access_code_delete' })).toHaveLength(1);
    const item = (await fixture.ok('reservations/list', {})).items.find((entry) => entry.id === id);
    expect(item).toMatchObject({ status: 'cancelled', pin: { state: 'revoked', hasCode: false } });
    expect(await fixture.call('reservations/reveal-pin', { id })).toMatchObject({ ok: false, error: { code: 'conflict', field: 'id' } });
    expect(fixture.pinJobs(id).filter((job) => job.status === 'queued')).toEqual([]);
  });

  it('treats a stay deleted at Stays as an orphan: cancelled in the mirror, its code deleted, no PIN jobs left', async () => {
    fixture = await startReconciliationCore();
    const made = await fixture.control.stays('add', inHouse);
    const later = await fixture.control.stays('add', { startDate: addDays(today(), 20), endDate: addDays(today(), 23), roomNumber: '103' });
    await fixture.reconcile();
    await fixture.pinsSettled();
    const [withCode, scheduled] = [fixture.idOf(made._id), fixture.idOf(later._id)];
    expect(await codesOf(withCode)).toHaveLength(1);
    expect(fixture.pinJobs(scheduled).map((job) => [job.type, job.status])).toEqual([
      ['door-pins/program', 'queued'],
      ['door-pins/revoke', 'queued'],
    ]);

    await fixture.control.stays('delete', { _id: made._id });
    await fixture.control.stays('delete', { _id: later._id });
    const run = await fixture.reconcile();
    expect(run).toMatchObject({ status: 'ok', orphaned: 2, created: 0, updated: 0 });
    await fixture.pinsSettled();

    expect(await codesOf(withCode)).toEqual([]);
    for (const id of [withCode, scheduled]) {
      expect(fixture.pinJobs(id).filter((job) => job.status === 'queued' || job.status === 'sending')).toEqual([]);
      expect(fixture.core.db.prepare('SELECT status FROM reservations WHERE id = ?').pluck().get(id)).toBe('cancelled');
    }
    // Told once: the next run finds nothing more to do.
    expect(await fixture.reconcile()).toMatchObject({ orphaned: 0, updated: 0, created: 0 });
  });

  it('asks Stays for a stay missing from the scan before calling it gone, and keeps one that moved far ahead', async () => {
    fixture = await startReconciliationCore();
    const { _id } = await fixture.control.stays('add', { startDate: addDays(today(), 10), endDate: addDays(today(), 12) });
    // Booked a month ago, so the scan of recent creations does not find it either.
    const booked = fixture.sandbox.hotel().reservations.at(-1)!;
    booked.createdAt -= 30 * DAY_MS;
    await fixture.reconcile();
    // Beyond the scanned three years: absent from the scan, but Stays still has it.
    await fixture.control.stays('move', { _id, startDate: addDays(today(), 4 * 365), endDate: addDays(today(), 4 * 365 + 2) });
    const run = await fixture.reconcile();
    expect(run).toMatchObject({ orphaned: 0, updated: 1 });
    expect(fixture.core.db.prepare('SELECT status, arrival FROM reservations WHERE id = ?').get(fixture.idOf(_id))).toEqual({
      status: 'confirmed',
      arrival: addDays(today(), 4 * 365),
    });
  });

  it('updates a stay whose price changed without touching its PIN: no PIN job, no Seam write', async () => {
    fixture = await startReconciliationCore();
    const { _id, id } = await addInHouseStay();
    const jobs = fixture.pinJobs(id).map((job) => job.id);
    const writes = await seamWrites();

    fixture.sandbox.hotel().reservations.at(-1)!.total += 35;
    await fixture.control.stays('move', { _id, startDate: inHouse.startDate, endDate: inHouse.endDate });
    expect(await fixture.reconcile()).toMatchObject({ updated: 1, created: 0 });
    await fixture.pinsSettled();

    expect(fixture.core.db.prepare('SELECT total FROM reservations WHERE id = ?').pluck().get(id)).toBe(155);
    expect(fixture.pinJobs(id).map((job) => job.id)).toEqual(jobs);
    expect(await seamWrites()).toBe(writes);
  });

  it('counts a reservation it cannot read as an error and goes on with the others', async () => {
    fixture = await startReconciliationCore();
    const good = await fixture.control.stays('add', { startDate: addDays(today(), 5), endDate: addDays(today(), 7) });
    // Stays sends a stay whose check-out is before its check-in.
    const room = fixture.sandbox.hotel().rooms[3]!;
    fixture.sandbox.hotel().reservations.push({
      ...fixture.sandbox.hotel().reservations.find((r) => r.source === 'stays')!,
      id: 'broken-1',
      roomId: room.id,
      startDate: addDays(today(), 9),
      endDate: addDays(today(), 8),
    });

    const run = await fixture.reconcile();

    expect(run).toMatchObject({ status: 'partial', errors: 1 });
    expect(run.message).toMatch(/checkOutDate \S+ is not after checkInDate/);
    expect(fixture.idOf(good._id)).toBeGreaterThan(0);
    expect(run.created).toBe(run.fetched - 1);
  });

  it('tries a failed page again after a moment, within the run', async () => {
    fixture = await startReconciliationCore();
    await fixture.control.faults('stays', { burst5xx: { count: 2, pathContains: null } });
    const run = await fixture.reconcile();
    const pages = Math.floor((await fixture.staysListed()).filter((r) => r.checkOutDate >= addDays(today(), -7)).length / 20) + 1;
    expect(run).toMatchObject({ status: 'ok', errors: 0, requests: pages + 1 + 2 });
  });

  it('logs a run failed when a page still fails after three more tries, changes nothing, and is retried later', async () => {
    fixture = await startReconciliationCore({
      core: { lanes: [{ name: 'stays', concurrency: 1, backoff: { baseMs: 20, capMs: 20, jitter: 0 } }, { name: 'seam', concurrency: 2 }] },
    });
    await fixture.control.faults('stays', { errorRate: 1 });
    await fixture.ok('reconciliation/run', {});
    const failed = await untilEvent(fixture.core, 'a failed run', async () => (await fixture.ok('reconciliation/status', {})).runs.find((r) => r.status === 'failed'));
    expect(failed).toMatchObject({ requests: 4, fetched: 0, created: 0 });
    expect(failed.message).toMatch(/^Reading Stays failed: Stays answered 503/);
    expect(fixture.core.db.prepare(`SELECT COUNT(*) FROM reservations`).pluck().get()).toBe(0);

    await fixture.control.clearFaults();
    const job = fixture.core.db.prepare('SELECT status, attempts FROM jobs WHERE id = ?');
    await untilEvent(fixture.core, 'the retried run', () => (job.get(failed.jobId) as { status: string }).status === 'done');
    expect(job.get(failed.jobId)).toEqual({ status: 'done', attempts: 2 });
    expect((await fixture.ok('reconciliation/status', {})).runs.map((r) => [r.jobId, r.status])).toEqual([
      [failed.jobId, 'ok'],
      [failed.jobId, 'failed'],
    ]);
  });

  it('fails a run when Stays is not connected, and the lane waits for sign-in', async () => {
    fixture = await startReconciliationCore();
    await fixture.core.stop();
    const { createCore } = await import('../core.js');
    const { silentLogger } = await import('../logger.js');
    const { demoConnections } = await import('../../demo/demo.js');
    const { stays: _stays, ...others } = demoConnections(fixture.sandbox.baseUrls);
    const core = createCore({ dataDir: fixture.dir.path, logger: silentLogger, connections: others, reconciliation: { cron: null } });
    try {
      await core.start();
      await core.invoke('reconciliation/run', {});
      const status = await untilEvent(core, 'the lane to need sign-in', () => {
        const lane = core.queue.status().lanes.find((entry) => entry.lane === 'stays');
        return lane?.state === 'needs_sign_in' ? lane : undefined;
      });
      expect(status.state).toBe('needs_sign_in');
      const job = core.db.prepare(`SELECT status, last_error FROM jobs WHERE type = 'reconciliation/run'`);
      await untilEvent(core, 'the job back in the queue', () => (job.get() as { status: string }).status === 'queued');
      expect(job.get()).toEqual({ status: 'queued', last_error: 'Stays is not connected: add its credentials in Settings' });
      const run = core.db.prepare('SELECT status, message FROM reconciliation_runs').get();
      expect(run).toEqual({ status: 'failed', message: 'Stays is not connected: add its credentials in Settings' });
    } finally {
      await core.stop();
    }
  });
});
