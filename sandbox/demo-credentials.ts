/**
 * The credentials the sandbox accepts, and that demo mode gives the connectors. They open
 * nothing but the local simulator.
 */
export const DEMO_CREDENTIALS = {
  cloudbeds: {
    apiKey: 'cbat_demo_harbourlight_key',
    clientId: 'demo_harbourlight_client',
    clientSecret: 'demo_harbourlight_secret',
    refreshToken: 'demo_cloudbeds_refresh_token',
  },
  beds24: { inviteCode: 'demo-beds24-invite-code', refreshToken: 'demo-beds24-refresh-token' },
  stays: { clientId: 'demo-stays-client', clientSecret: 'demo-stays-secret' },
  maidcentral: { username: 'frontdesk@harbourlight.example', password: 'demo-housekeeping' },
  seam: { apiKey: 'seam_demo_harbourlight_key' },
} as const;
