import { afterEach, beforeEach } from 'vitest';
import { createControlClient, type ControlClient } from '../../../sandbox/control-client.js';
import type { FaultSettings } from '../../../sandbox/faults.js';
import { DEMO_CREDENTIALS } from '../../../sandbox/demo-credentials.js';
import { startSandbox, type Sandbox } from '../../../sandbox/server.js';
import { createBeds24Connector, type Beds24ConnectorOptions, type Beds24RoomCalendar } from './beds24.js';

/** What the Beds24 connector tests share: a fresh sandbox per test and its control API. */

export const TODAY = '2026-11-23';

export function useBeds24Sandbox() {
  let sandbox: Sandbox | undefined;
  beforeEach(async () => {
    sandbox = await startSandbox({ port: 0, today: TODAY });
  });
  afterEach(async () => {
    await sandbox?.close();
    sandbox = undefined;
  });
  const current = (): Sandbox => {
    if (!sandbox) throw new Error('The sandbox runs only inside a test');
    return sandbox;
  };
  const control = (): ControlClient => createControlClient(current().url);

  return {
    sandbox: current,
    control,
    connector: (options: Partial<Beds24ConnectorOptions> = {}) =>
      createBeds24Connector({
        baseURL: current().baseUrls.beds24,
        credentials: { refreshToken: DEMO_CREDENTIALS.beds24.refreshToken },
        timeoutMs: 30_000,
        ...options,
      }),
    setFaults: (patch: Partial<FaultSettings>) => control().faults('beds24', patch),
    counters: async () => (await control().counters()).beds24,
    effects: (kind: string) => control().effects({ api: 'beds24', kind }),
    beds24Reservations: () => current().hotel().reservations.filter((r) => r.source === 'beds24'),
  };
}

/** The calendar as one entry per day, to compare with the hotel day by day. */
export function byDay(room: Beds24RoomCalendar): Map<string, Record<string, unknown>> {
  const days = new Map<string, Record<string, unknown>>();
  for (const { from, to, ...values } of room.calendar) {
    for (let at = Date.parse(from); at <= Date.parse(to); at += 86_400_000) days.set(new Date(at).toISOString().slice(0, 10), values);
  }
  return days;
}
