import { describe, expect, it } from 'vitest';
import { DEMO_CREDENTIALS } from '../demo-credentials.js';
import { useSandbox } from '../testing.js';

const env = useSandbox();

async function signIn(): Promise<string> {
  const { username, password } = DEMO_CREDENTIALS.maidcentral;
  const response = await fetch(`${env.sandbox.baseUrls.maidcentral}/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ username, password, grant_type: 'password' }).toString(),
  });
  return ((await response.json()) as { access_token: string }).access_token;
}

const scheduleOf = (token: string, date: string) =>
  fetch(`${env.sandbox.baseUrls.maidcentral}/api/dr-schedule?startDate=${date}&endDate=${date}`, { headers: { authorization: `Bearer ${token}` } });

describe('the MaidCentral sandbox’s faults', () => {
  it('fails one day of the schedule with a 503 when burst5xx names it in the query string, and serves the others', async () => {
    await env.control.limit('maidcentral', { limit: 100, windowMs: 1_000 });
    await env.control.faults('maidcentral', { burst5xx: { count: 2, pathContains: 'startDate=2026-11-25' } });
    const token = await signIn();
    const statuses = [];
    for (const date of ['2026-11-24', '2026-11-25', '2026-11-26', '2026-11-25', '2026-11-25']) statuses.push((await scheduleOf(token, date)).status);
    // Two 503s for the 25th, then the burst is spent.
    expect(statuses).toEqual([200, 503, 200, 503, 200]);
    expect((await env.control.counters()).maidcentral).toMatchObject({ requests: 6, injectedFaults: 2 });
  });

  it('schedules a believable day: every clean has a room, a team, its staff and a time slot of the working day', async () => {
    const token = await signIn();
    const body = (await (await scheduleOf(token, '2026-11-24')).json()) as { Result: Record<string, unknown>[] };
    expect(body.Result.length).toBeGreaterThanOrEqual(10);
    for (const job of body.Result) {
      expect(job).toMatchObject({
        HomeInformation: { HomeName: expect.stringMatching(/^Room \d{3}$/) as string },
        ScheduledTeams: [{ TeamListDescription: expect.stringMatching(/^Team /) as string }],
        ScheduledStartTime: expect.stringMatching(/^2026-11-24T(1[1-7]):\d{2}:00$/) as string,
      });
      expect((job.EmployeeSchedules as unknown[]).length).toBeGreaterThan(0);
    }
  });
});
