import type { LaneConfig } from '../queue/lane-runner.js';
import { marginFor } from '../queue/request-limiter.js';
import { connectionModes } from './connections.js';
import { INTEGRATIONS, type ConnectionSettingsMap } from './index.js';

/** The queue's default lease: long enough for a request and its polls. */
const BASE_LEASE_MS = 5 * 60_000;
/**
 * The longest quiet start: a whole window for the per-second limits; Beds24's five-minute
 * budget is reported by Beds24 itself in every answer, so its lane need not sit out the window.
 */
export const MAX_QUIET_AT_START_MS = 5_000;

/** One lane per integration, limited as its API publishes, labelled demo or live as connected. */
export function integrationLanes(settings: ConnectionSettingsMap): LaneConfig[] {
  const modes = connectionModes(settings);
  return INTEGRATIONS.map((integration) => ({
    name: integration.id,
    displayName: integration.displayName,
    concurrency: integration.lane.concurrency,
    limit: integration.lane.limit,
    headroom: integration.lane.headroom,
    // A job may wait up to a whole window of the limit for its request (Beds24's is 5 minutes):
    // its lease must outlast that wait, or another worker would take over a job still in hand.
    leaseMs: Math.max(BASE_LEASE_MS, 2 * integration.lane.limit.windowMs),
    // Requests sent just before a crash still count at the API for one window.
    quietAtStartMs: Math.min(MAX_QUIET_AT_START_MS, integration.lane.limit.windowMs + marginFor(integration.lane.limit)),
    ...(modes[integration.id] ? { connection: modes[integration.id]! } : {}),
  }));
}
