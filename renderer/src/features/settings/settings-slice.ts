import type { CallArgs, ConnectionTest, Settings, SettingsSystem, SettingsUpdate } from '../../../../shared/contract.js';
import type { AppSlice } from '../../store.js';

export interface SettingsSlice {
  /** Null until the host has answered. */
  settings: Settings | null;
  /** The last Test connection of each system in this session (`running` while it is out). */
  connectionTests: Partial<Record<SettingsSystem, ConnectionTest | 'running'>>;
  loadSettings(): Promise<void>;
  /** True when the host took it; a refusal (naming the field) shows as the app's problem. */
  updateSettings(update: SettingsUpdate): Promise<boolean>;
  setCredentials(input: CallArgs<'connections/set-credentials'>): Promise<boolean>;
  clearCredentials(system: SettingsSystem): Promise<void>;
  /** Saves (null: forgets) the Beds24 webhooks' signing secret; true when the host took it. */
  setWebhookSecret(secret: string | null): Promise<boolean>;
  testConnection(system: SettingsSystem): Promise<void>;
  settingsChanged(settings: Settings): void;
}

export const createSettingsSlice: AppSlice<SettingsSlice> = (set, get) => {
  // The hotel's zone lives in Settings now; the clock of every screen follows it at once.
  const keep = (settings: Settings) => {
    const hotel = get().hotel;
    set({ settings, ...(hotel && hotel.timeZone !== settings.property.timeZone ? { hotel: { ...hotel, timeZone: settings.property.timeZone } } : {}) });
  };
  return {
    settings: null,
    connectionTests: {},
    async loadSettings() {
      const settings = await get().run('settings/get', {});
      if (settings) keep(settings);
    },
    async updateSettings(update) {
      const settings = await get().run('settings/update', update);
      if (settings) keep(settings);
      return settings !== null;
    },
    async setCredentials(input) {
      const settings = await get().run('connections/set-credentials', input);
      if (settings) keep(settings);
      return settings !== null;
    },
    async clearCredentials(system) {
      const settings = await get().run('connections/clear-credentials', { system });
      if (settings) keep(settings);
    },
    async setWebhookSecret(secret) {
      const settings = await get().run('settings/set-webhook-secret', { secret });
      if (settings) keep(settings);
      return settings !== null;
    },
    async testConnection(system) {
      set({ connectionTests: { ...get().connectionTests, [system]: 'running' } });
      const outcome = await get().run('connections/test', { system });
      const tests = { ...get().connectionTests };
      if (outcome) tests[system] = outcome;
      else delete tests[system];
      set({ connectionTests: tests });
    },
    settingsChanged: keep,
  };
};

/** Some system still runs on the simulated hotel. */
export const isDemo = (settings: Settings | null): boolean => settings?.demo ?? false;
