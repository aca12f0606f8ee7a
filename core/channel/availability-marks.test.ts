import { afterAll, afterEach, expect, it } from 'vitest';
import { createCore, type Core } from '../core.js';
import { silentLogger } from '../logger.js';
import { makeTempDir } from '../testing/temp-dir.js';

// Nights are marked in the transaction that changes them, and the push queued just after: a stop
// between the two (a crash) must not leave them unsent. Cores here are never started: what they
// queue is read from SQLite.
const dir = makeTempDir();
const cores: Core[] = [];
afterEach(async () => {
  await Promise.all(cores.splice(0).map((core) => core.stop()));
});
afterAll(() => dir.remove());

const opened = () => {
  const core = createCore({ dataDir: dir.path, logger: silentLogger });
  cores.push(core);
  return core;
};
const availabilityPushes = (core: Core) => core.db.prepare(`SELECT COUNT(*) FROM jobs WHERE type = 'channel/push-availability' AND status = 'queued'`).pluck().get();

it('queues at start the push of nights marked before a stop, once, and none when nothing is marked', async () => {
  const first = opened();
  expect(availabilityPushes(first)).toBe(0);
  first.db.prepare('INSERT INTO availability_changes (room_type_id, night, seq) VALUES (?, ?, 1)').run(7, '2027-01-05');
  await first.stop();
  cores.splice(0);

  const second = opened();
  expect(availabilityPushes(second)).toBe(1);
  await second.stop();
  cores.splice(0);
  // Already queued: the next start adds none.
  expect(availabilityPushes(opened())).toBe(1);
});
