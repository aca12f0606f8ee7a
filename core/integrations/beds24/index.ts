import { defineIntegration, type ConnectionSettings } from '../integration.js';
import { createBeds24Connector, type Beds24Connector } from './beds24.js';

export type Beds24Settings = ConnectionSettings<{ refreshToken: string }>;

/**
 * Beds24 API V2, the channel manager: bookings and availability. 100 credits per 5 minutes; a
 * call costs at least one, and the credit headers of each answer tell what is left.
 */
export const beds24 = defineIntegration<'beds24', Beds24Settings, Beds24Connector>({
  id: 'beds24',
  displayName: 'Beds24',
  purpose: 'channel bookings and availability',
  vendorBaseUrl: 'https://beds24.com/api/v2',
  lane: { limit: { requests: 100, windowMs: 300_000 }, concurrency: 1, headroom: 'credits' },
  connect: (settings, hooks) =>
    createBeds24Connector({ baseURL: settings.baseURL, credentials: settings.credentials, ...hooks, onCredits: hooks.reportBudget }),
});
