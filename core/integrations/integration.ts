import type { PublishedLimit } from '../queue/request-limiter.js';
import type { RemoteBudget } from '../queue/lane-runner.js';
import type { ConnectorHooks } from './remote-call.js';

/** Where and as whom the app talks to one system: from Settings (live) or the demo (simulated). */
export interface ConnectionSettings<Credentials> {
  mode: 'demo' | 'live';
  baseURL: string;
  credentials: Credentials;
}

/** What the core hands a connector factory besides the settings. */
export interface ConnectHooks extends Required<Pick<ConnectorHooks, 'beforeRequest'>>, Pick<ConnectorHooks, 'clock'> {
  /** The remote system reported its own remaining budget (credit headers). */
  reportBudget(budget: RemoteBudget): void;
}

/**
 * One remote system, as the rest of the app knows it: its name as its maker writes it, its lane
 * (named by `id`) with the limit its API publishes, and how to connect to it. Adding a system
 * is a folder with one of these and a line in `index.ts` (plus its simulator for demo mode).
 */
export interface Integration<Id extends string = string, Settings = unknown, Connector = unknown> {
  /** Also the name of its lane and of its simulator in demo mode. */
  readonly id: Id;
  /** "Seam", "MaidCentral": shown in Sync status, notifications and Settings. */
  readonly displayName: string;
  /** What the app uses it for, in a few words ("door PINs"). */
  readonly purpose: string;
  /** The vendor's own base URL, the default for a live connection. */
  readonly vendorBaseUrl: string;
  readonly lane: {
    /** The API's published limit (or, where none is published, a polite one). */
    readonly limit: PublishedLimit;
    /** Jobs sent at once. */
    readonly concurrency: number;
    /** `credits`: the remote system reports its own remaining budget, which the lane shows. */
    readonly headroom: 'requests' | 'credits';
  };
  connect(settings: Settings, hooks: ConnectHooks): Connector;
}

export function defineIntegration<Id extends string, Settings, Connector>(
  integration: Integration<Id, Settings, Connector>,
): Integration<Id, Settings, Connector> {
  return integration;
}
