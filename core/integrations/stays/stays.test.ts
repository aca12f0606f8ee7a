import { describe, expect, it } from 'vitest';
import { useSandbox } from '../../../sandbox/testing.js';
import { DEMO_CREDENTIALS } from '../../../sandbox/demo-credentials.js';
import { failureOf } from '../../testing/remote-failure.js';
import { createStaysConnector, STAYS_PAGE_SIZE, type StaysReservationQuery } from './stays.js';

const env = useSandbox();

const counters = async () => (await env.control.counters()).stays;

function connector(credentials: { clientId: string; clientSecret: string } = DEMO_CREDENTIALS.stays, timeoutMs?: number) {
  return createStaysConnector({ baseURL: env.sandbox.baseUrls.stays, credentials, ...(timeoutMs ? { timeoutMs } : {}) });
}

const window: StaysReservationQuery = { from: '2026-11-23', to: '2027-01-21', dateType: 'arrival' };

/** The seeded Stays reservations, as the sandbox's hotel holds them. */
const staysReservations = () => env.sandbox.hotel().reservations.filter((r) => r.source === 'stays');

describe('the Stays connector', () => {
  it('fetches every page of reservations arriving in a window, 20 at a time, with numbers as numbers', async () => {
    const expected = staysReservations().filter((r) => r.startDate >= window.from && r.startDate <= window.to && r.status !== 'canceled');
    expect(expected.length).toBeGreaterThan(2 * STAYS_PAGE_SIZE);

    const answer = await connector().getReservations(window);

    expect(answer.httpStatus).toBe(200);
    expect(answer.requestId).toMatch(/\S/);
    expect(answer.data).toHaveLength(expected.length);
    expect(new Set(answer.data.map((r) => r.checkInDate))).toEqual(new Set(expected.map((r) => r.startDate)));
    expect(new Set(answer.data.map((r) => r._id)).size).toBe(expected.length);
    expect((await counters()).requests).toBe(Math.floor(expected.length / STAYS_PAGE_SIZE) + 1);
    const first = answer.data[0]!;
    expect(first).toMatchObject({ checkInTime: '15:00', checkOutTime: '11:00', price: { currency: 'EUR' } });
    expect(typeof first.price._f_total).toBe('number');
    expect(typeof first.guests).toBe('number');
    expect(answer.data.every((r) => r.type !== 'canceled')).toBe(true);
    const airbnb = answer.data.find((r) => r.partner?.name === 'Airbnb');
    expect(airbnb?.partnerCode).toMatch(/^HM/);
  });

  it('lists cancelled reservations only when asked to include them', async () => {
    const canceled = staysReservations().filter((r) => r.status === 'canceled' && r.startDate >= window.from && r.startDate <= window.to);
    expect(canceled.length).toBeGreaterThan(0);

    const without = await connector().getReservations(window);
    const withCanceled = await connector().getReservations({ ...window, includeCanceled: true });

    expect(withCanceled.data.length - without.data.length).toBe(canceled.length);
    expect(withCanceled.data.filter((r) => r.type === 'canceled').map((r) => r.checkInDate).sort()).toEqual(canceled.map((r) => r.startDate).sort());
  });

  it('applies the date type: departures, and stays that include a day of the window', async () => {
    const day = '2026-11-30';
    const active = staysReservations().filter((r) => r.status !== 'canceled');

    const departures = await connector().getReservations({ from: day, to: day, dateType: 'departure' });
    const included = await connector().getReservations({ from: day, to: day, dateType: 'included' });

    expect(departures.data.map((r) => r.checkOutDate)).toEqual(active.filter((r) => r.endDate === day).map(() => day));
    expect(included.data).toHaveLength(active.filter((r) => r.startDate <= day && r.endDate >= day).length);
    expect(included.data.length).toBeGreaterThan(departures.data.length);
  });

  it('reads one page from an offset, and one reservation by its id (null once Stays no longer has it)', async () => {
    // More requests than one second of Stays' limit: this test is not about the limit.
    await env.control.limit('stays', { limit: 1_000, windowMs: 1_000 });
    const stays = connector();
    const all = (await stays.getReservations(window)).data;
    const page = await stays.getReservationPage(window, 20);
    expect(page.data).toEqual(all.slice(20, 40));

    const canceled = staysReservations().find((r) => r.status === 'canceled')!;
    const listed = (await stays.getReservations({ ...window, includeCanceled: true })).data;
    const one = listed.find((r) => r.checkInDate === canceled.startDate && r.type === 'canceled')!;
    expect((await stays.getReservation(one._id)).data).toEqual(one);
    await env.control.stays('delete', { _id: one._id });
    expect(await stays.getReservation(one._id)).toMatchObject({ data: null, httpStatus: 404 });
    expect(await failureOf(stays.getReservation('../etc'))).toMatchObject({ kind: 'validation', field: 'id' });
    expect(await failureOf(stays.getReservationPage(window, -20))).toMatchObject({ kind: 'validation', field: 'skip' });
  });

  it('refuses a bad window before sending anything', async () => {
    const stays = connector();
    const backwards = await failureOf(stays.getReservations({ ...window, from: '2026-12-10', to: '2026-12-01' }));
    const notADate = await failureOf(stays.getReservations({ ...window, from: '23/11/2026' }));
    const impossible = await failureOf(stays.getReservations({ ...window, to: '2026-02-30' }));
    // A month that does not exist once made the date check itself throw (a RangeError).
    const noSuchMonth = await failureOf(stays.getReservations({ ...window, to: '2026-13-01' }));

    expect(backwards).toMatchObject({ kind: 'validation', field: 'to' });
    expect(notADate).toMatchObject({ kind: 'validation', field: 'from' });
    expect(impossible).toMatchObject({ kind: 'validation', field: 'to' });
    expect(noSuchMonth).toMatchObject({ kind: 'validation', field: 'to' });
    expect((await counters()).requests).toBe(0);
  });

  it('calls a dropped connection a network error', async () => {
    await env.control.faults('stays', { outage: true });
    expect(await failureOf(connector().getReservations(window))).toMatchObject({ kind: 'network' });
  });

  it('calls a slow answer a server error', async () => {
    await env.control.faults('stays', { latencyMs: 300 });
    expect(await failureOf(connector(DEMO_CREDENTIALS.stays, 50).getReservations(window))).toMatchObject({ kind: 'server' });
  });

  it('reports a 429 as rate limited with its retry-after and request id', async () => {
    await env.control.faults('stays', { burst429: { count: 1, retryAfterSeconds: 7 } });
    const error = await failureOf(connector().getReservations(window));
    expect(error).toMatchObject({ kind: 'rate_limited', httpStatus: 429, retryAfterMs: 7000 });
    expect(error.requestId).toMatch(/\S/);
  });

  it('reports a 5xx as a server error', async () => {
    await env.control.faults('stays', { errorRate: 1 });
    expect(await failureOf(connector().getReservations(window))).toMatchObject({ kind: 'server', httpStatus: 503 });
  });

  it('reports refused credentials as an auth error, without the secret anywhere', async () => {
    const secret = 'not-the-stays-secret-4711';
    const wrong = await failureOf(connector({ clientId: 'demo-stays-client', clientSecret: secret }).getReservations(window));
    await env.control.faults('stays', { authRevoked: true });
    const revoked = await failureOf(connector().getReservations(window));

    for (const [error, password] of [[wrong, secret], [revoked, DEMO_CREDENTIALS.stays.clientSecret]] as const) {
      expect(error).toMatchObject({ kind: 'auth', httpStatus: 401 });
      expect(error.message).toContain('Unauthorized');
      const basic = Buffer.from(`demo-stays-client:${password}`).toString('base64');
      for (const shown of [error.message, JSON.stringify(error), String(error.stack)]) {
        expect(shown).not.toContain(password);
        expect(shown).not.toContain(basic);
      }
    }
  });

  it('reports a rejected value as a validation error with Stays’ own message', async () => {
    await env.control.faults('stays', { rejectValues: ['2027-01-21'] });
    const error = await failureOf(connector().getReservations(window));
    expect(error).toMatchObject({ kind: 'validation', httpStatus: 400 });
    expect(error.message).toBe('Stays answered 400: Invalid value "2027-01-21" for to');
  });
});

describe('the Stays sandbox', () => {
  const basic = `Basic ${Buffer.from(`${DEMO_CREDENTIALS.stays.clientId}:${DEMO_CREDENTIALS.stays.clientSecret}`).toString('base64')}`;
  const get = async (query: string) => {
    const response = await fetch(`${env.sandbox.baseUrls.stays}/booking/reservations?${query}`, { headers: { authorization: basic } });
    return { status: response.status, body: (await response.json()) as unknown, retryAfter: response.headers.get('retry-after') };
  };

  it.each([
    ['a limit above 20', 'from=2026-11-23&to=2026-12-23&dateType=arrival&limit=21', '"limit" must be less than or equal to 20'],
    ['a missing window', 'dateType=arrival', 'Parameters "from" and "to" are required'],
    ['a date in the wrong format', 'from=2026/11/23&to=2026-12-23&dateType=arrival', 'Invalid "from" date, expected YYYY-MM-DD'],
    ['an end before the start', 'from=2026-12-23&to=2026-11-23&dateType=arrival', '"to" date must not be before "from" date'],
    ['an unknown date type', 'from=2026-11-23&to=2026-12-23&dateType=checkin', 'Invalid "dateType", expected one of arrival, departure, creation, creationorig, included'],
    ['an unknown reservation type', 'from=2026-11-23&to=2026-12-23&dateType=arrival&type=lost', 'Invalid "type", expected any of reserved, booked, contract, blocked, maintenance, canceled'],
  ])('answers 400 with a message to %s', async (_what, query, message) => {
    expect(await get(query)).toMatchObject({ status: 400, body: { message } });
  });

  it('answers a page of exactly the asked size, and the next page from skip', async () => {
    const first = await get('from=2026-11-23&to=2027-01-21&dateType=arrival&limit=5');
    const second = await get('from=2026-11-23&to=2027-01-21&dateType=arrival&limit=5&skip=5');
    const both = await get('from=2026-11-23&to=2027-01-21&dateType=arrival&limit=10');
    expect(first.body).toHaveLength(5);
    expect([...(first.body as unknown[]), ...(second.body as unknown[])]).toEqual(both.body);
  });

  it('holds a client to 10 requests a second and says when to come back', async () => {
    // All at once, so the one-second window cannot slide in between on a slow machine.
    const answers = await Promise.all(Array.from({ length: 11 }, () => get('from=2026-11-23&to=2026-11-23&dateType=arrival')));
    expect(answers.filter((a) => a.status === 200)).toHaveLength(10);
    expect(answers.filter((a) => a.status === 429)).toEqual([{ status: 429, body: { message: 'Rate limit exceeded' }, retryAfter: '1' }]);
  });
});
