import { defineIntegration, type ConnectionSettings } from '../integration.js';
import { createMaidCentralConnector, type MaidCentralConnector, type MaidCentralCredentials } from './maidcentral.js';

export type MaidCentralSettings = ConnectionSettings<MaidCentralCredentials>;

/** MaidCentral API v2: the housekeeping schedule. It publishes no limit and answers in 2–5 s; 2 requests/s. */
export const maidcentral = defineIntegration<'maidcentral', MaidCentralSettings, MaidCentralConnector>({
  id: 'maidcentral',
  displayName: 'MaidCentral',
  purpose: 'the housekeeping schedule',
  vendorBaseUrl: 'https://api.maidcentral.com',
  lane: { limit: { requests: 2, windowMs: 1_000 }, concurrency: 1, headroom: 'requests' },
  connect: (settings, hooks) => createMaidCentralConnector({ baseURL: settings.baseURL, credentials: settings.credentials, ...hooks }),
});
