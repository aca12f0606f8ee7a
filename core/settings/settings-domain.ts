import type { CallResult, ValidCallArgs } from '../../shared/contract.js';
import {
  NOTIFY_KINDS,
  SCHEDULE_NAMES,
  type CredentialsInput,
  type NotifyKind,
  type ScheduleName,
  type Settings,
  type SettingsSystem,
} from '../../shared/settings-contract.js';
import { CallError } from '../api/call-error.js';
import type { Clock } from '../clock.js';
import type { Logger } from '../logger.js';
import { exchangeInviteCode } from '../integrations/beds24/beds24.js';
import { INTEGRATIONS, type ConnectionSettingsMap, type SystemId } from '../integrations/index.js';
import { coerceError } from '../queue/remote-error.js';
import type { Queue } from '../queue/queue.js';
import type { Db } from '../store/database.js';
import { createDemoMirror } from './demo-mirror.js';
import { cronOf, DEFAULT_SCHEDULES, ScheduleSpecError } from './schedule-spec.js';
import type { SecretVault } from './secret-vault.js';
import { createSettingsStore, type StoredConnection } from './settings-store.js';
import { createWebhookListenerSettings, type WebhookListenerRunner } from './webhook-listener-settings.js';

export interface SettingsDomainDeps {
  db: Db;
  clock: Clock;
  logger: Logger;
  /** Where the host keeps secrets, encrypted. */
  vault: SecretVault;
  /** The host gave its own Beds24 webhook secret: Settings' saved one is not used. */
  hostWebhookSecret?: boolean;
  /** The zone a first start stores (the host's `--time-zone`, else UTC). */
  initialTimeZone: string;
  /** The simulated systems the host started: what a system in demo mode connects to (none: not connected). */
  demoConnections: ConnectionSettingsMap;
  /** Built after the settings, hence a getter. */
  queue: () => Queue;
  /** Rebuilds one system's connector (null: not connected). */
  reconnect(system: SystemId, settings: ConnectionSettingsMap[SystemId] | null): void;
  /** A schedule's pattern or the hotel's zone changed. */
  retime(name: ScheduleName, cron: string, timeZone: string): void;
  changed(settings: Settings): void;
}

const vaultKey = (system: SystemId) => `connection:${system}`;
const integrationOf = (system: SystemId) => INTEGRATIONS.find((integration) => integration.id === system)!;
const DEMO_DISCARD_REASON = 'Switched to the live system: this job was made on the simulated hotel and was not sent';

/** The kind recorded in the database, and the credentials as the connector takes them. */
function credentialsOf(input: CredentialsInput, beds24RefreshToken?: string): { kind: string; stored: unknown } {
  switch (input.system) {
    case 'cloudbeds':
      return { kind: input.credentials.kind, stored: input.credentials };
    case 'beds24':
      return { kind: 'refresh-token', stored: { refreshToken: beds24RefreshToken ?? ('refreshToken' in input.credentials ? input.credentials.refreshToken : '') } };
    case 'stays':
      return { kind: 'client', stored: input.credentials };
    case 'maidcentral':
      return { kind: 'password', stored: input.credentials };
    case 'seam':
      return { kind: 'api-key', stored: input.credentials };
  }
}

/**
 * Settings (issue 11): the property (its zone is the hotel calendar's), each system's connection
 * (mode, address, credentials kept in the host's vault), the flows' schedules and which
 * notifications show. Owns the tables of migration 0014 and the `settings/*` and
 * `connections/*` calls except the test, which needs the live connectors (see core.ts).
 */
export function createSettingsDomain(deps: SettingsDomainDeps) {
  const store = createSettingsStore(deps.db);
  const mirror = createDemoMirror(deps.db);
  const webhooks = createWebhookListenerSettings({ db: deps.db, vault: deps.vault, hostSecret: deps.hostWebhookSecret ?? false });
  store.ensureProperty(deps.initialTimeZone);
  // Every date rule reads the zone: kept here rather than read from SQLite each time.
  let timeZone = store.property().timeZone;

  function storedCredentials(system: SystemId): Record<string, string> | undefined {
    const text = deps.vault.get(vaultKey(system));
    return text === undefined ? undefined : (JSON.parse(text) as Record<string, string>);
  }

  /** A rotated OAuth refresh token replaces the stored one at once: the old one stops working. */
  async function keepRotatedRefreshToken(refreshToken: string): Promise<void> {
    const current = storedCredentials('cloudbeds');
    if (current?.kind !== 'oauth') return;
    await deps.vault.set(vaultKey('cloudbeds'), JSON.stringify({ ...current, refreshToken }));
    deps.logger.info('kept the refresh token Cloudbeds rotated', { system: 'cloudbeds' });
  }

  /** What a system connects to now: the simulator in demo mode, the vendor with stored credentials in live mode. */
  function connectionFor<Id extends SystemId>(system: Id): ConnectionSettingsMap[Id] | null {
    const stored = store.connection(system);
    if (stored.mode === 'demo') return deps.demoConnections[system] ?? null;
    const credentials = storedCredentials(system);
    if (!credentials) return null;
    const baseURL = stored.baseUrl ?? integrationOf(system).vendorBaseUrl;
    if (system === 'cloudbeds') {
      const propertyId = store.property().cloudbedsPropertyId;
      return {
        mode: 'live',
        baseURL,
        credentials,
        ...(propertyId ? { propertyId } : {}),
        onRefreshToken: keepRotatedRefreshToken,
      } as unknown as ConnectionSettingsMap[Id];
    }
    return { mode: 'live', baseURL, credentials } as unknown as ConnectionSettingsMap[Id];
  }

  function scheduleSpecs(): Record<ScheduleName, string> {
    return { ...DEFAULT_SCHEDULES, ...store.schedules() };
  }

  function view(): Settings {
    const property = store.property();
    const kinds = store.notifyKinds();
    const status = deps.queue().status();
    const connections = INTEGRATIONS.map((integration) => {
      const stored = store.connection(integration.id);
      const lane = status.lanes.find((candidate) => candidate.lane === integration.id);
      return {
        system: integration.id,
        displayName: integration.displayName,
        mode: stored.mode,
        baseURL: stored.baseUrl ?? integration.vendorBaseUrl,
        vendorBaseUrl: integration.vendorBaseUrl,
        credentials: { set: deps.vault.get(vaultKey(integration.id)) !== undefined, kind: stored.credentialKind },
        syncEnabled: lane ? lane.state !== 'paused' : true,
        lastTest: stored.lastTest && { ok: stored.lastTest.ok, message: stored.lastTest.message, at: new Date(stored.lastTest.at).toISOString() },
      };
    });
    return {
      property: {
        hotelName: property.hotelName,
        timeZone: property.timeZone,
        currency: property.currency,
        weekendNights: property.weekendNights,
        cloudbedsPropertyId: property.cloudbedsPropertyId,
      },
      connections,
      schedules: scheduleSpecs(),
      channelWebhook: webhooks.view(),
      notifications: {
        kinds: Object.fromEntries(NOTIFY_KINDS.map((kind) => [kind, kinds[kind] ?? true])) as Record<NotifyKind, boolean>,
        osNotifications: property.osNotifications,
      },
      welcomed: property.welcomedAt !== null,
      demo: connections.some((connection) => connection.mode === 'demo'),
    };
  }

  function announce(): Settings {
    const settings = view();
    deps.changed(settings);
    return settings;
  }

  async function update(args: ValidCallArgs<'settings/update'>): Promise<CallResult<'settings/update'>> {
    // Checked before anything is written: a bad schedule leaves everything as it was.
    const crons: Partial<Record<ScheduleName, string>> = {};
    for (const name of SCHEDULE_NAMES) {
      const spec = args.schedules?.[name];
      if (spec === undefined) continue;
      try {
        crons[name] = cronOf(spec);
      } catch (error) {
        if (error instanceof ScheduleSpecError) throw new CallError('invalid_argument', `schedules.${name}: ${error.message}`, `schedules.${name}`);
        throw error;
      }
    }
    const webhookChoice = args.channelWebhook && webhooks.next(args.channelWebhook);
    const reconnect = new Set<SystemId>();
    const syncSwitches: [SystemId, boolean][] = [];
    const zoneBefore = timeZone;
    deps.db.transaction(() => {
      const property = store.property();
      const next = { ...property, ...args.property };
      if (args.notifications?.osNotifications !== undefined) next.osNotifications = args.notifications.osNotifications;
      if (args.welcomed !== undefined) next.welcomedAt = args.welcomed ? (property.welcomedAt ?? deps.clock.now()) : null;
      store.saveProperty(next);
      if (args.property?.cloudbedsPropertyId !== undefined && store.connection('cloudbeds').mode === 'live') reconnect.add('cloudbeds');
      for (const integration of INTEGRATIONS) {
        const change = args.connections?.[integration.id];
        if (!change) continue;
        const before = store.connection(integration.id);
        const after: StoredConnection = {
          ...before,
          ...(change.mode !== undefined ? { mode: change.mode } : {}),
          ...(change.baseURL !== undefined ? { baseUrl: change.baseURL } : {}),
        };
        if (before.mode === 'demo' && after.mode === 'live') {
          // Never send the live system what was made on the simulated hotel.
          deps.queue().discardLane(integration.id, DEMO_DISCARD_REASON);
          if (change.clearDemoData) mirror.clear(integration.id);
        }
        if (after.mode !== before.mode || after.baseUrl !== before.baseUrl) {
          after.lastTest = null;
          reconnect.add(integration.id);
        }
        store.saveConnection(integration.id, after);
        if (change.syncEnabled !== undefined) syncSwitches.push([integration.id, change.syncEnabled]);
      }
      for (const name of SCHEDULE_NAMES) if (args.schedules?.[name] !== undefined) store.saveSchedule(name, args.schedules[name]!.trim());
      if (webhookChoice) webhooks.save(webhookChoice);
      for (const kind of NOTIFY_KINDS) {
        const enabled = args.notifications?.kinds?.[kind];
        if (enabled !== undefined) store.saveNotifyKind(kind, enabled);
      }
    })();
    timeZone = store.property().timeZone;
    for (const system of reconnect) deps.reconnect(system, connectionFor(system));
    for (const [system, on] of syncSwitches) (on ? deps.queue().resume(system) : deps.queue().pause(system));
    const specs = scheduleSpecs();
    for (const name of SCHEDULE_NAMES) {
      if (crons[name] !== undefined || timeZone !== zoneBefore) deps.retime(name, crons[name] ?? cronOf(specs[name]), timeZone);
    }
    // The host's listener is moved before the change is answered, so the answer says what it did.
    if (webhookChoice) await webhooks.run();
    return announce();
  }

  async function setCredentials(input: ValidCallArgs<'connections/set-credentials'>): Promise<CallResult<'connections/set-credentials'>> {
    const system = input.system;
    let beds24RefreshToken: string | undefined;
    if (input.system === 'beds24' && 'inviteCode' in input.credentials) {
      const baseURL = store.connection('beds24').baseUrl ?? integrationOf('beds24').vendorBaseUrl;
      try {
        beds24RefreshToken = (await exchangeInviteCode(baseURL, input.credentials.inviteCode)).data.refreshToken;
      } catch (failure) {
        const error = coerceError(failure);
        throw new CallError('invalid_argument', `Beds24 did not accept the invite code: ${error.message}. Make a new one in Beds24 and enter it again.`, 'credentials.inviteCode');
      }
    }
    const { kind, stored } = credentialsOf(input, beds24RefreshToken);
    await deps.vault.set(vaultKey(system), JSON.stringify(stored));
    store.saveConnection(system, { ...store.connection(system), credentialKind: kind, lastTest: null });
    if (store.connection(system).mode === 'live') deps.reconnect(system, connectionFor(system));
    return announce();
  }

  async function clearCredentials({ system }: ValidCallArgs<'connections/clear-credentials'>): Promise<CallResult<'connections/clear-credentials'>> {
    await deps.vault.delete(vaultKey(system));
    store.saveConnection(system, { ...store.connection(system), credentialKind: null, lastTest: null });
    if (store.connection(system).mode === 'live') deps.reconnect(system, null);
    return announce();
  }

  async function setWebhookSecret({ secret }: ValidCallArgs<'settings/set-webhook-secret'>): Promise<CallResult<'settings/set-webhook-secret'>> {
    await webhooks.setSecret(secret);
    return announce();
  }

  return {
    store,
    /** The loopback webhook listener a host follows: its choice, its saved secret, and what the host reports of it. */
    webhookListener: {
      choice: webhooks.choice,
      secret: webhooks.secret,
      /** A host runs the listener from now on (see `WebhookListenerRunner`); resolves once it matches the saved choice. */
      async runBy(runner: WebhookListenerRunner): Promise<void> {
        if (await webhooks.runBy(runner)) announce();
      },
    },
    /** The hotel's IANA zone now (the hotel calendar reads it). */
    timeZone: () => timeZone,
    /** Every system's connection as the settings say now. */
    connections(): ConnectionSettingsMap {
      return Object.fromEntries(INTEGRATIONS.map((integration) => [integration.id, connectionFor(integration.id)]).filter(([, settings]) => settings)) as ConnectionSettingsMap;
    },
    connectionFor,
    /** A flow's schedule as a cron pattern on the hotel's clock (the Beds24 poller reads `beds24Polling`). */
    scheduleCron(name: ScheduleName): string {
      return cronOf(scheduleSpecs()[name]);
    },
    /** Settings let this notification show on the desktop: desktop notifications on, and its kind on. */
    wantsOsNotification(notification: { type: 'ERROR' | 'SUCCESS' | 'INFO' }): boolean {
      return store.property().osNotifications && (store.notifyKinds()[notification.type.toLowerCase() as NotifyKind] ?? true);
    },
    /** A Test connection's outcome, kept for the screen. */
    recordTest(system: SettingsSystem, outcome: { ok: boolean; message: string }, at: number): void {
      store.saveConnection(system, { ...store.connection(system), lastTest: { ...outcome, at } });
    },
    /** First start in demo mode: what Cloudbeds told of the hotel fills what nobody set. */
    learnFromHotel(hotel: { name: string; currency: string | null; propertyId: string }): void {
      const property = store.property();
      const next = {
        ...property,
        hotelName: property.hotelName ?? hotel.name,
        currency: property.currency ?? hotel.currency,
        // The simulator's property id means nothing to the live Cloudbeds: only a live answer sets it.
        cloudbedsPropertyId: property.cloudbedsPropertyId ?? (store.connection('cloudbeds').mode === 'live' ? hotel.propertyId : null),
      };
      if (next.hotelName === property.hotelName && next.currency === property.currency && next.cloudbedsPropertyId === property.cloudbedsPropertyId) return;
      store.saveProperty(next);
      announce();
    },
    view,
    announce,
    attach() {
      return {
        'settings/get': view,
        'settings/update': update,
        'connections/set-credentials': setCredentials,
        'connections/clear-credentials': clearCredentials,
        'settings/set-webhook-secret': setWebhookSecret,
      };
    },
  };
}

export type SettingsDomain = ReturnType<typeof createSettingsDomain>;
