import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createControlClient } from '../../../sandbox/control-client.js';
import { DEMO_CREDENTIALS } from '../../../sandbox/demo-credentials.js';
import { startSandbox, type Sandbox } from '../../../sandbox/server.js';
import { failureOf } from '../../testing/remote-failure.js';
import { createCloudbedsConnector } from './cloudbeds.js';
import { parseRatePlans } from './cloudbeds-parse.js';

const STANDARD = { roomTypeId: 501_001, rateId: 900_001 };
const DERIVED_STANDARD = 910_001;

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, today: '2026-11-23' });
});
afterAll(() => sandbox.close());

const connector = () =>
  createCloudbedsConnector({ baseURL: sandbox.baseUrls.cloudbeds, credentials: { kind: 'api-key', apiKey: DEMO_CREDENTIALS.cloudbeds.apiKey } });

describe('reading rate plans with a night that has no rate', () => {
  it('reads a night Cloudbeds answers with rateBase null as null, and the other nights as numbers', async () => {
    await createControlClient(sandbox.url).clearRates(STANDARD.rateId, ['2026-12-02']);
    const { data } = await connector().getRatePlans({ startDate: '2026-12-01', endDate: '2026-12-04', roomTypeId: STANDARD.roomTypeId, detailedRates: true });

    const rateOn = (date: string) => sandbox.hotel().rates.get(STANDARD.rateId)!.get(date)!;
    const nights = (rateId: number) => data.find((plan) => plan.rateId === rateId)!.roomRateDetailed.map((night) => [night.date, night.rateBase]);
    expect(nights(STANDARD.rateId)).toEqual([
      ['2026-12-01', rateOn('2026-12-01')],
      ['2026-12-02', null],
      ['2026-12-03', rateOn('2026-12-03')],
    ]);
    // The derived plan follows its parent: no rate that night either.
    expect(nights(DERIVED_STANDARD).map(([, rate]) => rate === null)).toEqual([false, true, false]);
  });

  it('reads a night without rateBase as null too, and still calls a rate that is not a number unreadable', async () => {
    const answer = (night: Record<string, unknown>) => ({
      success: true,
      data: [{ rateID: '900001', roomTypeID: '501001', isDerived: false, roomRate: 120, roomRateDetailed: [{ date: '2026-12-01', ...night }] }],
    });
    expect(parseRatePlans(answer({ totalRate: 0 }))[0]!.roomRateDetailed).toEqual([{ date: '2026-12-01', rateBase: null, totalRate: 0 }]);
    expect(parseRatePlans(answer({ rateBase: '135.5' }))[0]!.roomRateDetailed).toEqual([{ date: '2026-12-01', rateBase: 135.5 }]);
    const error = await failureOf(Promise.resolve().then(() => parseRatePlans(answer({ rateBase: 'n/a' }))));
    expect(error).toMatchObject({ kind: 'server', message: expect.stringContaining('data[0].roomRateDetailed[0].rateBase is not a number') });
  });
});
