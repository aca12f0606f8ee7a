import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createControlClient, type ControlClient } from './control-client.js';
import { startSandbox, type Sandbox } from './server.js';

let sandbox: Sandbox;
let client: ControlClient;

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, today: '2026-11-23' });
  client = createControlClient(sandbox.url);
});
afterAll(() => sandbox.close());

/** Any answer with its status, the body sent as it is written here (broken JSON included). */
const control = (method: string, path: string, body?: string) => client.request<Record<string, unknown>>(method, path, body);

describe('the sandbox control API', () => {
  it('sets faults for one API and reads them back, leaving the others alone', async () => {
    const set = await control('PUT', '/faults/beds24', JSON.stringify({ errorRate: 0.5, burst429: { count: 3, retryAfterSeconds: 2 } }));
    expect(set.status).toBe(200);
    expect(set.body).toMatchObject({ errorRate: 0.5, burst429: { count: 3, retryAfterSeconds: 2 }, outage: false });
    const all = await control('GET', '/faults');
    expect(all.body.beds24).toMatchObject({ errorRate: 0.5 });
    expect(all.body.cloudbeds).toMatchObject({ errorRate: 0 });
    await control('DELETE', '/faults');
    expect((await control('GET', '/faults')).body.beds24).toMatchObject({ errorRate: 0, burst429: { count: 0 } });
  });

  it.each([
    ['an error rate above 1', '/faults/cloudbeds', '{"errorRate":1.5}', 'errorRate'],
    ['a latency of the wrong type', '/faults/cloudbeds', '{"latencyMs":"slow"}', 'latencyMs'],
    ['an unknown fault', '/faults/cloudbeds', '{"meteorStrike":true}', ''],
    ['a negative 429 burst', '/faults/seam', '{"burst429":{"count":-1,"retryAfterSeconds":1}}', 'burst429.count'],
    ['a rejected value that is not a string', '/faults/stays', '{"rejectValues":[12]}', 'rejectValues.0'],
    ['a limit of zero', '/limits/cloudbeds', '{"limit":0,"windowMs":1000}', 'limit'],
    ['a limit without its window', '/limits/cloudbeds', '{"limit":10}', 'windowMs'],
  ])('answers 400 with the reason to %s, and changes nothing', async (_what, path, body, field) => {
    const before = await control('GET', '/faults');
    const answer = await control('PUT', path, body);
    expect(answer.status).toBe(400);
    const error = answer.body.error as { message: string; field?: string };
    expect(error.message.length).toBeGreaterThan(5);
    if (field) expect(error.field).toBe(field);
    expect(await control('GET', '/faults')).toEqual(before);
  });

  it('answers 400 to a body that is not JSON and to an unknown API', async () => {
    const notJson = await control('PUT', '/faults/cloudbeds', 'errorRate=1');
    expect(notJson).toMatchObject({ status: 400, body: { error: { message: 'The body is not valid JSON' } } });
    const unknown = await control('PUT', '/faults/opera', '{"outage":true}');
    expect(unknown.status).toBe(400);
    expect((unknown.body.error as { message: string }).message).toContain('Unknown API "opera"');
    expect((await control('GET', '/effects?api=opera')).status).toBe(400);
  });

  it('answers 404 to a route it does not have', async () => {
    expect((await control('GET', '/nothing-here')).status).toBe(404);
    expect((await control('POST', '/counters')).status).toBe(404);
  });

  it('reports counters and the base URL of every simulated API', async () => {
    const counters = await control('GET', '/counters');
    expect(Object.keys(counters.body).sort()).toEqual(['beds24', 'cloudbeds', 'maidcentral', 'seam', 'stays']);
    expect(counters.body.cloudbeds).toEqual(expect.objectContaining({ requests: expect.any(Number), overLimit: 0, duplicates: 0 }));
    const health = await control('GET', '/health');
    expect((health.body.apis as Record<string, string>).cloudbeds).toBe(`${sandbox.url}/cloudbeds/api/v1.3`);
  });

  it('clears a Cloudbeds base rate on some nights until a reset, refusing other plans, APIs and dates', async () => {
    const rateId = sandbox.hotel().roomTypes[0]!.rateId;
    expect((await control('POST', '/clear-rates/cloudbeds', JSON.stringify({ rateId, dates: ['2026-12-02'] }))).status).toBe(200);
    expect([...sandbox.hotel().unratedNights]).toEqual([`${rateId}:2026-12-02`]);

    const refusals = [
      await control('POST', '/clear-rates/cloudbeds', JSON.stringify({ rateId: rateId + 10_000, dates: ['2026-12-02'] })),
      await control('POST', '/clear-rates/beds24', JSON.stringify({ rateId, dates: ['2026-12-02'] })),
      await control('POST', '/clear-rates/cloudbeds', JSON.stringify({ rateId, dates: ['2026-13-02'] })),
    ];
    expect(refusals.map((answer) => [answer.status, (answer.body.error as { field?: string }).field])).toEqual([
      [400, 'rateId'],
      [400, 'api'],
      [400, 'dates.0'],
    ]);
    expect(sandbox.hotel().unratedNights.size).toBe(1);
    await control('POST', '/reset');
    expect(sandbox.hotel().unratedNights.size).toBe(0);
  });

  it('starts over on reset: faults off, counters zero', async () => {
    await control('PUT', '/faults/stays', '{"outage":true}');
    await fetch(`${sandbox.url}/stays/external/v1/booking/reservations`).catch(() => undefined);
    expect(((await control('GET', '/counters')).body.stays as { requests: number }).requests).toBeGreaterThan(0);
    expect((await control('POST', '/reset')).status).toBe(200);
    expect(((await control('GET', '/counters')).body.stays as { requests: number }).requests).toBe(0);
    expect(((await control('GET', '/faults')).body.stays as { outage: boolean }).outage).toBe(false);
  });
});

describe('the control API of a sandbox started with a control token (demo mode)', () => {
  let guarded: Sandbox;
  beforeAll(async () => {
    guarded = await startSandbox({ port: 0, today: '2026-11-23', controlToken: 'per-run-secret-0123456789' });
  });
  afterAll(() => guarded.close());

  it('answers only requests that carry the token, and changes nothing for the others', async () => {
    const without = await createControlClient(guarded.url).request('PUT', '/faults/cloudbeds', { outage: true });
    expect(without.status).toBe(401);
    const wrong = await createControlClient(guarded.url, 'per-run-secret-012345678X').request('PUT', '/faults/cloudbeds', { outage: true });
    expect(wrong.status).toBe(401);
    expect(guarded.faults.get('cloudbeds').outage).toBe(false);
    const allowed = createControlClient(guarded.url, guarded.controlToken);
    expect((await allowed.request('PUT', '/faults/cloudbeds', { errorRate: 0.1 })).status).toBe(200);
    expect(guarded.faults.get('cloudbeds').errorRate).toBe(0.1);
  });

  it('refuses a request from a web page of another origin, token or not', async () => {
    const response = await fetch(`${guarded.url}/__sandbox/faults/cloudbeds`, {
      method: 'PUT',
      headers: { origin: 'http://evil.example', 'x-sandbox-control': guarded.controlToken!, 'content-type': 'application/json' },
      body: JSON.stringify({ outage: true }),
    });
    expect(response.status).toBe(403);
    expect(guarded.faults.get('cloudbeds').outage).toBe(false);
    // The simulated APIs themselves are not behind the token: connectors use them as the real ones.
    expect((await fetch(`${guarded.url}/__sandbox/health`, { headers: { origin: guarded.url, 'x-sandbox-control': guarded.controlToken! } })).status).toBe(200);
  });
});
