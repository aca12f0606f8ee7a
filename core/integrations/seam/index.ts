import { defineIntegration, type ConnectionSettings } from '../integration.js';
import { createSeamConnector, type SeamConnector } from './seam.js';

export type SeamSettings = ConnectionSettings<{ apiKey: string }>;

/**
 * Seam Connect: door PINs on the smart locks. Its limits are per device and action (10 creates
 * a minute per lock, held by the connector); the lane keeps the whole account to 10 requests/s.
 */
export const seam = defineIntegration<'seam', SeamSettings, SeamConnector>({
  id: 'seam',
  displayName: 'Seam',
  purpose: 'door PINs on the smart locks',
  vendorBaseUrl: 'https://connect.getseam.com',
  lane: { limit: { requests: 10, windowMs: 1_000 }, concurrency: 2, headroom: 'requests' },
  connect: (settings, hooks) => createSeamConnector({ baseURL: settings.baseURL, credentials: settings.credentials, ...hooks }),
});
