import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createFileLogger } from '../logging/file-logger.js';
import { DEMO_CREDENTIALS } from '../../sandbox/demo-credentials.js';
import { startSandbox, type Sandbox } from '../../sandbox/server.js';
import { day, startRatesCore, until, type RatesFixture } from '../rates/rates-test-fixture.js';

// The app in demo mode, then Cloudbeds switched to live against a second simulator on another
// port standing in for the vendor: what reaches it must come from the live settings alone.
let vendor: Sandbox;
let fixture: RatesFixture;
beforeAll(async () => {
  vendor = await startSandbox({ port: 0 });
});
afterAll(() => vendor.close());
beforeEach(async () => {
  fixture = await startRatesCore();
});
afterEach(() => fixture.dispose());

async function goLive(apiKey: string): Promise<void> {
  await fixture.ok('connections/set-credentials', { system: 'cloudbeds', credentials: { kind: 'api-key', apiKey } });
  await fixture.ok('settings/update', { connections: { cloudbeds: { mode: 'live', baseURL: vendor.baseUrls.cloudbeds } } });
}
const lane = () => fixture.core.queue.status().lanes.find((candidate) => candidate.lane === 'cloudbeds')!;

describe('Cloudbeds in live mode', () => {
  it('tests the connection and pushes rates to the live address with the stored key, not to the simulator', async () => {
    await goLive(DEMO_CREDENTIALS.cloudbeds.apiKey);
    const test = await fixture.ok('connections/test', { system: 'cloudbeds' });
    expect(test).toMatchObject({ ok: true, details: null });
    expect(test.message).toContain(vendor.hotel().name);
    expect(lane().connection).toBe('live');

    const [roomTypeId] = await fixture.roomTypeIds();
    const submitted = await fixture.ok('rates/submit', { changes: [{ roomTypeId: roomTypeId!, date: day(3), rate: 123.45 }] });
    await until(fixture.core, 'the cell synced and its push done', async () =>
      (await fixture.cell(roomTypeId!, day(3))).state === 'synced' && (await fixture.ok('jobs/get', { id: submitted.jobIds[0]! })).status === 'done' ? true : undefined,
    );
    const rateId = [...vendor.hotel().rates.keys()][0]!;
    expect(vendor.hotel().rates.get(rateId)!.get(day(3))).toBe(123.45);
    expect(fixture.sandbox.hotel().rates.get(rateId)!.get(day(3))).not.toBe(123.45);
    const settings = await fixture.ok('settings/get', {});
    expect(settings.connections[0]).toMatchObject({ mode: 'live', lastTest: { ok: true } });
    expect(settings.demo).toBe(true);
  });

  it('with a wrong key, Test connection shows the remote message and the lane needs sign-in without spending attempts', async () => {
    await goLive('cbat_not_the_right_key');
    const test = await fixture.ok('connections/test', { system: 'cloudbeds' });
    expect(test.ok).toBe(false);
    expect(test.message).toMatch(/Cloudbeds refused the credentials.*Enter them again/);
    expect(test.details).toMatch(/Cloudbeds/);
    expect(test.details).not.toContain('cbat_not_the_right_key');

    const [roomTypeId] = await fixture.roomTypeIds();
    const submitted = await fixture.ok('rates/submit', { changes: [{ roomTypeId: roomTypeId!, date: day(4), rate: 111 }] });
    const job = await until(fixture.core, 'the lane needing sign-in and the push back in the queue', async () => {
      const pushed = await fixture.ok('jobs/get', { id: submitted.jobIds[0]! });
      return lane().state === 'needs_sign_in' && pushed.status === 'queued' ? pushed : undefined;
    });
    expect(job.attempts).toBe(0);

    // The right key clears it, and the waiting job goes out.
    await fixture.ok('connections/set-credentials', { system: 'cloudbeds', credentials: { kind: 'api-key', apiKey: DEMO_CREDENTIALS.cloudbeds.apiKey } });
    await until(fixture.core, 'the cell synced', async () => ((await fixture.cell(roomTypeId!, day(4))).state === 'synced' ? true : undefined));
  });

  it('never writes a secret to the log, a job, an error or the database file', async () => {
    // A core of its own, logging everything to a file.
    await fixture.dispose();
    const secret = 'cbat_live_secret_never_shown_4711';
    const logDir = join(fixture.dir.path, 'logs');
    fixture = await startRatesCore({ logger: createFileLogger({ dir: logDir, level: 'debug', echo: false }) });
    await goLive(secret);
    const test = await fixture.ok('connections/test', { system: 'cloudbeds' });
    const [roomTypeId] = await fixture.roomTypeIds();
    const submitted = await fixture.ok('rates/submit', { changes: [{ roomTypeId: roomTypeId!, date: day(5), rate: 101 }] });
    await until(fixture.core, 'the push refused for sign-in', async () => (lane().state === 'needs_sign_in' ? true : undefined));
    const seen = [
      JSON.stringify(test),
      JSON.stringify(await fixture.ok('settings/get', {})),
      JSON.stringify(await fixture.ok('jobs/list', {})),
      JSON.stringify(await fixture.ok('jobs/get', { id: submitted.jobIds[0]! })),
      JSON.stringify(fixture.core.queue.status()),
      ...readdirSync(logDir).map((file) => readFileSync(join(logDir, file), 'utf8')),
    ];
    fixture.core.db.pragma('wal_checkpoint(FULL)');
    for (const file of readdirSync(fixture.dir.path).filter((name) => name.startsWith('sentinel.db'))) seen.push(readFileSync(join(fixture.dir.path, file)).toString('latin1'));
    expect(seen.join('\n')).toContain('Cloudbeds');
    for (const text of seen) expect(text).not.toContain(secret);
  });
});

describe('other kinds of credentials, live', () => {
  it('keeps the refresh token Cloudbeds rotates, so the next start signs in with the one that works', async () => {
    const { clientId, clientSecret, refreshToken } = DEMO_CREDENTIALS.cloudbeds;
    await fixture.ok('connections/set-credentials', { system: 'cloudbeds', credentials: { kind: 'oauth', clientId, clientSecret, refreshToken } });
    await fixture.ok('settings/update', { connections: { cloudbeds: { mode: 'live', baseURL: vendor.baseUrls.cloudbeds } } });
    expect(await fixture.ok('connections/test', { system: 'cloudbeds' })).toMatchObject({ ok: true });
    const stored = await until(fixture.core, 'the rotated token kept', () => {
      const saved = fixture.core.settings.connectionFor('cloudbeds')!.credentials as { refreshToken: string };
      return saved.refreshToken !== refreshToken ? saved : undefined;
    });
    expect(stored.refreshToken).toMatch(/^cbrt_/);
  });

  it('exchanges a Beds24 invite code for a refresh token, keeps only that, and tests the connection', async () => {
    await fixture.ok('settings/update', { connections: { beds24: { baseURL: vendor.baseUrls.beds24 } } });
    const refused = await fixture.call('connections/set-credentials', { system: 'beds24', credentials: { inviteCode: 'not-an-invite' } });
    expect(refused).toMatchObject({ ok: false, error: { field: 'credentials.inviteCode', message: expect.stringMatching(/Beds24 did not accept the invite code/) } });
    const settings = await fixture.ok('connections/set-credentials', { system: 'beds24', credentials: { inviteCode: DEMO_CREDENTIALS.beds24.inviteCode } });
    expect(settings.connections.find((c) => c.system === 'beds24')!.credentials).toEqual({ set: true, kind: 'refresh-token' });
    await fixture.ok('settings/update', { connections: { beds24: { mode: 'live' } } });
    const test = await fixture.ok('connections/test', { system: 'beds24' });
    expect(test).toMatchObject({ ok: true, message: expect.stringMatching(/^Connected: 1 property/) });
  });
});
