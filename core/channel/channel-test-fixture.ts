import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startDemo, type Demo } from '../../demo/demo.js';
import { handleBeds24Webhook } from '../../headless/webhook-route.js';
import { createControlClient, type ControlClient } from '../../sandbox/control-client.js';
import type { CallName, CallOutcome, CallResult } from '../../shared/contract.js';
import { createCore, type Core } from '../core.js';
import { integrationLanes } from '../integrations/lanes.js';
import { silentLogger } from '../logger.js';
import { callChecked, okChecked } from '../testing/contract-call.js';
import { makeTempDir } from '../testing/temp-dir.js';
import { untilEvent } from '../testing/until-event.js';

export const WEBHOOK_SECRET = 'test-webhook-secret-0123456789abcdef';

export interface CalendarRequest {
  at: number;
  body: { roomId: number; calendar: { from: string; to: string; numAvail?: number; price1?: number }[] }[];
}

export interface ChannelFixture {
  core: Core;
  demo: Demo;
  control: ControlClient;
  /** Where the core's webhook receiver listens (`POST /webhooks/beds24`, as on the headless host). */
  webhookUrl: string;
  call<K extends CallName>(name: K, args: unknown): Promise<CallOutcome<K>>;
  ok<K extends CallName>(name: K, args: unknown): Promise<CallResult<K>>;
  /** Waits until no channel job is queued to run now or running. */
  settled(): Promise<void>;
  count(sql: string, ...params: unknown[]): number;
  calendarRequests(): Promise<CalendarRequest[]>;
  dispose(): Promise<void>;
}

/**
 * A started core in demo mode (the real sandbox over loopback), its Beds24 webhook receiver on
 * a loopback port, the room mappings imported; polls on demand only, availability sent without
 * waiting for more changes unless asked. Lanes start without their
 * quiet window (a fresh sandbox has counted no request of an earlier run).
 */
export async function startChannelCore(options: { webhooks?: boolean; availabilityDelayMs?: number } = {}): Promise<ChannelFixture> {
  const dir = makeTempDir();
  const demo = await startDemo();
  const core = createCore({
    dataDir: dir.path,
    logger: silentLogger,
    stopGraceMs: 200,
    connections: demo.connections,
    lanes: integrationLanes(demo.connections).map((lane) => ({ ...lane, quietAtStartMs: 0 })),
    reconciliation: { cron: null },
    hotelDetailsCron: null,
    channel: { pollCron: null, webhookSecret: WEBHOOK_SECRET, availabilityDelayMs: options.availabilityDelayMs ?? 0 },
  });
  const server: Server = createServer((req, res) => void handleBeds24Webhook(req, res, core.channel.receiveBeds24Webhook));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const webhookUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks/beds24`;
  await core.start();
  const control = createControlClient(demo.sandbox.url, demo.sandbox.controlToken);
  if (options.webhooks ?? true) await control.beds24Webhooks({ url: webhookUrl, secret: WEBHOOK_SECRET });
  const busy = core.db.prepare(`SELECT COUNT(*) FROM jobs WHERE type LIKE 'channel/%' AND (status = 'sending' OR (status = 'queued' AND run_at <= ?))`).pluck();
  const settled = () => untilEvent(core, 'channel jobs to settle', () => busy.get(Date.now()) === 0, 20_000).then(() => undefined);
  // The first look maps the rooms.
  await okChecked(core, 'mappings/list', {});
  await untilEvent(core, 'the room import', () => (core.db.prepare(`SELECT COUNT(*) FROM room_type_mappings WHERE beds24_room_id IS NOT NULL`).pluck().get() as number) > 0);
  await settled();
  return {
    core,
    demo,
    control,
    webhookUrl,
    call: (name, args) => callChecked(core, name, args),
    ok: (name, args) => okChecked(core, name, args),
    settled,
    count: (sql, ...params) => core.db.prepare(sql).pluck().get(...params) as number,
    calendarRequests: async () => (await control.state<{ calendarRequests: CalendarRequest[] }>('beds24')).calendarRequests,
    async dispose() {
      await core.stop();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await demo.close();
      dir.remove();
    },
  };
}
