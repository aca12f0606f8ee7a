import { beds24 } from './beds24/index.js';
import { cloudbeds } from './cloudbeds/index.js';
import type { Integration } from './integration.js';
import { maidcentral } from './maidcentral/index.js';
import { seam } from './seam/index.js';
import { stays } from './stays/index.js';

/**
 * Every remote system the app talks to, in the order people see them. The one list: lanes,
 * Sync status, notification texts, the demo's connections and the simulated systems all
 * read it. A new system is a folder beside these and one line here.
 */
export const INTEGRATIONS = [cloudbeds, beds24, stays, maidcentral, seam] as const;

type Registered = (typeof INTEGRATIONS)[number];
export type SystemId = Registered['id'];
type ById<Id extends SystemId> = Extract<Registered, { id: Id }>;
export type SettingsOf<Id extends SystemId> = ById<Id> extends Integration<Id, infer S, unknown> ? S : never;
export type ConnectorOf<Id extends SystemId> = ReturnType<ById<Id>['connect']>;

/** How to reach each system; one left out is not connected (its jobs wait, "needs sign-in"). */
export type ConnectionSettingsMap = { [Id in SystemId]?: SettingsOf<Id> };

export const SYSTEM_IDS: readonly SystemId[] = INTEGRATIONS.map((integration) => integration.id);

export function isSystemId(value: string): value is SystemId {
  return (SYSTEM_IDS as readonly string[]).includes(value);
}

/** The integration whose lane this is; undefined for a local lane. */
export function integrationOfLane(lane: string): Registered | undefined {
  return INTEGRATIONS.find((integration) => integration.id === lane);
}

export { beds24, cloudbeds, maidcentral, seam, stays };
