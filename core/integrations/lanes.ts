import type { LaneConfig } from '../queue/lane-runner.js';
import { connectionModes } from './connections.js';
import { INTEGRATIONS, type ConnectionSettingsMap } from './index.js';

/** One lane per integration, limited as its API publishes, labelled demo or live as connected. */
export function integrationLanes(settings: ConnectionSettingsMap): LaneConfig[] {
  const modes = connectionModes(settings);
  return INTEGRATIONS.map((integration) => ({
    name: integration.id,
    displayName: integration.displayName,
    concurrency: integration.lane.concurrency,
    limit: integration.lane.limit,
    headroom: integration.lane.headroom,
    ...(modes[integration.id] ? { connection: modes[integration.id]! } : {}),
  }));
}
