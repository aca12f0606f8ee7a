import { defineIntegration, type ConnectionSettings } from '../integration.js';
import { createCloudbedsConnector, type CloudbedsConnector, type CloudbedsCredentials } from './cloudbeds.js';

export interface CloudbedsSettings extends ConnectionSettings<CloudbedsCredentials> {
  /** Sent where a method takes one (needed for credentials that reach several properties). */
  propertyId?: number | string;
  /** Told each rotated OAuth refresh token as it arrives, so the host keeps the one that works. */
  onRefreshToken?: (refreshToken: string) => void | Promise<void>;
}

/** Cloudbeds PMS API v1.3: rates, room types, reservations. 5 requests/s per property. */
export const cloudbeds = defineIntegration<'cloudbeds', CloudbedsSettings, CloudbedsConnector>({
  id: 'cloudbeds',
  displayName: 'Cloudbeds',
  purpose: 'rates, room types and reservations',
  vendorBaseUrl: 'https://api.cloudbeds.com/api/v1.3',
  lane: { limit: { requests: 5, windowMs: 1_000 }, concurrency: 2, headroom: 'requests' },
  connect: (settings, hooks) =>
    createCloudbedsConnector({
      baseURL: settings.baseURL,
      credentials: settings.credentials,
      ...(settings.propertyId !== undefined ? { propertyId: settings.propertyId } : {}),
      ...(settings.onRefreshToken ? { onRefreshToken: settings.onRefreshToken } : {}),
      ...hooks,
    }),
});
