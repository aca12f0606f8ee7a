import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { useSandbox } from '../../../sandbox/testing.js';
import { DEMO_CREDENTIALS } from '../../../sandbox/demo-credentials.js';
import { systemClock, type Clock } from '../../clock.js';
import { failureOf } from '../../testing/remote-failure.js';
import { createMaidCentralConnector, type MaidCentralCredentials } from './maidcentral.js';

const env = useSandbox();

const counters = async () => (await env.control.counters()).maidcentral;

function connector(options: { credentials?: MaidCentralCredentials; clock?: Clock; timeoutMs?: number; baseURL?: string } = {}) {
  return createMaidCentralConnector({
    baseURL: options.baseURL ?? env.sandbox.baseUrls.maidcentral,
    credentials: options.credentials ?? DEMO_CREDENTIALS.maidcentral,
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
  });
}

const DAY = '2026-11-25';

describe('the MaidCentral connector', () => {
  it('signs in once and lists the staff, flattened out of their company', async () => {
    const maid = connector();
    const users = await maid.getUsers();
    await maid.getUsers();

    const staff = env.sandbox.hotel().staff;
    expect(users.httpStatus).toBe(200);
    expect(users.requestId).toMatch(/\S/);
    expect(users.data).toHaveLength(staff.length);
    expect(users.data[0]).toEqual({
      userId: staff[0]!.userId,
      email: staff[0]!.email,
      employeeId: staff[0]!.employeeId,
      firstName: staff[0]!.firstName,
      lastName: staff[0]!.lastName,
      roles: ['Supervisor', 'Housekeeper'],
      serviceCompanyId: 2207,
    });
    // One sign-in, two reads.
    expect((await counters()).requests).toBe(3);
  });

  it('gives a day’s schedule: a departure clean per room guests leave, a refresh per room with guests staying on', async () => {
    const hotel = env.sandbox.hotel();
    const live = hotel.reservations.filter((r) => r.status !== 'canceled' && r.status !== 'no_show');
    const departures = new Set(live.filter((r) => r.endDate === DAY).map((r) => r.roomId));
    const stayOvers = new Set(live.filter((r) => r.startDate < DAY && r.endDate > DAY && !departures.has(r.roomId)).map((r) => r.roomId));
    expect(departures.size).toBeGreaterThan(0);
    expect(stayOvers.size).toBeGreaterThan(0);

    const schedule = await connector().getScheduleDay(DAY);

    expect(schedule.data).toHaveLength(departures.size + stayOvers.size);
    expect(schedule.data.filter((job) => job.scopeOfWork === 'Departure clean')).toHaveLength(departures.size);
    const job = schedule.data[0]!;
    expect(job).toMatchObject({ serviceCompanyId: 2207, jobDate: DAY, billRate: expect.any(Number) as number });
    expect(job.scheduledStartTime).toBe(`${DAY}T11:00:00`);
    expect(job.teams).toHaveLength(1);
    const team = hotel.teams.find((t) => t.id === job.teams[0]!.teamListId)!;
    expect(job.teams[0]).toEqual({ teamListId: team.id, description: team.name, color: team.color });
    expect(job.employees.map((e) => e.employeeInformationId)).toEqual(hotel.staff.filter((s) => s.teamId === team.id).map((s) => s.employeeId));
    const rooms = new Set([...departures, ...stayOvers].map((roomId) => `Room ${hotel.rooms.find((room) => room.id === roomId)!.number}`));
    expect(new Set(schedule.data.map((j) => j.home.name))).toEqual(rooms);
  });

  it('refuses a date range before sending, since MaidCentral gives one day per call', async () => {
    const maid = connector();
    const range = await failureOf(maid.getSchedule({ startDate: DAY, endDate: '2026-11-26' }));
    const notADate = await failureOf(maid.getScheduleDay('25.11.2026'));

    expect(range).toMatchObject({ kind: 'validation', field: 'endDate' });
    expect(range.message).toContain('one day per call');
    expect(notADate).toMatchObject({ kind: 'validation', field: 'startDate' });
    expect((await counters()).requests).toBe(0);
  });

  it('signs in again when its token stops working, and carries on', async () => {
    const maid = connector();
    await maid.getUsers();
    await env.control.expireTokens('maidcentral');

    const again = await maid.getScheduleDay(DAY);

    expect(again.httpStatus).toBe(200);
    // token, users, schedule (401), token, schedule
    expect((await counters()).requests).toBe(5);
  });

  it('signs in again before its token expires, without waiting for a 401', async () => {
    let now = Date.now();
    const clock: Clock = { ...systemClock, now: () => now };
    const maid = connector({ clock });
    await maid.getUsers();
    now += 3600_000;

    await maid.getUsers();

    // token, users, token, users: no refused request in between.
    expect((await counters()).requests).toBe(4);
  });

  it('calls a dropped connection a network error and a slow answer a server error', async () => {
    await env.control.faults('maidcentral', { outage: true });
    expect(await failureOf(connector().getUsers())).toMatchObject({ kind: 'network' });
    await env.control.faults('maidcentral', { outage: false, latencyMs: 300 });
    expect(await failureOf(connector({ timeoutMs: 50 }).getUsers())).toMatchObject({ kind: 'server' });
  });

  it('reports a 429 as rate limited with its retry-after', async () => {
    await env.control.faults('maidcentral', { burst429: { count: 1, retryAfterSeconds: 4 } });
    const error = await failureOf(connector().getUsers());
    expect(error).toMatchObject({ kind: 'rate_limited', httpStatus: 429, retryAfterMs: 4000 });
    expect(error.requestId).toMatch(/\S/);
  });

  it('holds one user to 2 requests a second', async () => {
    const maid = connector();
    await maid.getUsers();
    await maid.getUsers();
    const error = await failureOf(maid.getUsers());
    expect(error).toMatchObject({ kind: 'rate_limited', httpStatus: 429, retryAfterMs: 1000 });
    expect((await counters()).overLimit).toBe(1);
  });

  it('reports a 5xx as a server error', async () => {
    const maid = connector();
    await maid.getUsers();
    await env.control.faults('maidcentral', { errorRate: 1 });
    expect(await failureOf(maid.getUsers())).toMatchObject({ kind: 'server', httpStatus: 503 });
  });

  it('reports a refused sign-in or revoked access as an auth error, without the password or token anywhere', async () => {
    const password = 'wrong-housekeeping-password-93';
    const wrong = await failureOf(connector({ credentials: { username: DEMO_CREDENTIALS.maidcentral.username, password } }).getUsers());
    expect(wrong).toMatchObject({ kind: 'auth', httpStatus: 400 });
    expect(wrong.message).toBe('MaidCentral answered 400: The user name or password is incorrect.');

    const maid = connector();
    await maid.getUsers();
    await env.control.faults('maidcentral', { authRevoked: true });
    const revoked = await failureOf(maid.getUsers());
    expect(revoked).toMatchObject({ kind: 'auth' });

    for (const [error, secret] of [[wrong, password], [revoked, DEMO_CREDENTIALS.maidcentral.password]] as const) {
      for (const shown of [error.message, JSON.stringify(error), String(error.stack)]) {
        expect(shown).not.toContain(secret);
        expect(shown).not.toMatch(/Bearer/);
      }
    }
  });

  it('reports a rejected value as a validation error with MaidCentral’s own message', async () => {
    await env.control.faults('maidcentral', { rejectValues: [DAY] });
    const error = await failureOf(connector().getScheduleDay(DAY));
    expect(error).toMatchObject({ kind: 'validation', httpStatus: 400 });
    expect(error.message).toBe(`MaidCentral answered 400: Invalid value "${DAY}" for startDate`);
  });

  it('treats IsSuccess:false inside a 200 as a refusal with its Message', async () => {
    // The sandbox only does this for ranges, which the connector never sends: a stand-in does.
    const server = createServer((request, response) => {
      response.writeHead(200, { 'content-type': 'application/json', 'x-request-id': 'mc-42' });
      const body =
        request.url === '/token'
          ? { access_token: 't', token_type: 'bearer', expires_in: 3600 }
          : { IsSuccess: false, Message: 'Company is inactive.', Result: null };
      response.end(JSON.stringify(body));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const baseURL = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const error = await failureOf(connector({ baseURL }).getUsers());
      expect(error).toMatchObject({ kind: 'validation', httpStatus: 200, requestId: 'mc-42', message: 'MaidCentral refused the request: Company is inactive.' });
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});

describe('the MaidCentral sandbox', () => {
  async function signIn(): Promise<string> {
    const { username, password } = DEMO_CREDENTIALS.maidcentral;
    const response = await fetch(`${env.sandbox.baseUrls.maidcentral}/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ username, password, grant_type: 'password' }).toString(),
    });
    const body = (await response.json()) as { access_token: string; token_type: string; expires_in: number };
    expect(body).toMatchObject({ token_type: 'bearer', expires_in: 3600 });
    return body.access_token;
  }

  it('answers a range with IsSuccess:false inside a 200', async () => {
    const token = await signIn();
    const response = await fetch(`${env.sandbox.baseUrls.maidcentral}/api/dr-schedule?startDate=2026-11-23&endDate=2026-11-24`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ IsSuccess: false, Message: 'startDate and endDate must be the same date.', Result: null });
  });

  it('answers an unknown token with its 401 shape, and refuses other grant types', async () => {
    const denied = await fetch(`${env.sandbox.baseUrls.maidcentral}/api/dr-schedule/users`, { headers: { authorization: 'Bearer nope' } });
    expect(denied.status).toBe(401);
    expect(await denied.json()).toEqual({ Message: 'Authorization has been denied for this request.' });
    const grant = await fetch(`${env.sandbox.baseUrls.maidcentral}/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'grant_type=client_credentials',
    });
    expect(grant.status).toBe(400);
    expect(await grant.json()).toMatchObject({ error: 'unsupported_grant_type' });
  });
});
