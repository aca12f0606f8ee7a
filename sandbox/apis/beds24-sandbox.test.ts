import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createControlClient, type ControlClient } from '../control-client.js';
import { DEMO_CREDENTIALS } from '../demo-credentials.js';
import { startSandbox, type Sandbox } from '../server.js';

let sandbox: Sandbox;
let control: ControlClient;
let base: string;

beforeEach(async () => {
  sandbox = await startSandbox({ port: 0, today: '2026-11-23' });
  control = createControlClient(sandbox.url);
  base = sandbox.baseUrls.beds24;
});
afterEach(async () => {
  await sandbox.close();
});

async function token(): Promise<string> {
  const response = await fetch(`${base}/authentication/token`, { headers: { refreshToken: DEMO_CREDENTIALS.beds24.refreshToken } });
  expect(response.status).toBe(200);
  return ((await response.json()) as { token: string }).token;
}

async function call(path: string, init: { method?: string; body?: unknown; token?: string } = {}) {
  const response = await fetch(`${base}${path}`, {
    method: init.method ?? 'GET',
    headers: { ...(init.token ? { token: init.token } : {}), ...(init.body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
  });
  return { status: response.status, headers: response.headers, body: (await response.json()) as any };
}

describe('Beds24 sandbox', () => {
  it('answers 401 in Beds24 shape without a valid token, and 400 for a wrong refresh token', async () => {
    expect(await call('/bookings')).toMatchObject({ status: 401, body: { success: false, type: 'error', code: 401, error: 'Token is missing' } });
    expect(await call('/bookings', { token: 'forged' })).toMatchObject({ status: 401, body: { code: 401, error: 'Token is not valid or has expired' } });
    const refused = await fetch(`${base}/authentication/token`, { headers: { refreshToken: 'nope' } });
    expect(refused.status).toBe(400);
    expect(await refused.json()).toEqual({ success: false, type: 'error', code: 400, error: 'Refresh token is not valid' });
  });

  it('issues tokens for free that stop working when expired, while the refresh token goes on working', async () => {
    const first = await token();
    const answer = await call('/properties', { token: first });
    expect(answer.status).toBe(200);
    // The token call spent nothing: the first charged call leaves 99 of 100.
    expect(answer.headers.get('x-five-min-limit-remaining')).toBe('99');
    expect(answer.headers.get('x-request-cost')).toBe('1');
    expect(Number(answer.headers.get('x-five-min-limit-resets-in'))).toBeGreaterThan(0);

    await control.expireTokens('beds24');
    expect((await call('/properties', { token: first })).status).toBe(401);
    expect((await call('/properties', { token: await token() })).status).toBe(200);
  });

  it('pages bookings by 25, with a next page link that gives the next page', async () => {
    const auth = await token();
    const first = await call('/bookings', { token: auth });
    expect(first.body).toMatchObject({ success: true, type: 'booking', count: 25, pages: { nextPageExists: true } });
    const link = new URL(first.body.pages.nextPageLink as string);
    expect(link.searchParams.get('page')).toBe('2');
    const second = await fetch(link, { headers: { token: auth } }).then((r) => r.json() as Promise<any>);
    expect(second.data[0].id).toBeGreaterThan(first.body.data[24].id);
    const ids = new Set([...first.body.data, ...second.data].map((b: { id: number }) => b.id));
    expect(ids.size).toBe(25 + second.data.length);
  });

  it('returns only upcoming bookings by default, and past ones when a date filter asks', async () => {
    const auth = await token();
    const past = await call('/bookings', {
      method: 'POST',
      body: [{ roomId: 77002, arrival: '2026-11-10', departure: '2026-11-12', lastName: 'Past' }],
      token: auth,
    });
    const id = past.body[0].new.id as number;
    const byDefault = await call('/bookings?searchString=Past', { token: auth });
    expect(byDefault.body.data).toEqual([]);
    const asked = await call('/bookings?departureTo=2026-11-22', { token: auth });
    expect(asked.body.data.map((b: { id: number }) => b.id)).toEqual([id]);
    const all = await call('/bookings', { token: auth });
    expect(all.body.data.every((b: { departure: string }) => b.departure >= '2026-11-23')).toBe(true);
  });

  it('returns an empty calendar per room without an include flag', async () => {
    const answer = await call('/inventory/rooms/calendar?startDate=2026-12-01&endDate=2026-12-05', { token: await token() });
    expect(answer.status).toBe(200);
    expect(answer.body.data).toHaveLength(5);
    expect(answer.body.data.every((room: { calendar: unknown[] }) => room.calendar.length === 0)).toBe(true);
  });

  it('rejects malformed requests with Beds24 error body', async () => {
    const auth = await token();
    const cases = [
      await call('/bookings?modifiedFrom=yesterday', { token: auth }),
      await call('/bookings?status=gone', { token: auth }),
      await call('/bookings?page=0', { token: auth }),
      await call('/inventory/rooms/calendar?startDate=2026-12-01', { token: auth }),
      await call('/inventory/rooms/calendar', { method: 'POST', body: { roomId: 77001 }, token: auth }),
      await call('/bookings', { method: 'POST', body: { roomId: 77001 }, token: auth }),
    ];
    for (const answer of cases) expect(answer).toMatchObject({ status: 400, body: { success: false, type: 'error', code: 400, error: expect.any(String) } });
  });

  it('charges bigger requests more and refuses past 100 credits in five minutes', async () => {
    const auth = await token();
    const yearAndMore = '/inventory/rooms/calendar?startDate=2026-11-23&endDate=2028-11-22&includeNumAvail=true';
    const costs: (string | null)[] = [];
    for (let i = 0; i < 4; i += 1) costs.push((await call(yearAndMore, { token: auth })).headers.get('x-request-cost'));
    expect(costs).toEqual(['24', '24', '24', '24']);
    const refused = await call(yearAndMore, { token: auth });
    expect(refused).toMatchObject({ status: 429, body: { success: false, code: 429 } });
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(290);
    expect((await call('/properties', { token: auth })).headers.get('x-five-min-limit-remaining')).toBe('3');
  });

  it('counts a replayed modification as a duplicate, but setting a value back as a new effect', async () => {
    const auth = await token();
    const id = (await call('/bookings', { token: auth })).body.data[0].id as number;
    const post = (departure: string) => call('/bookings', { method: 'POST', body: [{ id, departure }], token: auth });
    const answers = [await post('2027-01-10'), await post('2027-01-12'), await post('2027-01-12'), await post('2027-01-10')];
    expect(answers.map((a) => a.status)).toEqual([201, 201, 201, 201]);
    expect(answers.map((a) => a.body[0].success)).toEqual([true, true, true, true]);
    const counters = await control.counters();
    expect(counters.beds24).toMatchObject({ effects: 3, duplicates: 1 });
    const booking = (await call(`/bookings?id=${id}`, { token: auth })).body.data[0];
    expect(booking.departure).toBe('2027-01-10');
  });

  it('puts new bookings into the shared hotel, and a cancelled one leaves the default list', async () => {
    const auth = await token();
    const created = await call('/bookings', {
      method: 'POST',
      body: [{ roomId: 77005, arrival: '2026-12-28', departure: '2027-01-02', numAdult: 4, lastName: 'Lindqvist', apiReference: 'x-1' }],
      token: auth,
    });
    const id = created.body[0].new.id as number;
    const reservation = sandbox.hotel().reservations.find((r) => r.id === `beds24-${id}`);
    expect(reservation).toMatchObject({ source: 'beds24', startDate: '2026-12-28', endDate: '2027-01-02', adults: 4, lastName: 'Lindqvist' });

    await call('/bookings', { method: 'POST', body: [{ id, status: 'cancelled' }], token: auth });
    expect(reservation!.status).toBe('canceled');
    expect((await call(`/bookings?apiReference=x-1`, { token: auth })).body.data).toEqual([]);
    const cancelled = (await call(`/bookings?apiReference=x-1&status=cancelled`, { token: auth })).body.data[0];
    expect(cancelled).toMatchObject({ id, status: 'cancelled', cancelTime: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/) });
  });

  it('warns about fields it does not know instead of failing the item', async () => {
    const answer = await call('/bookings', {
      method: 'POST',
      body: [{ roomId: 77001, arrival: '2026-12-01', departure: '2026-12-02', favouriteColour: 'teal' }],
      token: await token(),
    });
    expect(answer.body[0]).toMatchObject({ success: true, warnings: [{ action: 'new booking', field: 'favouriteColour' }] });
  });
});
