import type { NotifyKind, PropertySettings, ScheduleName, WeekNight } from '../../shared/settings-contract.js';
import type { Db } from '../store/database.js';

/** The `property_settings` row as SQLite returns it. */
interface PropertyRow {
  hotel_name: string | null;
  time_zone: string;
  currency: string | null;
  weekend_nights: string;
  cloudbeds_property_id: string | null;
  os_notifications: 0 | 1;
  welcomed_at: number | null;
}

interface ConnectionRow {
  system: string;
  mode: 'demo' | 'live';
  base_url: string | null;
  credential_kind: string | null;
  last_test_ok: 0 | 1 | null;
  last_test_message: string | null;
  last_test_at: number | null;
}

/** One system's stored connection settings (no secrets: those are the host's). */
export interface StoredConnection {
  mode: 'demo' | 'live';
  /** Null: the vendor's own address. */
  baseUrl: string | null;
  credentialKind: string | null;
  lastTest: { ok: boolean; message: string; at: number } | null;
}

export interface StoredProperty extends PropertySettings {
  osNotifications: boolean;
  welcomedAt: number | null;
}

const DEFAULT_CONNECTION: StoredConnection = { mode: 'demo', baseUrl: null, credentialKind: null, lastTest: null };

function propertyOfRow(row: PropertyRow): StoredProperty {
  return {
    hotelName: row.hotel_name,
    timeZone: row.time_zone,
    currency: row.currency,
    weekendNights: row.weekend_nights === '' ? [] : (row.weekend_nights.split(',') as WeekNight[]),
    cloudbedsPropertyId: row.cloudbeds_property_id,
    osNotifications: row.os_notifications === 1,
    welcomedAt: row.welcomed_at,
  };
}

function connectionOfRow(row: ConnectionRow | undefined): StoredConnection {
  if (!row) return DEFAULT_CONNECTION;
  return {
    mode: row.mode,
    baseUrl: row.base_url,
    credentialKind: row.credential_kind,
    lastTest:
      row.last_test_at === null ? null : { ok: row.last_test_ok === 1, message: row.last_test_message ?? '', at: row.last_test_at },
  };
}

/** The one statement of each kind on the settings tables (migration 0014), prepared once. */
export function createSettingsStore(db: Db) {
  const statements = {
    property: db.prepare<[], PropertyRow>('SELECT * FROM property_settings WHERE id = 1'),
    insertProperty: db.prepare('INSERT OR IGNORE INTO property_settings (id, time_zone) VALUES (1, ?)'),
    saveProperty: db.prepare(`UPDATE property_settings SET hotel_name = @hotelName, time_zone = @timeZone, currency = @currency,
      weekend_nights = @weekendNights, cloudbeds_property_id = @cloudbedsPropertyId, os_notifications = @osNotifications,
      welcomed_at = @welcomedAt WHERE id = 1`),
    connection: db.prepare<[string], ConnectionRow>('SELECT * FROM connection_settings WHERE system = ?'),
    saveConnection: db.prepare(`INSERT INTO connection_settings (system, mode, base_url, credential_kind, last_test_ok, last_test_message, last_test_at)
      VALUES (@system, @mode, @baseUrl, @credentialKind, @lastTestOk, @lastTestMessage, @lastTestAt)
      ON CONFLICT (system) DO UPDATE SET mode = excluded.mode, base_url = excluded.base_url, credential_kind = excluded.credential_kind,
        last_test_ok = excluded.last_test_ok, last_test_message = excluded.last_test_message, last_test_at = excluded.last_test_at`),
    schedules: db.prepare<[], { name: string; spec: string }>('SELECT name, spec FROM schedule_settings'),
    saveSchedule: db.prepare('INSERT INTO schedule_settings (name, spec) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET spec = excluded.spec'),
    kinds: db.prepare<[], { kind: string; enabled: 0 | 1 }>('SELECT kind, enabled FROM notification_kind_settings'),
    saveKind: db.prepare('INSERT INTO notification_kind_settings (kind, enabled) VALUES (?, ?) ON CONFLICT (kind) DO UPDATE SET enabled = excluded.enabled'),
  };

  return {
    /** Makes the one property row on first start, with the host's initial time zone. */
    ensureProperty(initialTimeZone: string): void {
      statements.insertProperty.run(initialTimeZone);
    },
    property(): StoredProperty {
      return propertyOfRow(statements.property.get()!);
    },
    saveProperty(property: StoredProperty): void {
      statements.saveProperty.run({
        ...property,
        weekendNights: property.weekendNights.join(','),
        osNotifications: property.osNotifications ? 1 : 0,
      });
    },
    connection(system: string): StoredConnection {
      return connectionOfRow(statements.connection.get(system));
    },
    saveConnection(system: string, connection: StoredConnection): void {
      statements.saveConnection.run({
        system,
        mode: connection.mode,
        baseUrl: connection.baseUrl,
        credentialKind: connection.credentialKind,
        lastTestOk: connection.lastTest === null ? null : connection.lastTest.ok ? 1 : 0,
        lastTestMessage: connection.lastTest?.message ?? null,
        lastTestAt: connection.lastTest?.at ?? null,
      });
    },
    /** The schedules a person set; the others keep their defaults. */
    schedules(): Partial<Record<ScheduleName, string>> {
      return Object.fromEntries(statements.schedules.all().map((row) => [row.name, row.spec]));
    },
    saveSchedule(name: ScheduleName, spec: string): void {
      statements.saveSchedule.run(name, spec);
    },
    /** Kinds set on or off; a kind never set notifies. */
    notifyKinds(): Partial<Record<NotifyKind, boolean>> {
      return Object.fromEntries(statements.kinds.all().map((row) => [row.kind, row.enabled === 1]));
    },
    saveNotifyKind(kind: NotifyKind, enabled: boolean): void {
      statements.saveKind.run(kind, enabled ? 1 : 0);
    },
  };
}

export type SettingsStore = ReturnType<typeof createSettingsStore>;
