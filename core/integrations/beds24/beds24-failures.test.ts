import { describe, expect, it } from 'vitest';
import { DEMO_CREDENTIALS } from '../../../sandbox/demo-credentials.js';
import { ManualClock } from '../../testing/manual-clock.js';
import { failureOf } from '../../testing/remote-failure.js';
import { creditsFromHeaders, exchangeInviteCode, type Beds24Credits } from './beds24.js';
import { useBeds24Sandbox } from './beds24-test-fixture.js';

const { sandbox, connector, control, setFaults, counters } = useBeds24Sandbox();

describe('Beds24 connector: failures', () => {
  it('reports an unreachable Beds24 as a network error', async () => {
    await setFaults({ outage: true });
    const error = await failureOf(connector().getProperties());
    expect(error.kind).toBe('network');
  });

  it('reports a 429 as rate_limited with its Retry-After', async () => {
    const beds24 = connector();
    await beds24.getProperties();
    await setFaults({ burst429: { count: 1, retryAfterSeconds: 7 } });
    const error = await failureOf(beds24.getProperties());
    expect(error).toMatchObject({ kind: 'rate_limited', httpStatus: 429, retryAfterMs: 7000 });
    expect(error.requestId).toEqual(expect.any(String));
  });

  it('reports a spent credit window as rate_limited, with the time until credits free up', async () => {
    await control().limit('beds24', { limit: 3, windowMs: 60_000 });
    const beds24 = connector();
    for (let i = 0; i < 3; i += 1) await beds24.getProperties();
    const error = await failureOf(beds24.getProperties());
    expect(error.kind).toBe('rate_limited');
    expect(error.retryAfterMs).toBeGreaterThan(0);
    expect(error.retryAfterMs).toBeLessThanOrEqual(60_000);
    expect((await counters()).overLimit).toBe(1);
  });

  it('reports a 5xx as a server error with the request id', async () => {
    const beds24 = connector();
    await beds24.getProperties();
    await setFaults({ errorRate: 1 });
    const error = await failureOf(beds24.getBookings());
    expect(error).toMatchObject({ kind: 'server', httpStatus: 503 });
    expect(error.message).toContain('Service temporarily unavailable');
    expect(error.requestId).toEqual(expect.any(String));
  });

  it('reports a timeout as a server error', async () => {
    await setFaults({ latencyMs: 400 });
    const error = await failureOf(connector({ timeoutMs: 100 }).getProperties());
    expect(error.kind).toBe('server');
  });

  it('reports revoked access as an auth error', async () => {
    const beds24 = connector();
    await beds24.getProperties();
    await setFaults({ authRevoked: true });
    const error = await failureOf(beds24.getProperties());
    expect(error).toMatchObject({ kind: 'auth', httpStatus: 401 });
  });

  it('reports a request Beds24 rejects as validation, in Beds24 own words', async () => {
    const error = await failureOf(connector().getRoomCalendar({ startDate: '2026-12-10', endDate: '2026-12-01', includePrices: true }));
    expect(error).toMatchObject({ kind: 'validation', httpStatus: 400 });
    expect(error.message).toBe('Beds24 answered 400: endDate must not be before startDate');
  });

  it('reports a value the remote system refuses as validation, and nothing is written', async () => {
    await setFaults({ rejectValues: ['Mallory'] });
    const error = await failureOf(connector().postBookings([{ roomId: 77001, arrival: '2026-12-01', departure: '2026-12-02', firstName: 'Mallory' }]));
    expect(error).toMatchObject({ kind: 'validation', httpStatus: 400 });
    expect(error.message).toContain('Invalid value "Mallory"');
    expect((await counters()).effects).toBe(0);
  });
});

describe('Beds24 connector: tokens and credits', () => {
  it('takes a new token once after the old one expired, and the call succeeds', async () => {
    const beds24 = connector();
    await beds24.getProperties();
    expect((await counters()).requests).toBe(2);
    await control().expireTokens('beds24');

    const result = await beds24.getProperties();

    expect(result.data).toHaveLength(1);
    // The refused call, the token, the call again.
    expect((await counters()).requests).toBe(5);
  });

  it('refreshes the token shortly before it expires, not on every call', async () => {
    const clock = new ManualClock();
    const beds24 = connector({ clock });
    await beds24.getProperties();
    await beds24.getProperties();
    expect((await counters()).requests).toBe(3);

    await clock.advance(86_400_000 - 4 * 60_000);
    await beds24.getProperties();
    expect((await counters()).requests).toBe(5);
  });

  it('reports a refused refresh token as auth, without the secret anywhere', async () => {
    const secret = 'b24-refresh-secret-that-must-not-leak';
    const error = await failureOf(connector({ credentials: { refreshToken: secret } }).getBookings());
    expect(error.kind).toBe('auth');
    expect(error.message).toContain('Refresh token is not valid');
    for (const text of [error.message, JSON.stringify(error), String(error.stack)]) expect(text).not.toContain(secret);
  });

  it('never puts the refresh token in errors of failed calls', async () => {
    await setFaults({ errorRate: 1 });
    const error = await failureOf(connector().getBookings());
    for (const text of [error.message, JSON.stringify(error), String(error.stack)]) expect(text).not.toContain(DEMO_CREDENTIALS.beds24.refreshToken);
  });

  it('passes the credit headers of every charged answer to onCredits; token calls are free', async () => {
    const seen: Beds24Credits[] = [];
    const beds24 = connector({ onCredits: (credits) => seen.push(credits) });
    await beds24.getProperties();
    await beds24.getProperties();
    await beds24.getRoomCalendar({ startDate: '2026-12-01', endDate: '2027-01-31', includeNumAvail: true });

    expect(seen.map(({ remaining, cost }) => ({ remaining, cost }))).toEqual([
      { remaining: 99, cost: 1 },
      { remaining: 98, cost: 1 },
      { remaining: 96, cost: 2 },
    ]);
    for (const credits of seen) expect(credits.resetsInMs).toBeGreaterThan(0);
    for (const credits of seen) expect(credits.resetsInMs).toBeLessThanOrEqual(300_000);
  });

  it('reads the credit headers in the spec spelling too', () => {
    expect(creditsFromHeaders({ 'X-FiveMinCreditLimit-Remaining': '42', 'X-FiveMinCreditLimit-ResetsIn': '120', 'X-RequestCost': '3' })).toEqual({
      remaining: 42,
      resetsInMs: 120_000,
      cost: 3,
    });
    expect(creditsFromHeaders({ 'x-five-min-limit-remaining': '7', 'x-five-min-limit-resets-in': '5', 'x-request-cost': '1' })).toEqual({
      remaining: 7,
      resetsInMs: 5000,
      cost: 1,
    });
    expect(creditsFromHeaders({ 'content-type': 'application/json' })).toBeUndefined();
  });

  it('keeps a call alive when the onCredits listener throws', async () => {
    const beds24 = connector({
      onCredits: () => {
        throw new Error('listener bug');
      },
    });
    expect((await beds24.getProperties()).data).toHaveLength(1);
  });

  it('exchanges an invite code for a refresh token the connector can use', async () => {
    const setup = await exchangeInviteCode(sandbox().baseUrls.beds24, DEMO_CREDENTIALS.beds24.inviteCode);
    expect(setup.data).toEqual({ token: expect.any(String), expiresIn: 86_400, refreshToken: expect.any(String) });
    const result = await connector({ credentials: { refreshToken: setup.data.refreshToken } }).getProperties();
    expect(result.data).toHaveLength(1);
  });

  it('reports a wrong invite code as auth, without the code', async () => {
    const code = 'not-an-invite-code-4711';
    const error = await failureOf(exchangeInviteCode(sandbox().baseUrls.beds24, code));
    expect(error.kind).toBe('auth');
    expect(error.message).toContain('Invite code is not valid');
    expect(JSON.stringify(error) + error.message).not.toContain(code);
  });
});

