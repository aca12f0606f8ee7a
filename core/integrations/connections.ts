import type { Clock } from '../clock.js';
import { DEMO_CREDENTIALS } from '../../sandbox/demo-credentials.js';
import { startSandbox, type Sandbox } from '../../sandbox/server.js';
import { createBeds24Connector, type Beds24ConnectorOptions } from './beds24/beds24.js';
import type { Beds24Credits } from './beds24/beds24-types.js';
import { createCloudbedsConnector, type CloudbedsConnectorOptions } from './cloudbeds/cloudbeds.js';
import { createMaidCentralConnector, type MaidCentralConnectorOptions } from './maidcentral/maidcentral.js';
import { createSeamConnector, type SeamConnectorOptions } from './seam/seam.js';
import { createStaysConnector, type StaysConnectorOptions } from './stays/stays.js';

export const REMOTE_SYSTEMS = ['cloudbeds', 'beds24', 'stays', 'maidcentral', 'seam'] as const;
export type RemoteSystemName = (typeof REMOTE_SYSTEMS)[number];

/** Where and as whom the app talks to each system when it is live (from Settings). */
export interface LiveConnections {
  cloudbeds?: Pick<CloudbedsConnectorOptions, 'baseURL' | 'credentials' | 'propertyId'>;
  beds24?: Pick<Beds24ConnectorOptions, 'baseURL' | 'credentials'>;
  stays?: Pick<StaysConnectorOptions, 'baseURL' | 'credentials'>;
  maidcentral?: Pick<MaidCentralConnectorOptions, 'baseURL' | 'credentials'>;
  seam?: Pick<SeamConnectorOptions, 'baseURL' | 'credentials'>;
}

export interface ConnectionOptions {
  /** Systems configured live; every other one talks to the in-process sandbox (demo mode). */
  live?: LiveConnections;
  clock?: Clock;
  /** Beds24's credit headers, for the lane's limiter. */
  onBeds24Credits?: (credits: Beds24Credits) => void;
  /** Cloudbeds handed back a new OAuth refresh token: store it. */
  onCloudbedsRefreshToken?: (refreshToken: string) => void | Promise<void>;
}

/** Which systems are live (configured) and which talk to the sandbox. */
export function connectionModes(live: LiveConnections = {}): Record<RemoteSystemName, 'live' | 'demo'> {
  return Object.fromEntries(REMOTE_SYSTEMS.map((name) => [name, live[name] ? 'live' : 'demo'])) as Record<RemoteSystemName, 'live' | 'demo'>;
}

/**
 * The five connectors the workflows use. A system without live settings points at the
 * sandbox, started here on a loopback port only when at least one system needs it, with the
 * credentials the sandbox accepts: demo mode is what a fresh install runs.
 */
export async function openConnections(options: ConnectionOptions) {
  const live = options.live ?? {};
  const mode = connectionModes(live);
  const sandbox: Sandbox | null = Object.values(mode).includes('demo') ? await startSandbox({ port: 0 }) : null;
  const demo = <S extends RemoteSystemName>(name: S) => ({ baseURL: sandbox!.baseUrls[name] });
  const common = { ...(options.clock ? { clock: options.clock } : {}) };

  const connectors = {
    cloudbeds: createCloudbedsConnector({
      ...common,
      ...(live.cloudbeds ?? { ...demo('cloudbeds'), credentials: { kind: 'api-key', apiKey: DEMO_CREDENTIALS.cloudbeds.apiKey } }),
      ...(options.onCloudbedsRefreshToken ? { onRefreshToken: options.onCloudbedsRefreshToken } : {}),
    }),
    beds24: createBeds24Connector({
      ...common,
      ...(live.beds24 ?? { ...demo('beds24'), credentials: { refreshToken: DEMO_CREDENTIALS.beds24.refreshToken } }),
      ...(options.onBeds24Credits ? { onCredits: options.onBeds24Credits } : {}),
    }),
    stays: createStaysConnector({ ...common, ...(live.stays ?? { ...demo('stays'), credentials: { ...DEMO_CREDENTIALS.stays } }) }),
    maidcentral: createMaidCentralConnector({
      ...common,
      ...(live.maidcentral ?? { ...demo('maidcentral'), credentials: { ...DEMO_CREDENTIALS.maidcentral } }),
    }),
    seam: createSeamConnector({ ...common, ...(live.seam ?? { ...demo('seam'), credentials: { ...DEMO_CREDENTIALS.seam } }) }),
  };

  return {
    connectors,
    /** Which systems are live and which are simulated. */
    mode,
    /** The in-process sandbox (demo mode), for its control API; null when everything is live. */
    sandbox,
    async close(): Promise<void> {
      await sandbox?.close();
    },
  };
}

export type Connections = Awaited<ReturnType<typeof openConnections>>;
export type Connectors = Connections['connectors'];
