import { defineIntegration, type ConnectionSettings } from '../integration.js';
import { createStaysConnector, type StaysConnector, type StaysCredentials } from './stays.js';

export type StaysSettings = ConnectionSettings<StaysCredentials>;

/** Stays external API v1: reservations for reconciliation. It publishes no limit; 10 requests/s is polite. */
export const stays = defineIntegration<'stays', StaysSettings, StaysConnector>({
  id: 'stays',
  displayName: 'Stays',
  purpose: 'reservations to reconcile',
  // Each tenant has its own host: https://{tenant}.stays.net/external/v1.
  vendorBaseUrl: 'https://tenant.stays.net/external/v1',
  lane: { limit: { requests: 10, windowMs: 1_000 }, concurrency: 1, headroom: 'requests' },
  connect: (settings, hooks) => createStaysConnector({ baseURL: settings.baseURL, credentials: settings.credentials, ...hooks }),
});
