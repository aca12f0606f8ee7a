import { afterAll, afterEach, expect, it } from 'vitest';
import { addDays } from '../../shared/iso-date.js';
import { createCore, type Core } from '../core.js';
import { silentLogger } from '../logger.js';
import { makeTempDir } from '../testing/temp-dir.js';

// What the channel writes and what it queues from it are stored together, or a stop (a crash,
// a full disk) between the two would leave a change unsent. Cores here are never started: what
// they store and queue is read from SQLite.
const dirs: ReturnType<typeof makeTempDir>[] = [];
const cores: Core[] = [];
afterEach(async () => {
  await Promise.all(cores.splice(0).map((core) => core.stop()));
});
afterAll(() => dirs.forEach((dir) => dir.remove()));

const newDir = () => {
  dirs.push(makeTempDir());
  return dirs.at(-1)!.path;
};
const opened = (dataDir: string) => {
  const core = createCore({ dataDir, logger: silentLogger });
  cores.push(core);
  return core;
};
const count = (core: Core, sql: string) => core.db.prepare(sql).pluck().get() as number;
const availabilityPushes = (core: Core) => count(core, `SELECT COUNT(*) FROM jobs WHERE type = 'channel/push-availability' AND status = 'queued'`);

it('queues at start the push of nights marked before a stop, once, and none when nothing is marked', async () => {
  const dataDir = newDir();
  const first = opened(dataDir);
  expect(availabilityPushes(first)).toBe(0);
  first.db.prepare('INSERT INTO availability_changes (room_type_id, night, seq) VALUES (?, ?, 1)').run(7, '2027-01-05');
  await first.stop();
  cores.splice(0);

  const second = opened(dataDir);
  expect(availabilityPushes(second)).toBe(1);
  await second.stop();
  cores.splice(0);
  // Already queued: the next start adds none.
  expect(availabilityPushes(opened(dataDir))).toBe(1);
});

it('stores a walk-in with its sends to Cloudbeds and Beds24, or, when they cannot be queued, neither', async () => {
  const core = opened(newDir());
  core.db.prepare(`INSERT INTO room_type_mappings (room_type_id, name, cloudbeds_room_type_id, beds24_room_id, updated_at) VALUES (5, 'Double', 5, 105, 0)`).run();
  const arrival = addDays(new Date().toISOString().slice(0, 10), 10);
  const walkIn = { guestName: 'Walter Walkin', arrival, departure: addDays(arrival, 2), roomTypeId: 5 };
  const stored = () => ({
    stays: count(core, 'SELECT COUNT(*) FROM reservations'),
    events: count(core, 'SELECT COUNT(*) FROM channel_events'),
    marks: count(core, 'SELECT COUNT(*) FROM availability_changes'),
    pushes: count(core, `SELECT COUNT(*) FROM jobs WHERE type IN ('channel/push-cloudbeds', 'channel/push-booking')`),
  });

  // The queue's write fails (as on a full disk) after the stay was written in the same call.
  core.db.exec(`CREATE TEMP TRIGGER refuse_push BEFORE INSERT ON jobs WHEN NEW.type = 'channel/push-booking' BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END`);
  const refused = await core.invoke('reservations/create', walkIn);
  expect(refused.ok).toBe(false);
  expect(stored()).toEqual({ stays: 0, events: 0, marks: 0, pushes: 0 });

  core.db.exec('DROP TRIGGER refuse_push');
  const made = await core.invoke('reservations/create', walkIn);
  expect(made.ok).toBe(true);
  expect(stored()).toEqual({ stays: 1, events: 2, marks: 2, pushes: 2 });
});
