import { describe, expect, it } from 'vitest';
import { SEAM_PROGRAMMING_MS } from '../../../sandbox/apis/seam-access-codes.js';
import { useSandbox } from '../../../sandbox/testing.js';
import { DEMO_CREDENTIALS } from '../../../sandbox/demo-credentials.js';
import { ManualClock } from '../../testing/manual-clock.js';
import { failureOf } from '../../testing/remote-failure.js';
import { createSeamConnector, type CreateAccessCodeInput } from './seam.js';

/** The sandbox's time: a lock finishes programming when a test moves it, never on its own. */
const clock = new ManualClock();
const env = useSandbox({ clock });
/** The lock has done its pending work (set the code, or removed it). */
const lockDone = () => clock.advance(SEAM_PROGRAMMING_MS);

const counters = async () => (await env.control.counters()).seam;
const effects = (kind: string) => env.control.effects({ api: 'seam', kind });

const connector = (apiKey: string = DEMO_CREDENTIALS.seam.apiKey, timeoutMs?: number) =>
  createSeamConnector({ baseURL: env.sandbox.baseUrls.seam, credentials: { apiKey }, ...(timeoutMs ? { timeoutMs } : {}) });

const hours = (n: number) => new Date(clock.now() + n * 3_600_000).toISOString();
const lock = (index = 0) => env.sandbox.hotel().locks[index]!.deviceId;
const stay = (overrides: Partial<CreateAccessCodeInput> = {}): CreateAccessCodeInput => ({
  deviceId: lock(),
  name: 'Guest Silva · job 1842',
  startsAt: hours(1),
  endsAt: hours(49),
  ...overrides,
});
const quickly = { intervalMs: 20, timeoutMs: 3000 };

describe('the Seam connector', () => {
  it('creates a PIN that is setting, then set once the lock has it', async () => {
    const seam = connector();
    const input = stay();
    const created = await seam.createAccessCode(input);

    expect(created.httpStatus).toBe(200);
    expect(created.requestId).toMatch(/\S/);
    expect(created.data.accessCode).toMatchObject({
      deviceId: input.deviceId,
      name: input.name,
      type: 'time_bound',
      status: 'setting',
      startsAt: input.startsAt,
      endsAt: input.endsAt,
    });
    expect(created.data.accessCode.code).toMatch(/^\d{6}$/);
    expect(created.data.accessCode.pendingMutations).toEqual(['creating']);
    expect(created.data.actionAttempt).toMatchObject({ actionType: 'CREATE_ACCESS_CODE', status: 'pending', error: null });

    // The connector polls while the code is setting; the lock finishes while it waits.
    const waiting = seam.waitUntilSet(created.data.accessCode.accessCodeId, quickly);
    await lockDone();
    const set = await waiting;

    expect(set.data).toMatchObject({ accessCodeId: created.data.accessCode.accessCodeId, status: 'set', pendingMutations: [] });
    expect(await effects('access_code')).toMatchObject([{ key: `${input.deviceId}|${input.name}|${input.startsAt}|${input.endsAt}` }]);
    expect((await seam.getActionAttempt(created.data.actionAttempt.actionAttemptId)).data.status).toBe('success');
  });

  it('takes a create repeated with the same device, name and times as the same code, counted once', async () => {
    const seam = connector();
    const input = stay({ code: '482913' });
    const first = await seam.createAccessCode(input);
    const again = await seam.createAccessCode(input);
    const otherStay = await seam.createAccessCode({ ...input, code: '482914', name: 'Guest Silva · job 1843' });

    expect(again.data.accessCode.accessCodeId).toBe(first.data.accessCode.accessCodeId);
    expect(again.data.actionAttempt.actionAttemptId).toBe(first.data.actionAttempt.actionAttemptId);
    expect(otherStay.data.accessCode.accessCodeId).not.toBe(first.data.accessCode.accessCodeId);
    expect(await counters()).toMatchObject({ effects: 2, duplicates: 1 });
  });

  it('moves a stay’s end: the lock is reprogrammed and the new time frame is set', async () => {
    const seam = connector();
    const created = await seam.createAccessCode(stay());
    const id = created.data.accessCode.accessCodeId;
    await lockDone();
    await seam.waitUntilSet(id, quickly);

    const later = hours(73);
    const updated = await seam.updateAccessCode({ accessCodeId: id, endsAt: later });
    const during = await seam.getAccessCode(id);
    await lockDone();
    const after = await seam.waitUntilSet(id, quickly);

    expect(updated.data).toMatchObject({ actionType: 'UPDATE_ACCESS_CODE', status: 'pending' });
    expect(during.data).toMatchObject({ status: 'setting', pendingMutations: ['updating_time_frame'] });
    expect(after.data).toMatchObject({ status: 'set', endsAt: later, startsAt: created.data.accessCode.startsAt });
    expect(await effects('access_code_update')).toHaveLength(1);
  });

  it('removes a PIN: removing, then gone; a repeated delete is a duplicate, not a second effect', async () => {
    const seam = connector();
    const id = (await seam.createAccessCode(stay())).data.accessCode.accessCodeId;

    const deleted = await seam.deleteAccessCode(id);
    expect(deleted.data).toMatchObject({ actionType: 'DELETE_ACCESS_CODE', status: 'pending' });
    expect((await seam.getAccessCode(id)).data.status).toBe('removing');
    expect(await failureOf(seam.waitUntilSet(id, quickly))).toMatchObject({ kind: 'validation' });
    await lockDone();

    const gone = await failureOf(seam.getAccessCode(id));
    expect(gone).toMatchObject({ kind: 'validation', httpStatus: 404, message: 'Seam answered 404: Access code not found (access_code_not_found)' });
    const again = await seam.deleteAccessCode(id);
    expect(again.data.actionAttemptId).toBe(deleted.data.actionAttemptId);
    expect(await effects('access_code_delete')).toHaveLength(1);
    expect((await counters()).duplicates).toBe(1);
  });

  it('lists the locks with the room each opens, and the codes on one lock', async () => {
    const seam = connector();
    const devices = await seam.listDevices();
    const hotel = env.sandbox.hotel();
    expect(devices).toHaveLength(hotel.locks.length);
    expect(devices[0]).toEqual({
      deviceId: lock(0),
      name: 'Room 101 door',
      customMetadata: { room_id: hotel.rooms[0]!.id, stays_listing_id: expect.stringMatching(/^[0-9a-f]{24}$/) },
    });
    const made = await seam.createAccessCode(stay());
    await seam.createAccessCode(stay({ deviceId: lock(1), name: 'Another room' }));
    const codes = await seam.listAccessCodes(lock(0));
    expect(codes.map((code) => [code.accessCodeId, code.name])).toEqual([[made.data.accessCode.accessCodeId, stay().name]]);
    expect(await failureOf(seam.listAccessCodes(''))).toMatchObject({ kind: 'validation', field: 'deviceId' });
  });

  it('stops waiting with a server error past its timeout, or when told to stop', async () => {
    const seam = connector();
    const id = (await seam.createAccessCode(stay())).data.accessCode.accessCodeId;

    const late = await failureOf(seam.waitUntilSet(id, { intervalMs: 10, timeoutMs: 30 }));
    expect(late).toMatchObject({ kind: 'server' });
    expect(late.message).toContain('still "setting"');

    const controller = new AbortController();
    setTimeout(() => controller.abort(), 20);
    const stopped = await failureOf(seam.waitUntilSet(id, { intervalMs: 1000, timeoutMs: 5000, signal: controller.signal }));
    expect(stopped).toMatchObject({ kind: 'server', message: `Stopped waiting for Seam access code ${id} to be set` });
  });

  it.each([
    ['a start that is not ISO 8601', { startsAt: '2026-11-25 15:00' }, 'startsAt'],
    ['a start without a zone', { startsAt: '2026-11-25T15:00:00' }, 'startsAt'],
    ['an end that is not a date', { endsAt: 'next tuesday' }, 'endsAt'],
    ['an end before the start', { startsAt: hours(5), endsAt: hours(4) }, 'endsAt'],
    ['an end equal to the start', { startsAt: hours(5), endsAt: hours(5) }, 'endsAt'],
    ['a PIN with letters', { code: '12ab' }, 'code'],
    ['no device', { deviceId: '' }, 'deviceId'],
  ])('refuses %s before sending', async (_what, overrides, field) => {
    const error = await failureOf(connector().createAccessCode(stay(overrides)));
    expect(error).toMatchObject({ kind: 'validation', field });
    expect((await counters()).requests).toBe(0);
  });

  it('refuses an update that changes nothing, or ends before it starts, before sending', async () => {
    const seam = connector();
    expect(await failureOf(seam.updateAccessCode({ accessCodeId: '9b1f0c1e-4a57-4a3e-9d0e-1c2b3a4d5e6f' }))).toMatchObject({ kind: 'validation' });
    expect(await failureOf(seam.updateAccessCode({ accessCodeId: 'x', startsAt: hours(9), endsAt: hours(8) }))).toMatchObject({ kind: 'validation', field: 'endsAt' });
    expect((await counters()).requests).toBe(0);
  });

  it.each([
    ['a start in the past', { startsAt: hours(-2) }, 400, 'starts_at', 'starts_at must be in the future (invalid_input)'],
    ['a PIN longer than the lock takes', { code: '1234567890' }, 400, 'code', 'This device supports codes of 4 to 8 digits (invalid_input)'],
    ['a device id that is not a UUID', { deviceId: 'lock-101' }, 400, 'device_id', 'device_id must be a UUID (invalid_input)'],
    ['an unknown device', { deviceId: '5ea1d0c0-0000-4000-8000-000000009999' }, 404, undefined, 'Device not found (device_not_found)'],
  ])('reports %s as a validation error with Seam’s message', async (_what, overrides, status, field, message) => {
    const error = await failureOf(connector().createAccessCode(stay(overrides)));
    expect(error).toMatchObject({ kind: 'validation', httpStatus: status, field, message: `Seam answered ${status}: ${message}` });
    expect(error.requestId).toMatch(/\S/);
    expect((await counters()).effects).toBe(0);
  });

  it('reports a rejected value with the field it was in', async () => {
    await env.control.faults('seam', { rejectValues: ['Guest Silva · job 1842'] });
    const error = await failureOf(connector().createAccessCode(stay()));
    expect(error).toMatchObject({ kind: 'validation', httpStatus: 400, field: 'name' });
  });

  it('calls a dropped connection a network error and a slow answer a server error', async () => {
    await env.control.faults('seam', { outage: true });
    expect(await failureOf(connector().createAccessCode(stay()))).toMatchObject({ kind: 'network' });
    await env.control.faults('seam', { outage: false, latencyMs: 300 });
    expect(await failureOf(connector(DEMO_CREDENTIALS.seam.apiKey, 50).getAccessCode('9b1f0c1e-4a57-4a3e-9d0e-1c2b3a4d5e6f'))).toMatchObject({ kind: 'server' });
  });

  it('reports a 429 as rate limited with its retry-after, and a 5xx as a server error', async () => {
    await env.control.faults('seam', { burst429: { count: 1, retryAfterSeconds: 3 } });
    expect(await failureOf(connector().createAccessCode(stay()))).toMatchObject({ kind: 'rate_limited', httpStatus: 429, retryAfterMs: 3000 });
    await env.control.faults('seam', { errorRate: 1 });
    expect(await failureOf(connector().createAccessCode(stay()))).toMatchObject({ kind: 'server', httpStatus: 503 });
    expect((await counters()).effects).toBe(0);
  });

  it('reports a refused key as an auth error, without the key anywhere', async () => {
    const key = 'seam_live_not_this_one_0042';
    const wrong = await failureOf(connector(key).createAccessCode(stay()));
    await env.control.faults('seam', { authRevoked: true });
    const revoked = await failureOf(connector().getAccessCode('9b1f0c1e-4a57-4a3e-9d0e-1c2b3a4d5e6f'));
    for (const [error, secret] of [[wrong, key], [revoked, DEMO_CREDENTIALS.seam.apiKey]] as const) {
      expect(error).toMatchObject({ kind: 'auth', httpStatus: 401, message: 'Seam answered 401: Unauthorized (unauthorized)' });
      for (const shown of [error.message, JSON.stringify(error), String(error.stack)]) expect(shown).not.toContain(secret);
    }
  });

  it('holds each lock to 10 creates a minute, with its own window for updates and for other locks', async () => {
    const seam = connector();
    const made = [];
    for (let i = 0; i < 10; i += 1) made.push(await seam.createAccessCode(stay({ name: `Guest ${i}` })));
    const eleventh = await failureOf(seam.createAccessCode(stay({ name: 'Guest 10' })));
    expect(eleventh).toMatchObject({ kind: 'rate_limited', httpStatus: 429 });
    expect(eleventh.retryAfterMs).toBeGreaterThan(50_000);
    expect(eleventh.retryAfterMs).toBeLessThanOrEqual(60_000);

    await expect(seam.createAccessCode(stay({ deviceId: lock(1) }))).resolves.toMatchObject({ httpStatus: 200 });
    await expect(seam.updateAccessCode({ accessCodeId: made[0]!.data.accessCode.accessCodeId, name: 'Guest 0, late check-out' })).resolves.toMatchObject({ httpStatus: 200 });
    expect(await counters()).toMatchObject({ effects: 12, overLimit: 1 });
  });
});

describe('the Seam sandbox', () => {
  const call = async (path: string, body: unknown) => {
    const response = await fetch(`${env.sandbox.baseUrls.seam}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${DEMO_CREDENTIALS.seam.apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };

  it('lists one lock per room, with Seam’s device fields', async () => {
    const { status, body } = await call('/devices/list', {});
    expect(status).toBe(200);
    const devices = body.devices as { device_id: string; display_name: string; capabilities_supported: string[] }[];
    expect(devices).toHaveLength(env.sandbox.hotel().rooms.length);
    expect(devices[0]).toMatchObject({ device_id: lock(0), display_name: 'Room 101 door', capabilities_supported: ['access_code', 'lock'] });
  });

  it('holds each lock to 20 deletes a minute', async () => {
    const deviceId = lock(2);
    const answers = [];
    for (let i = 0; i < 21; i += 1) {
      const unknownCode = `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;
      answers.push(await call('/access_codes/delete', { device_id: deviceId, access_code_id: unknownCode }));
    }
    expect(answers.slice(0, 20).every((a) => a.status === 404)).toBe(true);
    expect(answers[20]).toMatchObject({ status: 429, body: { error: { type: 'rate_limit_exceeded' }, ok: false } });
  });

  it('refuses a time frame given by halves, and an end already past', async () => {
    const half = await call('/access_codes/create', { device_id: lock(), starts_at: hours(1) });
    expect(half).toMatchObject({ status: 400, body: { error: { type: 'invalid_input', validation_errors: { ends_at: {} } } } });
    const past = await call('/access_codes/create', { device_id: lock(), starts_at: hours(-1), ends_at: hours(-0.5) });
    expect(past).toMatchObject({ status: 400, body: { error: { type: 'invalid_input' } } });
  });
});
