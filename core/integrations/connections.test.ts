import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemo, type Demo } from '../../demo/demo.js';
import { createCore } from '../core.js';
import { silentLogger } from '../logger.js';
import { makeTempDir } from '../testing/temp-dir.js';
import { connectAll, connectionModes } from './connections.js';
import { INTEGRATIONS, SYSTEM_IDS, type SystemId } from './index.js';

let demo: Demo;
beforeAll(async () => {
  demo = await startDemo({ today: '2026-11-23' });
});
afterAll(() => demo.close());

describe('connections', () => {
  it('make every request of every connector, token refreshes and pages included, wait for its own lane first', async () => {
    const paid: Record<string, number> = {};
    const answered: Record<string, number> = {};
    const budgets: SystemId[] = [];
    const connectors = connectAll({
      settings: demo.connections,
      beforeRequest: (system) => async () => {
        paid[system] = (paid[system] ?? 0) + 1;
        return { answered: () => void (answered[system] = (answered[system] ?? 0) + 1) };
      },
      reportBudget: (system) => budgets.push(system),
    });
    // Small pages, so the room types take several requests.
    await connectors.cloudbeds!.getRoomTypes({ pageSize: 2 });
    await connectors.beds24!.getProperties();
    await connectors.stays!.getReservations({ from: '2026-11-23', to: '2026-11-24', dateType: 'included' });
    await connectors.maidcentral!.getUsers();
    // A refused request is paid for like any other.
    await expect(connectors.seam!.getAccessCode('no-such-code')).rejects.toMatchObject({ kind: 'validation' });
    const counted = demo.sandbox.ledger.counters();
    expect(Object.fromEntries(SYSTEM_IDS.map((id) => [id, counted[id].requests]))).toEqual(paid);
    // Each told its lane when its answer came (the refused one too), to be counted from then.
    expect(answered).toEqual(paid);
    expect(paid.cloudbeds).toBeGreaterThanOrEqual(3);
    // Beds24's credit headers reach its lane.
    expect(new Set(budgets)).toEqual(new Set(['beds24']));
  });

  it('leave a system without settings unconnected, and tell each lane’s mode', () => {
    const connectors = connectAll({ settings: { cloudbeds: demo.connections.cloudbeds }, beforeRequest: () => async () => {}, reportBudget: () => {} });
    expect(connectors.cloudbeds).not.toBeNull();
    expect(connectors.beds24).toBeNull();
    expect(connectionModes({ cloudbeds: { ...demo.connections.cloudbeds, mode: 'live' }, stays: demo.connections.stays })).toEqual({
      cloudbeds: 'live',
      beds24: null,
      stays: 'demo',
      maidcentral: null,
      seam: null,
    });
  });

  it('are registered in one list, each with its name as its maker writes it and a published limit', () => {
    expect(INTEGRATIONS.map((integration) => [integration.id, integration.displayName])).toEqual([
      ['cloudbeds', 'Cloudbeds'],
      ['beds24', 'Beds24'],
      ['stays', 'Stays'],
      ['maidcentral', 'MaidCentral'],
      ['seam', 'Seam'],
    ]);
    for (const integration of INTEGRATIONS) {
      expect(integration.vendorBaseUrl).toMatch(/^https:\/\//);
      expect(integration.lane.limit.requests).toBeGreaterThanOrEqual(1);
    }
  });
});

describe('the registered systems', () => {
  it('each have a lane, and every lane has a flow that uses it', async () => {
    const dir = makeTempDir();
    const core = createCore({ dataDir: dir.path, logger: silentLogger, connections: demo.connections });
    try {
      const lanes = core.queue.status().lanes;
      expect(lanes.map((lane) => [lane.lane, lane.displayName, lane.connection])).toEqual(
        INTEGRATIONS.map((integration) => [integration.id, integration.displayName, 'demo']),
      );
      // Channel sync was the last flow to land; a new system registered without a flow makes this fail.
      const unused = lanes.filter((lane) => lane.jobKinds.length === 0).map((lane) => lane.lane);
      expect(unused).toEqual([]);
    } finally {
      await core.stop();
      dir.remove();
    }
  });
});
