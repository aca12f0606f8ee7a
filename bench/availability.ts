/**
 * Availability push (SPEC §5.4, §8): 500 channel bookings arrive at once (Beds24's webhooks to a
 * started core in demo mode); each is applied to the mirror and Cloudbeds, and every night it
 * touches is marked. Measured: the calendar requests that reach Beds24, and the time until every
 * mark is sent, beside the time Beds24's limit (100 credits per 5 minutes) would impose on them
 * and on one request per change. The Cloudbeds lane's limit is raised (core and sandbox) so the
 * 500 postReservations, which are not what is measured, do not take 100 s.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createCore } from '../core/core.js';
import { integrationLanes } from '../core/integrations/lanes.js';
import { silentLogger } from '../core/logger.js';
import { makeTempDir } from '../core/testing/temp-dir.js';
import { untilEvent } from '../core/testing/until-event.js';
import { startDemo } from '../demo/demo.js';
import { handleBeds24Webhook } from '../headless/webhook-route.js';
import { createControlClient } from '../sandbox/control-client.js';
import { addDays } from '../shared/iso-date.js';
import { report, type BenchRow } from './report.js';

const BOOKINGS = 500;
const SECRET = 'bench-webhook-secret-0123456789abcdef';
const BEDS24_WINDOW_MS = 300_000;
const BEDS24_REQUESTS_PER_WINDOW = 100;

/** The shortest time Beds24's limit allows for `requests` requests: whole windows after the first. */
const limitBoundMs = (requests: number) => Math.max(0, Math.ceil(requests / BEDS24_REQUESTS_PER_WINDOW) - 1) * BEDS24_WINDOW_MS;

export async function runAvailabilityBench(): Promise<void> {
  const dir = makeTempDir('sentinel-bench-');
  const demo = await startDemo();
  const lanes = integrationLanes(demo.connections).map((lane) =>
    lane.name === 'cloudbeds' ? { ...lane, quietAtStartMs: 0, concurrency: 4, limit: { requests: 100_000, windowMs: 1_000 } } : { ...lane, quietAtStartMs: 0 },
  );
  const core = createCore({ dataDir: dir.path, logger: silentLogger, connections: demo.connections, lanes, reconciliation: { cron: null }, hotelDetailsCron: null, channel: { pollCron: null, webhookSecret: SECRET } });
  const server = createServer((req, res) => void handleBeds24Webhook(req, res, core.channel.receiveBeds24Webhook));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const control = createControlClient(demo.sandbox.url, demo.sandbox.controlToken);
    await control.limit('cloudbeds', { limit: 100_000, windowMs: 1_000 });
    await core.start();
    const count = (sql: string) => core.db.prepare(sql).pluck().get() as number;
    await core.invoke('mappings/list', {});
    await untilEvent(core, 'the room import', () => count(`SELECT COUNT(*) FROM room_type_mappings WHERE beds24_room_id IS NOT NULL`) > 0, 30_000);
    const rooms = ((await core.invoke('mappings/list', {})) as { ok: true; data: { roomTypes: { beds24RoomId: number | null }[] } }).data.roomTypes
      .map((type) => type.beds24RoomId)
      .filter((id): id is number => id !== null);
    await control.beds24Webhooks({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks/beds24`, secret: SECRET });
    const before = (await control.state<{ calendarRequests: unknown[] }>('beds24')).calendarRequests.length;
    const beds24Before = (await control.counters()).beds24;
    const today = new Date().toISOString().slice(0, 10);

    const started = performance.now();
    for (let i = 0; i < BOOKINGS; i += 1) {
      const arrival = addDays(today, 10 + (i % 60));
      await control.beds24('create', { roomId: rooms[i % rooms.length]!, arrival, departure: addDays(arrival, 1 + (i % 4)), firstName: `Bench${i}`, lastName: 'Guest', numAdult: 1 });
    }
    const delivered = performance.now() - started;
    await untilEvent(core, 'every booking applied', () => count(`SELECT COUNT(*) FROM channel_events WHERE direction = 'inbound' AND status = 'done'`) >= BOOKINGS, 120_000);
    const applied = performance.now() - started;
    const busy = () => count(`SELECT COUNT(*) FROM jobs WHERE type LIKE 'channel/%' AND status IN ('queued', 'sending')`) + count('SELECT COUNT(*) FROM availability_changes');
    await untilEvent(core, 'availability sent', () => busy() === 0, 120_000);
    const drained = performance.now() - started;

    const requests = (await control.state<{ calendarRequests: { body: { calendar: unknown[] }[] }[] }>('beds24')).calendarRequests.slice(before);
    const ranges = requests.reduce((sum, request) => sum + request.body.reduce((n, item) => n + item.calendar.length, 0), 0);
    const beds24 = (await control.counters()).beds24;
    const bookingWrites = (await control.effects({ api: 'beds24', kind: 'booking' })).length;
    const rows: BenchRow[] = [
      { name: `${BOOKINGS} channel bookings: webhooks delivered and stored`, value: delivered, unit: 'ms' },
      { name: 'all applied (mirror + Cloudbeds)', value: applied, unit: 'ms' },
      { name: 'availability drained (every marked night sent)', value: drained, unit: 'ms' },
      { name: 'calendar requests sent to Beds24', value: requests.length, unit: 'requests', target: `< ${BOOKINGS}`, met: requests.length < BOOKINGS },
      { name: 'date ranges they carried (consecutive equal nights merged)', value: ranges, unit: 'ranges' },
      { name: 'Beds24 requests over its limit', value: beds24.overLimit - beds24Before.overLimit, unit: 'requests', target: '= 0', met: beds24.overLimit === beds24Before.overLimit },
      { name: 'limit-bound time for the requests sent (100 per 5 min)', value: limitBoundMs(requests.length), unit: 'ms' },
      { name: 'limit-bound time for one request per change', value: limitBoundMs(BOOKINGS), unit: 'ms' },
      { name: 'booking writes back to Beds24 (channel bookings are never echoed)', value: bookingWrites, unit: 'writes', target: '= 0', met: bookingWrites === 0 },
    ];
    report('availability', rows);
  } finally {
    await core.stop();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await demo.close();
    dir.remove();
  }
}
