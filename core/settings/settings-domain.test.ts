import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CallName, CallOutcome } from '../../shared/contract.js';
import { createCore, type Core } from '../core.js';
import { silentLogger } from '../logger.js';
import { newJob } from '../queue/job-kind.js';
import { HOTEL_DETAILS } from '../hotel/hotel-jobs.js';
import { RATE_IMPORT, RATE_IMPORT_KEY } from '../rates/rate-jobs.js';
import { okChecked } from '../testing/contract-call.js';
import { makeTempDir } from '../testing/temp-dir.js';
import { memoryVault, type SecretVault } from './secret-vault.js';

// A core that is never started: the settings calls alone, on a real database file.
let dir: ReturnType<typeof makeTempDir>;
let vault: SecretVault;
let core: Core;

beforeEach(() => {
  dir = makeTempDir();
  vault = memoryVault();
  core = createCore({ dataDir: dir.path, logger: silentLogger, vault });
});
afterEach(async () => {
  await core.stop();
  dir.remove();
});

const call = <K extends CallName>(name: K, args: unknown) => core.invoke(name, args) as Promise<CallOutcome<K>>;

describe('settings/get', () => {
  it('starts every system in demo mode at the vendor address, with default schedules and no welcome seen', async () => {
    const settings = await okChecked(core, 'settings/get', {});
    expect(settings.property).toEqual({ hotelName: null, timeZone: 'UTC', currency: null, weekendNights: ['fri', 'sat'], cloudbedsPropertyId: null });
    expect(settings.connections.map((c) => [c.system, c.mode, c.credentials.set])).toEqual([
      ['cloudbeds', 'demo', false],
      ['beds24', 'demo', false],
      ['stays', 'demo', false],
      ['maidcentral', 'demo', false],
      ['seam', 'demo', false],
    ]);
    expect(settings.connections[0]!.baseURL).toBe('https://api.cloudbeds.com/api/v1.3');
    expect(settings.schedules).toEqual({ reconciliation: '30m', housekeeping: '1h', beds24Polling: '5m' });
    expect(settings.welcomed).toBe(false);
    expect(settings.demo).toBe(true);
  });

  it('keeps the host time zone of a first start, and the stored one afterwards', async () => {
    await core.stop();
    core = createCore({ dataDir: dir.path, logger: silentLogger, vault, timeZone: 'Europe/Lisbon' });
    expect((await okChecked(core, 'settings/get', {})).property.timeZone).toBe('UTC');
    await core.stop();
    dir.remove();
    dir = makeTempDir();
    core = createCore({ dataDir: dir.path, logger: silentLogger, vault, timeZone: 'Europe/Lisbon' });
    expect((await okChecked(core, 'settings/get', {})).property.timeZone).toBe('Europe/Lisbon');
  });
});

describe('settings/update', () => {
  it('changes only what it is given, and tells settings/changed', async () => {
    const told: unknown[] = [];
    core.events.on('settings/changed', (settings) => told.push(settings));
    const settings = await okChecked(core, 'settings/update', {
      property: { hotelName: 'Casa Azul', timeZone: 'Pacific/Auckland', weekendNights: ['sat'] },
      schedules: { housekeeping: '*/20 * * * *' },
      notifications: { kinds: { success: false }, osNotifications: false },
      welcomed: true,
    });
    expect(settings.property).toMatchObject({ hotelName: 'Casa Azul', timeZone: 'Pacific/Auckland', weekendNights: ['sat'], currency: null });
    expect(settings.schedules).toEqual({ reconciliation: '30m', housekeeping: '*/20 * * * *', beds24Polling: '5m' });
    expect(settings.notifications).toEqual({ kinds: { error: true, success: false, info: true }, osNotifications: false });
    expect(settings.welcomed).toBe(true);
    expect(core.calendar.timeZone).toBe('Pacific/Auckland');
    expect(told).toHaveLength(1);
  });

  const refusals: [string, unknown, string][] = [
    ['an unknown field', { property: { stars: 5 } }, 'property.stars'],
    ['an unknown system', { connections: { booking: { mode: 'live' } } }, 'connections.booking'],
    ['a zone that does not exist', { property: { timeZone: 'Mars/Olympus' } }, 'property.timeZone'],
    ['a currency that is not ISO 4217', { property: { currency: 'euro' } }, 'property.currency'],
    ['a plain-http address beyond this machine', { connections: { seam: { baseURL: 'http://seam.example.com' } } }, 'connections.seam.baseURL'],
    ['a cron pattern croner cannot read', { schedules: { housekeeping: '61 * * * *' } }, 'schedules.housekeeping'],
    ['an interval that does not divide the hour', { schedules: { reconciliation: '7m' } }, 'schedules.reconciliation'],
  ];
  it.each(refusals)('refuses %s, naming the field, and changes nothing', async (_what, args, field) => {
    const before = await okChecked(core, 'settings/get', {});
    // The good part of the same call must not be kept either.
    const outcome = await call('settings/update', { ...(args as object), welcomed: true });
    expect(outcome.ok).toBe(false);
    if (!outcome.ok) {
      expect(outcome.error.field).toBe(field);
      expect(outcome.error.message).toContain(field);
    }
    expect(await okChecked(core, 'settings/get', {})).toEqual(before);
  });

  it('turning a system\'s sync off pauses its lane, and on resumes it', async () => {
    await okChecked(core, 'settings/update', { connections: { seam: { syncEnabled: false } } });
    expect(core.queue.status().lanes.find((lane) => lane.lane === 'seam')!.state).toBe('paused');
    const settings = await okChecked(core, 'settings/update', { connections: { seam: { syncEnabled: true } } });
    expect(settings.connections.find((c) => c.system === 'seam')!.syncEnabled).toBe(true);
    expect(core.queue.status().lanes.find((lane) => lane.lane === 'seam')!.state).not.toBe('paused');
  });
});

describe('switching a system from demo to live', () => {
  it('discards its queued demo jobs with a reason, and keeps the mirror unless told to clear it', async () => {
    const [queued] = core.queue.enqueue(newJob(HOTEL_DETAILS, { requestedBy: 'schedule' }));
    core.db
      .prepare("INSERT INTO reservations (source, source_id, status, guest_name, arrival, departure, content_hash, created_at, updated_at) VALUES ('cloudbeds', 'R1', 'confirmed', 'Demo Guest', '2030-01-01', '2030-01-02', 'h', 0, 0)")
      .run();
    await okChecked(core, 'settings/update', { connections: { cloudbeds: { mode: 'live' } } });
    const job = await okChecked(core, 'jobs/get', { id: queued!.id });
    expect(job.status).toBe('cancelled');
    expect(job.discardReason).toMatch(/simulated hotel/);
    expect(core.db.prepare("SELECT COUNT(*) AS n FROM reservations WHERE source = 'cloudbeds'").get()).toEqual({ n: 1 });
    expect(core.queue.status().lanes.find((lane) => lane.lane === 'cloudbeds')!.connection).toBe(null);

    await okChecked(core, 'settings/update', { connections: { cloudbeds: { mode: 'demo' } } });
    core.db.exec(`INSERT INTO room_types (id, name, short_name, rate_id, differential_kind, differential_value, sort_order) VALUES (11, 'Standard', 'STD', 911, 'amount', 0, 0)`);
    core.queue.enqueue(newJob(RATE_IMPORT, {}, { idempotencyKey: RATE_IMPORT_KEY }));
    await okChecked(core, 'settings/update', { connections: { cloudbeds: { mode: 'live', clearDemoData: true } } });
    expect(core.db.prepare("SELECT COUNT(*) AS n FROM reservations WHERE source = 'cloudbeds'").get()).toEqual({ n: 0 });
    // The simulator's room types and rate ids go too, and the live Cloudbeds will be imported afresh.
    expect(core.db.prepare('SELECT COUNT(*) AS n FROM room_types').get()).toEqual({ n: 0 });
    expect(core.queue.enqueue(newJob(RATE_IMPORT, {}, { idempotencyKey: RATE_IMPORT_KEY }))[0]!.created).toBe(true);
  });
});

describe('connection secrets', () => {
  const SECRETS = ['cbat_live_secret_key_4711', 'seam_live_secret_0815', 'staysclient-secret-99'];

  it('are write-only: settings/get says they are set, never what they are, and the database file holds none', async () => {
    await okChecked(core, 'connections/set-credentials', { system: 'cloudbeds', credentials: { kind: 'api-key', apiKey: SECRETS[0] } });
    await okChecked(core, 'connections/set-credentials', { system: 'seam', credentials: { apiKey: SECRETS[1] } });
    const settings = await okChecked(core, 'connections/set-credentials', {
      system: 'stays',
      credentials: { clientId: 'hotel-client', clientSecret: SECRETS[2] },
    });
    await okChecked(core, 'settings/update', { connections: { cloudbeds: { mode: 'live' }, seam: { mode: 'live' } } });
    const text = JSON.stringify([settings, await okChecked(core, 'settings/get', {})]);
    for (const secret of SECRETS) expect(text).not.toContain(secret);
    expect(settings.connections.find((c) => c.system === 'cloudbeds')!.credentials).toEqual({ set: true, kind: 'api-key' });
    expect(settings.connections.find((c) => c.system === 'stays')!.credentials).toEqual({ set: true, kind: 'client' });
    expect(JSON.parse(vault.get('connection:seam')!)).toEqual({ apiKey: SECRETS[1] });
    // Every file of the database (main, WAL, shared memory), byte for byte.
    core.db.pragma('wal_checkpoint(FULL)');
    for (const file of readdirSync(dir.path).filter((name) => name.startsWith('sentinel.db'))) {
      const bytes = readFileSync(join(dir.path, file)).toString('latin1');
      for (const secret of SECRETS) expect(bytes.includes(secret), `${secret} in ${file}`).toBe(false);
    }
  });

  it('cleared, leave a live system not connected', async () => {
    await okChecked(core, 'connections/set-credentials', { system: 'seam', credentials: { apiKey: SECRETS[1] } });
    await okChecked(core, 'settings/update', { connections: { seam: { mode: 'live' } } });
    expect(core.connectors.seam).not.toBeNull();
    const settings = await okChecked(core, 'connections/clear-credentials', { system: 'seam' });
    expect(settings.connections.find((c) => c.system === 'seam')!.credentials).toEqual({ set: false, kind: null });
    expect(core.connectors.seam).toBeNull();
    expect(vault.get('connection:seam')).toBeUndefined();
  });
});

describe('connections/test', () => {
  it('says plainly when a live system cannot be reached, with the connector\'s words under details', async () => {
    await okChecked(core, 'connections/set-credentials', { system: 'seam', credentials: { apiKey: 'seam_live_secret_0815' } });
    // Port 9 (discard) on this machine: nothing listens, the connection is refused at once.
    await okChecked(core, 'settings/update', { connections: { seam: { mode: 'live', baseURL: 'http://127.0.0.1:9' } } });
    const test = await okChecked(core, 'connections/test', { system: 'seam' });
    expect(test).toMatchObject({ system: 'seam', ok: false, message: expect.stringMatching(/Seam could not be reached\. Check the address/) });
    expect(test.details).toBeTruthy();
    expect((await okChecked(core, 'settings/get', {})).connections.find((c) => c.system === 'seam')!.lastTest).toMatchObject({ ok: false });
  });

  it('says a live system without credentials has none yet', async () => {
    await okChecked(core, 'settings/update', { connections: { stays: { mode: 'live' } } });
    expect(await okChecked(core, 'connections/test', { system: 'stays' })).toMatchObject({ ok: false, message: expect.stringMatching(/no credentials yet/) });
  });
});

// Settings' channelWebhook (migration 0015) and its write-only secret.
const WEBHOOK_SECRET = 'webhook-secret-never-shown-0123456789';

describe('the webhook listener setting', () => {
  it('is off, with no port and no secret, until a person turns it on', async () => {
    expect((await okChecked(core, 'settings/get', {})).channelWebhook).toEqual({
      enabled: false,
      port: null,
      secret: { saved: false, fromHost: false },
      listener: { state: 'off', message: 'Not listening' },
    });
  });

  it('keeps the choice across a restart', async () => {
    await okChecked(core, 'settings/update', { channelWebhook: { enabled: true, port: 8123 } });
    await core.stop();
    core = createCore({ dataDir: dir.path, logger: silentLogger, vault });
    expect((await okChecked(core, 'settings/get', {})).channelWebhook).toMatchObject({ enabled: true, port: 8123 });
    expect(core.settings.webhookListener.choice()).toEqual({ enabled: true, port: 8123 });
  });

  it('refuses a port outside 1024–65535, or enabling without one, naming the field and changing nothing', async () => {
    await okChecked(core, 'settings/update', { channelWebhook: { port: 9000 } });
    for (const [change, field] of [
      [{ enabled: true, port: 80 }, 'channelWebhook.port'],
      [{ port: 65536 }, 'channelWebhook.port'],
      [{ port: 8123.5 }, 'channelWebhook.port'],
      [{ port: '8123' }, 'channelWebhook.port'],
      [{ enabled: true, port: null }, 'channelWebhook.port'],
      [{ enabled: 'yes' }, 'channelWebhook.enabled'],
    ] as const) {
      const outcome = await call('settings/update', { notifications: { osNotifications: false }, channelWebhook: change });
      expect(outcome, JSON.stringify(change)).toMatchObject({ ok: false, error: { code: 'invalid_argument', field } });
    }
    const settings = await okChecked(core, 'settings/get', {});
    expect(settings.channelWebhook).toMatchObject({ enabled: false, port: 9000 });
    expect(settings.notifications.osNotifications).toBe(true);
  });

  it('keeps the secret in the vault and only says that it is set; null forgets it', async () => {
    const after = await okChecked(core, 'settings/set-webhook-secret', { secret: WEBHOOK_SECRET });
    expect(after.channelWebhook.secret).toEqual({ saved: true, fromHost: false });
    expect(JSON.stringify(after)).not.toContain(WEBHOOK_SECRET);
    expect(JSON.stringify(await okChecked(core, 'settings/get', {}))).not.toContain(WEBHOOK_SECRET);
    expect(JSON.stringify(core.db.prepare('SELECT * FROM webhook_listener_settings').all())).not.toContain(WEBHOOK_SECRET);
    expect(core.settings.webhookListener.secret()).toBe(WEBHOOK_SECRET);

    expect((await okChecked(core, 'settings/set-webhook-secret', { secret: null })).channelWebhook.secret).toEqual({ saved: false, fromHost: false });
    expect(core.settings.webhookListener.secret()).toBeNull();
  });

  it('refuses a secret shorter than 16 characters, keeping the one saved', async () => {
    await okChecked(core, 'settings/set-webhook-secret', { secret: WEBHOOK_SECRET });
    expect(await call('settings/set-webhook-secret', { secret: 'short' })).toMatchObject({ ok: false, error: { code: 'invalid_argument', field: 'secret' } });
    expect(core.settings.webhookListener.secret()).toBe(WEBHOOK_SECRET);
  });

  it("says the host's own secret is used when the host gave one", async () => {
    await core.stop();
    core = createCore({ dataDir: dir.path, logger: silentLogger, vault, channel: { webhookSecret: 'the-hosts-own-secret-0123456789' } });
    await okChecked(core, 'settings/set-webhook-secret', { secret: WEBHOOK_SECRET });
    expect((await okChecked(core, 'settings/get', {})).channelWebhook.secret).toEqual({ saved: true, fromHost: true });
  });
});
