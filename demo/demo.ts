import { randomBytes } from 'node:crypto';
import type { ConnectionSettingsMap, SystemId } from '../core/integrations/index.js';
import { DEMO_CREDENTIALS } from '../sandbox/demo-credentials.js';
import { startSandbox, type Sandbox, type SandboxOptions } from '../sandbox/server.js';

/**
 * Connection settings that point every system at the simulator, with the credentials it
 * accepts: what a first start (no credentials) runs on. Typed per system, so a registered
 * integration without demo settings does not compile.
 */
export function demoConnections(baseUrls: Record<SystemId, string>): Required<ConnectionSettingsMap> {
  const demo = <Id extends SystemId>(id: Id) => ({ mode: 'demo' as const, baseURL: baseUrls[id] });
  return {
    cloudbeds: { ...demo('cloudbeds'), credentials: { kind: 'api-key', apiKey: DEMO_CREDENTIALS.cloudbeds.apiKey } },
    beds24: { ...demo('beds24'), credentials: { refreshToken: DEMO_CREDENTIALS.beds24.refreshToken } },
    stays: { ...demo('stays'), credentials: { ...DEMO_CREDENTIALS.stays } },
    maidcentral: { ...demo('maidcentral'), credentials: { ...DEMO_CREDENTIALS.maidcentral } },
    seam: { ...demo('seam'), credentials: { ...DEMO_CREDENTIALS.seam } },
  };
}

/**
 * Demo mode against a simulator running in another process (`npm run sandbox`): the settings
 * that reach it, read from its health route. For hosts whose simulated effects must outlive
 * them (the reliability suite kills the host, and counts the effects at the simulator).
 */
export async function connectToSimulator(url: string): Promise<Required<ConnectionSettingsMap>> {
  let answer: Response;
  try {
    answer = await fetch(`${url.replace(/\/+$/, '')}/__sandbox/health`);
  } catch (error) {
    throw new Error(`No simulator answers at ${url} (${(error as Error).message}); start one with npm run sandbox`);
  }
  const body = (await answer.json().catch(() => null)) as { apis?: Record<SystemId, string> } | null;
  if (!answer.ok || !body?.apis) throw new Error(`${url} is not a simulator (its /__sandbox/health answered ${answer.status})`);
  return demoConnections(body.apis);
}

export interface Demo {
  /** The in-process simulator (its control API is at `${sandbox.url}/__sandbox/`). */
  sandbox: Sandbox;
  /** Every system pointed at the simulator. */
  connections: Required<ConnectionSettingsMap>;
  close(): Promise<void>;
}

/**
 * Demo mode, for the hosts: starts the simulated hotel on a loopback port and gives the
 * connection settings that reach it. The core never starts it itself; a host that wants a
 * simulated system passes these settings for it, live ones for the others.
 */
export async function startDemo(options: Pick<SandboxOptions, 'today' | 'seed' | 'rateJobDelayMs' | 'clock' | 'staysReservations'> = {}): Promise<Demo> {
  // Fresh each run: only this process (and who it tells) may steer the simulated hotel.
  const sandbox = await startSandbox({ port: 0, controlToken: randomBytes(24).toString('base64url'), ...options });
  return { sandbox, connections: demoConnections(sandbox.baseUrls), close: () => sandbox.close() };
}
