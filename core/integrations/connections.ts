import type { Clock } from '../clock.js';
import type { RemoteBudget } from '../queue/lane-runner.js';
import { INTEGRATIONS, type ConnectionSettingsMap, type ConnectorOf, type SystemId } from './index.js';
import type { BeforeRequest } from './remote-call.js';

/** Each system's connector, or null when it has no connection settings. */
export type Connectors = { [Id in SystemId]: ConnectorOf<Id> | null };

export interface ConnectOptions {
  settings: ConnectionSettingsMap;
  clock?: Clock;
  /** The lane's gate before each request to a system (the queue's `acquireRequest`). */
  beforeRequest(system: SystemId): BeforeRequest;
  reportBudget(system: SystemId, budget: RemoteBudget): void;
}

/** Builds the connector of every system that has settings, each paying its lane for every request. */
export function connectAll(options: ConnectOptions): Connectors {
  const connectors: Partial<Record<SystemId, unknown>> = {};
  for (const integration of INTEGRATIONS) connectors[integration.id] = connectOne(integration.id, options.settings[integration.id], options);
  return connectors as Connectors;
}

/** One system's connector from its settings (null: none, not connected), paying its lane for every request. */
export function connectOne<Id extends SystemId>(
  system: Id,
  settings: ConnectionSettingsMap[Id] | null | undefined,
  options: Omit<ConnectOptions, 'settings'>,
): Connectors[Id] {
  if (!settings) return null;
  const integration = INTEGRATIONS.find((candidate) => candidate.id === system)!;
  const connect = integration.connect as (settings: unknown, hooks: Parameters<typeof integration.connect>[1]) => unknown;
  return connect(settings, {
    beforeRequest: options.beforeRequest(system),
    reportBudget: (budget) => options.reportBudget(system, budget),
    ...(options.clock ? { clock: options.clock } : {}),
  }) as Connectors[Id];
}

/** Which systems are live, simulated, or not connected at all. */
export function connectionModes(settings: ConnectionSettingsMap): Record<SystemId, 'demo' | 'live' | null> {
  return Object.fromEntries(INTEGRATIONS.map((integration) => [integration.id, settings[integration.id]?.mode ?? null])) as Record<
    SystemId,
    'demo' | 'live' | null
  >;
}
