import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../logger.js';
import { createCore } from '../core.js';
import { makeTempDir } from '../testing/temp-dir.js';
import { startSandbox, type Sandbox } from '../../sandbox/server.js';
import { DEMO_CREDENTIALS } from '../../sandbox/demo-credentials.js';
import { openConnections, type Connections } from './connections.js';

const open: { close(): Promise<void> }[] = [];
afterEach(async () => {
  for (const item of open.splice(0)) await item.close();
});

async function opened(connections: Promise<Connections>): Promise<Connections> {
  const value = await connections;
  open.push(value);
  return value;
}

describe('connections', () => {
  it('point every connector at an in-process sandbox when nothing is configured (demo mode)', async () => {
    const connections = await opened(openConnections({}));
    expect(connections.mode).toEqual({ cloudbeds: 'demo', beds24: 'demo', stays: 'demo', maidcentral: 'demo', seam: 'demo' });
    const { cloudbeds, beds24, stays, maidcentral } = connections.connectors;
    expect((await cloudbeds.getRoomTypes()).data.length).toBeGreaterThanOrEqual(4);
    expect((await beds24.getProperties()).data[0]!.roomTypes.length).toBeGreaterThanOrEqual(4);
    const today = new Date().toISOString().slice(0, 10);
    expect((await stays.getReservations({ from: today, to: today, dateType: 'included' })).httpStatus).toBe(200);
    expect((await maidcentral.getUsers()).data.length).toBeGreaterThanOrEqual(5);
    const counters = connections.sandbox!.ledger.counters();
    expect(counters.cloudbeds.requests).toBeGreaterThan(0);
    expect(counters.maidcentral.requests).toBeGreaterThan(0);
  });

  it("hand Beds24's credit headers to whoever feeds the lane's limiter", async () => {
    const reports: { remaining: number; cost: number }[] = [];
    const connections = await opened(openConnections({ onBeds24Credits: (credits) => reports.push(credits) }));
    await connections.connectors.beds24.getProperties();
    expect(reports.length).toBeGreaterThan(0);
    expect(reports.at(-1)!.remaining).toBeLessThan(100);
    expect(reports.at(-1)!.cost).toBeGreaterThan(0);
  });

  it('send a system that has live settings to its own server, and start no sandbox when all are live', async () => {
    const remote: Sandbox = await startSandbox({ port: 0, today: '2026-11-23' });
    open.push(remote);
    const live = {
      cloudbeds: { baseURL: remote.baseUrls.cloudbeds, credentials: { kind: 'api-key' as const, apiKey: DEMO_CREDENTIALS.cloudbeds.apiKey } },
      beds24: { baseURL: remote.baseUrls.beds24, credentials: { ...DEMO_CREDENTIALS.beds24 } },
      stays: { baseURL: remote.baseUrls.stays, credentials: { ...DEMO_CREDENTIALS.stays } },
      maidcentral: { baseURL: remote.baseUrls.maidcentral, credentials: { ...DEMO_CREDENTIALS.maidcentral } },
      seam: { baseURL: remote.baseUrls.seam, credentials: { ...DEMO_CREDENTIALS.seam } },
    };
    const allLive = await opened(openConnections({ live }));
    expect(allLive.sandbox).toBeNull();
    expect(Object.values(allLive.mode)).toEqual(['live', 'live', 'live', 'live', 'live']);
    await allLive.connectors.cloudbeds.getRoomTypes();
    expect(remote.ledger.counters().cloudbeds.requests).toBe(1);

    const mixed = await opened(openConnections({ live: { cloudbeds: live.cloudbeds } }));
    expect(mixed.mode).toMatchObject({ cloudbeds: 'live', beds24: 'demo' });
    await mixed.connectors.cloudbeds.getRoomTypes();
    expect(remote.ledger.counters().cloudbeds.requests).toBe(2);
    expect(mixed.sandbox!.ledger.counters().cloudbeds.requests).toBe(0);
  });

  it('are opened by the core at start and closed with it', async () => {
    const dir = makeTempDir();
    const core = createCore({ dataDir: dir.path, logger: silentLogger });
    try {
      expect(core.connections).toBeNull();
      await core.start();
      const sandbox = core.connections!.sandbox!;
      expect((await fetch(`${sandbox.url}/__sandbox/health`)).status).toBe(200);
      await core.stop();
      await expect(fetch(`${sandbox.url}/__sandbox/health`)).rejects.toThrow();
    } finally {
      await core.stop();
      dir.remove();
    }
  });
});
