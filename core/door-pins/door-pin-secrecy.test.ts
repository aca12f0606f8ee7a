import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { EVENT_NAMES } from '../../shared/contract.js';
import { addDays } from '../../shared/iso-date.js';
import { createFileLogger, type FileLogger } from '../logging/file-logger.js';
import { startReconciliationCore, type ReconciliationFixture } from '../reconciliation/reconciliation-test-fixture.js';
import { makeTempDir } from '../testing/temp-dir.js';
import { untilEvent } from '../testing/until-event.js';

// The PIN is the key to a guest's room: the front desk reveals it on the reservation, and it
// appears nowhere else — not in the log (even at debug), not in a job's payload, summary, result
// or errors (Activity shows those), not in notifications, not in any pushed event.

let fixture: ReconciliationFixture;
let logger: FileLogger;
const logs = makeTempDir('sentinel-pin-log-');
afterEach(async () => {
  await fixture?.dispose();
  logger?.close();
  logs.remove();
});

const today = () => new Date().toISOString().slice(0, 10);

it('never writes the PIN to the log, a job, a notification or an event; only reveal-pin answers it', async () => {
  logger = createFileLogger({ dir: logs.path, level: 'debug' });
  fixture = await startReconciliationCore({ core: { logger } });
  const heard: unknown[] = [];
  for (const name of EVENT_NAMES) fixture.core.events.on(name, (payload) => heard.push(payload));

  const { _id } = await fixture.control.stays('add', { startDate: today(), endDate: addDays(today(), 3), checkInTime: '00:00' });
  await fixture.reconcile();
  await fixture.pinsSettled();
  const id = fixture.idOf(_id);
  const { code } = await fixture.ok('reservations/reveal-pin', { id });
  expect(code).toMatch(/^\d{6}$/);

  // A move Seam refuses: the PIN job fails, and says so in Failed and in the bell.
  const newEnd = addDays(today(), 5);
  const refusedEnd = new Date(Date.parse(`${newEnd}T11:00:00Z`) + 86_400_000).toISOString();
  await fixture.control.faults('seam', { rejectValues: [refusedEnd] });
  await fixture.control.stays('move', { _id, startDate: today(), endDate: newEnd });
  await fixture.reconcile();
  const failed = await untilEvent(fixture.core, 'the PIN job to fail', async () =>
    (await fixture.ok('reservations/list', {})).items.find((item) => item.id === id && item.pin.state === 'failed'),
  );
  const notifications = await fixture.ok('notifications/list', {});
  expect(notifications.items.some((n) => n.title.startsWith('Door PIN failed'))).toBe(true);
  // Then cancelled: the code is removed, and the PIN forgotten.
  await fixture.control.clearFaults();
  await fixture.ok('jobs/retry', { id: failed.pin.failedJobId! });
  await fixture.control.stays('cancel', { _id });
  await fixture.reconcile();
  await fixture.pinsSettled();

  const jobs = (await fixture.ok('jobs/list', { limit: 500 })).items;
  const details = await Promise.all(jobs.map((job) => fixture.ok('jobs/get', { id: job.id })));
  const seen = [
    readFileSync(join(logs.path, 'sentinel.log'), 'utf8'),
    JSON.stringify(details),
    JSON.stringify(fixture.core.db.prepare('SELECT * FROM jobs').all()),
    JSON.stringify(fixture.core.db.prepare('SELECT * FROM job_attempts').all()),
    JSON.stringify(notifications),
    JSON.stringify(await fixture.ok('notifications/list', {})),
    JSON.stringify(await fixture.ok('reservations/list', {})),
    JSON.stringify(await fixture.ok('reconciliation/status', {})),
    JSON.stringify(heard),
  ];
  expect(seen[0]).toContain('door PIN revealed');
  expect(details.some((job) => job.type === 'door-pins/program' && job.attemptHistory.length > 0)).toBe(true);
  const standalone = new RegExp(`(?<!\\d)${code}(?!\\d)`);
  for (const text of seen) expect(text).not.toMatch(standalone);
  // Removed with its code: nothing is left to reveal.
  expect(fixture.core.db.prepare('SELECT pin_secret FROM door_pins WHERE reservation_id = ?').pluck().get(id)).toBeNull();
});
