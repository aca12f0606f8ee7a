import axios from 'axios';
import qs from 'qs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createControlClient, type ControlClient } from '../../../sandbox/control-client.js';
import { DEMO_CREDENTIALS } from '../../../sandbox/demo-credentials.js';
import { startSandbox, type Sandbox } from '../../../sandbox/server.js';
import type { Clock } from '../../clock.js';
import { failureOf } from '../../testing/remote-failure.js';
import { cloudbedsDateTime, createCloudbedsConnector, type CloudbedsConnectorOptions, type RateUpdate } from './cloudbeds.js';

const demo = DEMO_CREDENTIALS.cloudbeds;
const TODAY = '2026-11-23';
const STANDARD = { roomTypeId: 501_001, rateId: 900_001 };
const SUPERIOR = { roomTypeId: 501_003, rateId: 900_003 };
const FAMILY = { roomTypeId: 501_005, rateId: 900_005 };
const DERIVED_STANDARD = 910_001;

let sandbox: Sandbox;
let control: ControlClient;
beforeEach(async () => {
  // Rate jobs stay in progress long enough to be seen so, even on a busy machine.
  sandbox = await startSandbox({ port: 0, today: TODAY, rateJobDelayMs: 600 });
  control = createControlClient(sandbox.url);
});
afterEach(async () => {
  await sandbox.close();
});

/** Most tests make more than 5 calls a second; the limit has its own test. */
const liftLimit = () => control.limit('cloudbeds', { limit: 1000, windowMs: 1000 });
const counters = async () => (await control.counters()).cloudbeds;
const effects = (kind: string) => control.effects({ api: 'cloudbeds', kind });

function connector(extra: Partial<CloudbedsConnectorOptions> = {}) {
  return createCloudbedsConnector({ baseURL: sandbox.baseUrls.cloudbeds, credentials: { kind: 'api-key', apiKey: demo.apiKey }, ...extra });
}
function oauthConnector(extra: Partial<CloudbedsConnectorOptions> = {}) {
  const credentials = { kind: 'oauth' as const, clientId: demo.clientId, clientSecret: demo.clientSecret, refreshToken: demo.refreshToken };
  return createCloudbedsConnector({ baseURL: sandbox.baseUrls.cloudbeds, credentials, ...extra });
}

const rateOn = (rateId: number, date: string) => sandbox.hotel().rates.get(rateId)?.get(date);

describe('writing rates', () => {
  beforeEach(liftLimit);

  it('queues a push, reports it in progress, and applies it to the hotel only when the job completes', async () => {
    const cloudbeds = connector();
    const before = rateOn(STANDARD.rateId, '2026-12-01');
    const pushed = await cloudbeds.putRate([
      { rateId: STANDARD.rateId, intervals: [{ startDate: '2026-12-01', endDate: '2026-12-03', rate: 187.5 }] },
      { rateId: SUPERIOR.rateId, intervals: [{ startDate: '2026-12-05', endDate: '2026-12-05', rate: 240 }] },
    ]);
    expect(pushed.httpStatus).toBe(200);
    expect(pushed.requestId).toMatch(/\S/);
    expect(pushed.data.jobReferenceId).toMatch(/\S/);

    const early = await cloudbeds.getRateJobs(pushed.data.jobReferenceId);
    expect(early.data.status).toBe('in_progress');
    expect(early.data.updates.map((u) => u.status)).toEqual(['in_progress', 'in_progress']);
    expect(rateOn(STANDARD.rateId, '2026-12-01')).toBe(before);

    const done = await cloudbeds.waitForRateJob(pushed.data.jobReferenceId, { intervalMs: 40 });
    expect(done.data.status).toBe('completed');
    expect(done.data.updates).toEqual([
      { rateId: STANDARD.rateId, startDate: '2026-12-01', endDate: '2026-12-03', rate: 187.5, status: 'updated' },
      { rateId: SUPERIOR.rateId, startDate: '2026-12-05', endDate: '2026-12-05', rate: 240, status: 'updated' },
    ]);
    expect(['2026-12-01', '2026-12-02', '2026-12-03'].map((date) => rateOn(STANDARD.rateId, date))).toEqual([187.5, 187.5, 187.5]);
    expect(rateOn(SUPERIOR.rateId, '2026-12-05')).toBe(240);
    expect((await effects('rate')).map((e) => (e.data as { date: string }).date)).toEqual(['2026-12-01', '2026-12-02', '2026-12-03', '2026-12-05']);
  });

  it('counts a replayed push as duplicates, while setting a cell back to an earlier value is a new effect', async () => {
    const cloudbeds = connector();
    const push = async (rate: number) => {
      const { data } = await cloudbeds.putRate([{ rateId: STANDARD.rateId, intervals: [{ startDate: '2026-12-10', endDate: '2026-12-11', rate }] }]);
      return (await cloudbeds.waitForRateJob(data.jobReferenceId, { intervalMs: 40 })).data.status;
    };
    expect(await push(150)).toBe('completed');
    expect(await push(150)).toBe('completed');
    expect(await counters()).toMatchObject({ effects: 2, duplicates: 2 });
    await push(160);
    await push(150);
    expect(await counters()).toMatchObject({ effects: 6, duplicates: 2 });
    expect(rateOn(STANDARD.rateId, '2026-12-10')).toBe(150);
  });

  it('reports derived and unknown rate plans as per-update errors, applying the rest', async () => {
    const cloudbeds = connector();
    const interval = { startDate: '2026-12-20', endDate: '2026-12-20', rate: 99 };
    const { data } = await cloudbeds.putRate([
      { rateId: STANDARD.rateId, intervals: [interval] },
      { rateId: DERIVED_STANDARD, intervals: [interval] },
      { rateId: 999_999, intervals: [interval] },
    ]);
    const job = await cloudbeds.waitForRateJob(data.jobReferenceId, { intervalMs: 40 });
    expect(job.data.status).toBe('error');
    expect(job.data.updates.map((u) => [u.rateId, u.status])).toEqual([
      [STANDARD.rateId, 'updated'],
      [DERIVED_STANDARD, 'error'],
      [999_999, 'error'],
    ]);
    expect(job.data.updates[1]!.message).toMatch(/Derived rates are rejected/);
    expect(job.data.updates[2]!.message).toMatch(/999999 was not found/);
    expect(rateOn(STANDARD.rateId, '2026-12-20')).toBe(99);
    expect(await counters()).toMatchObject({ effects: 1 });
  });

  it('refuses, before sending, more than 30 intervals, negative or non-finite rates, reversed or malformed dates', async () => {
    const cloudbeds = connector();
    const day = (n: number) => `2026-12-${String(n).padStart(2, '0')}`;
    const cases: [RateUpdate[], string][] = [
      [[{ rateId: STANDARD.rateId, intervals: Array.from({ length: 16 }, (_, i) => ({ startDate: day(i + 1), endDate: day(i + 1), rate: 100 })) },
        { rateId: SUPERIOR.rateId, intervals: Array.from({ length: 15 }, (_, i) => ({ startDate: day(i + 1), endDate: day(i + 1), rate: 100 })) }], 'rates'],
      [[{ rateId: STANDARD.rateId, intervals: [{ startDate: day(1), endDate: day(2), rate: -1 }] }], 'rates[0].intervals[0].rate'],
      [[{ rateId: STANDARD.rateId, intervals: [{ startDate: day(1), endDate: day(2), rate: Number.NaN }] }], 'rates[0].intervals[0].rate'],
      [[{ rateId: STANDARD.rateId, intervals: [{ startDate: day(1), endDate: day(2), rate: Infinity }] }], 'rates[0].intervals[0].rate'],
      [[{ rateId: STANDARD.rateId, intervals: [{ startDate: day(5), endDate: day(4), rate: 100 }] }], 'rates[0].intervals[0].endDate'],
      [[{ rateId: STANDARD.rateId, intervals: [{ startDate: '2026-02-30', endDate: day(4), rate: 100 }] }], 'rates[0].intervals[0].startDate'],
      [[{ rateId: STANDARD.rateId, intervals: [{ startDate: day(1), endDate: '01/12/2026', rate: 100 }] }], 'rates[0].intervals[0].endDate'],
      [[], 'rates'],
    ];
    for (const [rates, field] of cases) {
      const error = await failureOf(cloudbeds.putRate(rates));
      expect(error.kind).toBe('validation');
      expect(error.field).toBe(field);
      expect(error.httpStatus).toBeUndefined();
    }
    expect((await counters()).requests).toBe(0);
  });

  it('takes exactly 30 intervals in one push', async () => {
    const cloudbeds = connector();
    const intervals = Array.from({ length: 30 }, (_, i) => ({ startDate: `2027-01-${String(i + 1).padStart(2, '0')}`, endDate: `2027-01-${String(i + 1).padStart(2, '0')}`, rate: 130 + i }));
    const { data } = await cloudbeds.putRate([{ rateId: FAMILY.rateId, intervals }]);
    expect((await cloudbeds.waitForRateJob(data.jobReferenceId, { intervalMs: 50 })).data.status).toBe('completed');
    expect(rateOn(FAMILY.rateId, '2027-01-30')).toBe(159);
  });

  it('gives up waiting with a server error after timeoutMs, and stops when the signal aborts', async () => {
    const cloudbeds = connector();
    // The sandbox keeps rate jobs busy for 600 ms in this file.
    const intervals = Array.from({ length: 30 }, (_, i) => ({ startDate: `2027-01-${String(i + 1).padStart(2, '0')}`, endDate: `2027-01-${String(i + 1).padStart(2, '0')}`, rate: 120 }));
    const { data } = await cloudbeds.putRate([{ rateId: STANDARD.rateId, intervals }]);
    const late = await failureOf(cloudbeds.waitForRateJob(data.jobReferenceId, { intervalMs: 20, timeoutMs: 30 }));
    expect(late.kind).toBe('server');
    expect(late.message).toMatch(/still in progress/);

    const abort = new AbortController();
    const waiting = cloudbeds.waitForRateJob(data.jobReferenceId, { intervalMs: 10_000, signal: abort.signal });
    setTimeout(() => abort.abort(new Error('stopped by the test')), 20);
    await expect(waiting).rejects.toThrow('stopped by the test');
  });

  it('answers an unknown job reference with a validation error', async () => {
    const error = await failureOf(connector().getRateJobs('no-such-job'));
    expect(error.kind).toBe('validation');
    expect(error.field).toBe('jobReferenceId');
    expect(error.requestId).toMatch(/\S/);
  });
});

describe('the simulated putRate refuses what Cloudbeds refuses', () => {
  const raw = (rates: unknown) =>
    axios.post(`${sandbox.baseUrls.cloudbeds}/putRate`, qs.stringify({ rates }), {
      headers: { 'x-api-key': demo.apiKey, 'content-type': 'application/x-www-form-urlencoded' },
      proxy: false,
    });

  it('answers 31 intervals, a negative rate and a reversed interval with success:false inside a 200', async () => {
    await liftLimit();
    const intervals = Array.from({ length: 31 }, () => ({ startDate: '2026-12-01', endDate: '2026-12-01', rate: '100' }));
    const answers = [
      await raw([{ rateID: '900001', interval: intervals }]),
      await raw([{ rateID: '900001', interval: [{ startDate: '2026-12-01', endDate: '2026-12-01', rate: '-5' }] }]),
      await raw([{ rateID: '900001', interval: [{ startDate: '2026-12-02', endDate: '2026-12-01', rate: '100' }] }]),
      await raw([{ rateID: '900001', interval: [{ startDate: '2026-13-01', endDate: '2026-12-01', rate: '100' }] }]),
    ];
    expect(answers.map((a) => [a.status, a.data.success])).toEqual(Array(4).fill([200, false]));
    expect(answers.map((a) => a.data.message)).toEqual([
      expect.stringMatching(/limited to 30 intervals/),
      expect.stringMatching(/cannot be negative/),
      expect.stringMatching(/endDate is before startDate/),
      'Invalid Parameter Format for rates[0][interval][0][startDate]',
    ]);
    expect(await counters()).toMatchObject({ effects: 0 });
  });
});

describe('reading rate plans, room types and reservations', () => {
  beforeEach(liftLimit);

  it('reads rate plans with ids and rates as numbers and the nightly detail on request', async () => {
    const { data, requestId } = await connector().getRatePlans({ startDate: '2026-12-01', endDate: '2026-12-04', roomTypeId: STANDARD.roomTypeId, detailedRates: true });
    expect(requestId).toMatch(/\S/);
    expect(data.map((plan) => [plan.rateId, plan.isDerived])).toEqual([
      [STANDARD.rateId, false],
      [DERIVED_STANDARD, true],
    ]);
    const [base, derived] = data as [(typeof data)[0], (typeof data)[0]];
    const nights = ['2026-12-01', '2026-12-02', '2026-12-03'];
    expect(base.roomRateDetailed.map((night) => [night.date, night.rateBase])).toEqual(nights.map((date) => [date, rateOn(STANDARD.rateId, date)]));
    expect(base.roomRate).toBeCloseTo(nights.reduce((sum, date) => sum + rateOn(STANDARD.rateId, date)!, 0), 2);
    expect(base.roomTypeId).toBe(STANDARD.roomTypeId);
    expect(derived).toMatchObject({ parentRateId: STANDARD.rateId, derivedType: 'percentage', derivedValue: -10 });
    expect(derived.roomRateDetailed[0]!.rateBase).toBeCloseTo(rateOn(STANDARD.rateId, '2026-12-01')! * 0.9, 2);

    const summary = await connector().getRatePlans({ startDate: '2026-12-01', endDate: '2026-12-04' });
    expect(summary.data).toHaveLength(10);
    expect(summary.data.every((plan) => plan.roomRateDetailed.length === 0)).toBe(true);
  });

  it('fetches every room type page by page until the total is reached', async () => {
    const { data, requestId } = await connector().getRoomTypes({ pageSize: 2 });
    expect(data.map((type) => type.roomTypeId)).toEqual(sandbox.hotel().roomTypes.map((type) => type.id));
    expect(data[4]).toEqual({ roomTypeId: FAMILY.roomTypeId, propertyId: 318_267, name: 'Family Suite', shortName: 'FAM', maxGuests: 5, adultsIncluded: 2, childrenIncluded: 0 });
    expect(requestId).toMatch(/\S/);
    expect((await counters()).requests).toBe(3);
  });

  it('fetches every reservation modified in a window, in pages of at most 100, with counts as numbers', async () => {
    const from = Date.now() - 400 * 86_400_000;
    const to = Date.now() + 86_400_000;
    const query = { modifiedFrom: cloudbedsDateTime(from), modifiedTo: cloudbedsDateTime(to) };
    const expected = sandbox.hotel().reservations.filter((r) => r.source === 'cloudbeds');
    expect(expected.length).toBeGreaterThan(20);

    const paged = await connector().getReservations({ ...query, pageSize: 10 });
    expect(paged.data.map((r) => r.reservationId).sort()).toEqual(expected.map((r) => r.id).sort());
    expect((await counters()).requests).toBe(Math.ceil(expected.length / 10));
    const first = expected.find((r) => r.id === paged.data[0]!.reservationId)!;
    expect(paged.data[0]).toMatchObject({ adults: first.adults, children: first.children, startDate: first.startDate, guestName: `${first.firstName} ${first.lastName}` });

    const whole = await connector().getReservations(query);
    expect(whole.data).toEqual(paged.data);
    const canceled = await connector().getReservations({ ...query, status: 'checked_out' });
    expect(canceled.data.length).toBe(expected.filter((r) => r.status === 'checked_out').length);
    expect(canceled.data.every((r) => r.status === 'checked_out' && r.balance === 0)).toBe(true);
  });

  it('refuses, before sending, a page size over 100 and date-times not written YYYY-MM-DD HH:MM:SS', async () => {
    const cloudbeds = connector();
    const window = { modifiedFrom: '2026-11-01 00:00:00', modifiedTo: '2026-11-23 00:00:00' };
    expect((await failureOf(cloudbeds.getReservations({ ...window, pageSize: 101 }))).field).toBe('pageSize');
    expect((await failureOf(cloudbeds.getReservations({ ...window, modifiedFrom: '2026-11-01T00:00:00Z' }))).field).toBe('modifiedFrom');
    expect((await failureOf(cloudbeds.getReservations({ modifiedFrom: window.modifiedTo, modifiedTo: window.modifiedFrom }))).field).toBe('modifiedTo');
    expect((await failureOf(cloudbeds.getRatePlans({ startDate: '2026-12-04', endDate: '2026-12-01' }))).field).toBe('endDate');
    expect((await counters()).requests).toBe(0);
  });
});

describe('posting reservations', () => {
  beforeEach(liftLimit);
  const booking = {
    thirdPartyIdentifier: 'beds24-55012',
    startDate: '2027-02-01',
    endDate: '2027-02-04',
    guestFirstName: 'Ines',
    guestLastName: 'Moreau',
    guestEmail: 'ines.moreau@example.com',
    rooms: [{ roomTypeId: SUPERIOR.roomTypeId, adults: 2 }],
  };

  it('creates a reservation once per thirdPartyIdentifier: a replay returns the same id and counts a duplicate', async () => {
    const cloudbeds = connector();
    const first = await cloudbeds.postReservation(booking);
    const again = await cloudbeds.postReservation(booking);
    expect(again.data.reservationId).toBe(first.data.reservationId);
    expect(await counters()).toMatchObject({ effects: 1, duplicates: 1 });
    expect((await effects('reservation')).map((e) => e.key)).toEqual(['beds24-55012']);
    const stored = sandbox.hotel().reservations.filter((r) => r.thirdPartyIdentifier === 'beds24-55012');
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ id: first.data.reservationId, roomTypeId: SUPERIOR.roomTypeId, adults: 2, source: 'cloudbeds' });
  });

  it('reports a sold-out room type as a validation error in Cloudbeds own words', async () => {
    const cloudbeds = connector();
    for (let n = 1; n <= 4; n += 1) {
      await cloudbeds.postReservation({ ...booking, thirdPartyIdentifier: `fam-${n}`, rooms: [{ roomTypeId: FAMILY.roomTypeId, adults: 3 }] });
    }
    const error = await failureOf(cloudbeds.postReservation({ ...booking, thirdPartyIdentifier: 'fam-5', rooms: [{ roomTypeId: FAMILY.roomTypeId, adults: 3 }] }));
    expect(error.kind).toBe('validation');
    expect(error.message).toMatch(/no availability for Family Suite/);
    expect(error.httpStatus).toBe(200);
    expect(error.requestId).toMatch(/\S/);
    expect((await counters()).effects).toBe(4);
  });

  it('refuses, before sending, a booking without thirdPartyIdentifier or with check-out not after check-in', async () => {
    const cloudbeds = connector();
    expect((await failureOf(cloudbeds.postReservation({ ...booking, thirdPartyIdentifier: ' ' }))).field).toBe('thirdPartyIdentifier');
    expect((await failureOf(cloudbeds.postReservation({ ...booking, endDate: booking.startDate }))).field).toBe('endDate');
    expect((await failureOf(cloudbeds.postReservation({ ...booking, rooms: [] }))).field).toBe('rooms');
    expect((await counters()).requests).toBe(0);
  });
});

describe('every failure is a typed RemoteError', () => {
  const query = { startDate: '2026-12-01', endDate: '2026-12-02' };

  it('is network when the host drops the connection', async () => {
    await control.faults('cloudbeds', { outage: true });
    const error = await failureOf(connector().getRatePlans(query));
    expect(error.kind).toBe('network');
    expect(JSON.stringify(error) + error.message).not.toContain(demo.apiKey);
  });

  it('is rate_limited with the Retry-After of a 429 burst', async () => {
    await control.faults('cloudbeds', { burst429: { count: 1, retryAfterSeconds: 7 } });
    const error = await failureOf(connector().getRatePlans(query));
    expect(error).toMatchObject({ kind: 'rate_limited', retryAfterMs: 7000, httpStatus: 429 });
    expect(error.requestId).toMatch(/\S/);
    expect((await connector().getRatePlans(query)).httpStatus).toBe(200);
  });

  it('is rate_limited past 5 requests a second for one API key, waiting at most the window', async () => {
    const cloudbeds = connector();
    for (let n = 0; n < 5; n += 1) await cloudbeds.getRatePlans(query);
    const error = await failureOf(cloudbeds.getRatePlans(query));
    expect(error.kind).toBe('rate_limited');
    expect(error.retryAfterMs).toBeGreaterThan(0);
    expect(error.retryAfterMs).toBeLessThanOrEqual(1000);
    expect((await counters()).overLimit).toBe(1);
  });

  it('is server on a 5xx, and on a timeout', async () => {
    await control.faults('cloudbeds', { errorRate: 1 });
    expect(await failureOf(connector().getRatePlans(query))).toMatchObject({ kind: 'server', httpStatus: 503 });
    await control.faults('cloudbeds', { errorRate: 0, latencyMs: 300 });
    const late = await failureOf(connector({ timeoutMs: 50 }).getRatePlans(query));
    expect(late.kind).toBe('server');
    expect(late.message).toMatch(/did not answer in time/);
  });

  it('is auth when credentials are revoked or wrong, without the key in the error', async () => {
    await control.faults('cloudbeds', { authRevoked: true });
    const revoked = await failureOf(connector().getRatePlans(query));
    expect(revoked).toMatchObject({ kind: 'auth', httpStatus: 401 });
    await control.faults('cloudbeds', { authRevoked: false });
    const wrong = await failureOf(connector({ credentials: { kind: 'api-key', apiKey: 'cbat_wrong_key_4711' } }).getRatePlans(query));
    expect(wrong).toMatchObject({ kind: 'auth', httpStatus: 401 });
    expect(wrong.message).toMatch(/Invalid API key/);
    expect(JSON.stringify(wrong) + wrong.message).not.toContain('cbat_wrong_key_4711');
  });

  it('is auth when a 200 says success:false about permissions', async () => {
    const error = await failureOf(connector({ propertyId: 4711 }).getRatePlans(query));
    expect(error).toMatchObject({ kind: 'auth', httpStatus: 200 });
    expect(error.message).toMatch(/permission to access property 4711/);
  });

  it('is validation with the remote message and field when a 200 says success:false about a value', async () => {
    await control.faults('cloudbeds', { rejectValues: ['2026-12-02'] });
    const error = await failureOf(connector().getRatePlans(query));
    expect(error).toMatchObject({ kind: 'validation', httpStatus: 200, field: 'endDate' });
    expect(error.message).toBe('Cloudbeds refused the request: Invalid value "2026-12-02" for endDate');
    expect(error.requestId).toMatch(/\S/);
  });
});

describe('OAuth sign-in', () => {
  beforeEach(liftLimit);
  const query = { startDate: '2026-12-01', endDate: '2026-12-02' };

  it('signs in once for concurrent calls and hands the rotated refresh token to onRefreshToken', async () => {
    const stored: string[] = [];
    const cloudbeds = oauthConnector({ onRefreshToken: (token) => void stored.push(token) });
    await Promise.all([cloudbeds.getRatePlans(query), cloudbeds.getRoomTypes(), cloudbeds.getRatePlans(query)]);
    await cloudbeds.getRatePlans(query);
    expect(stored).toHaveLength(1);
    expect(stored[0]).not.toBe(demo.refreshToken);
    expect((await counters()).requests).toBe(5);
  });

  it('fetches a new token once after the old one stops working', async () => {
    const stored: string[] = [];
    const cloudbeds = oauthConnector({ onRefreshToken: (token) => void stored.push(token) });
    await cloudbeds.getRatePlans(query);
    await control.expireTokens('cloudbeds');
    expect((await cloudbeds.getRatePlans(query)).httpStatus).toBe(200);
    expect(stored).toHaveLength(2);
    // A 401 plus the refresh and the retry.
    expect((await counters()).requests).toBe(5);
  });

  it('refreshes before the token expires rather than after', async () => {
    let shift = 0;
    const clock: Clock = { now: () => Date.now() + shift, setTimeout: (fn, ms) => setTimeout(fn, ms), clearTimeout: (h) => clearTimeout(h) };
    const stored: string[] = [];
    const cloudbeds = oauthConnector({ clock, onRefreshToken: (token) => void stored.push(token) });
    await cloudbeds.getRatePlans(query);
    shift = 3600_000 - 30_000;
    await cloudbeds.getRatePlans(query);
    expect(stored).toHaveLength(2);
    expect((await counters()).requests).toBe(4);
  });

  it('is auth when the sign-in is refused, and never shows the client secret or refresh token', async () => {
    await control.faults('cloudbeds', { rejectValues: [demo.clientSecret] });
    const echoed = await failureOf(oauthConnector().getRatePlans(query));
    expect(echoed.kind).toBe('auth');
    expect(echoed.message).toContain('[redacted]');
    await control.faults('cloudbeds', { rejectValues: [] });
    const refused = await failureOf(oauthConnector({ credentials: { kind: 'oauth', clientId: demo.clientId, clientSecret: 'not-the-secret', refreshToken: demo.refreshToken } }).getRoomTypes());
    expect(refused).toMatchObject({ kind: 'auth', httpStatus: 401 });
    for (const error of [echoed, refused]) {
      for (const secret of [demo.clientSecret, demo.refreshToken, 'not-the-secret']) {
        expect(JSON.stringify(error) + error.message + String(error.field)).not.toContain(secret);
      }
    }
  });

  it('is auth when access is revoked, even for the token request', async () => {
    await control.faults('cloudbeds', { authRevoked: true });
    expect(await failureOf(oauthConnector().getRatePlans(query))).toMatchObject({ kind: 'auth', httpStatus: 401 });
  });
});

describe('the property API URL', () => {
  it('reads it from /oauth/metadata and works as a base URL', async () => {
    const { data } = await oauthConnector().getApiUrl();
    expect(data).toBe(sandbox.baseUrls.cloudbeds);
    const there = createCloudbedsConnector({ baseURL: data, credentials: { kind: 'api-key', apiKey: demo.apiKey } });
    expect((await there.getRoomTypes()).data).toHaveLength(5);
  });
});
