/**
 * Settings (issue 11): the property, the connection to each remote system, the schedules of the
 * flows and which notifications are shown. Secrets go in through `connections/set-credentials`
 * and never come back out: `settings/get` tells only whether each system's are set. Merged into
 * the call and event maps in `contract.ts`.
 */
import { z } from 'zod';

/** The remote systems, in the order people see them (the core's INTEGRATIONS list). */
export const SETTINGS_SYSTEMS = ['cloudbeds', 'beds24', 'stays', 'maidcentral', 'seam'] as const;
export type SettingsSystem = (typeof SETTINGS_SYSTEMS)[number];

/** Nights of the week, as the weekend setting names them. */
export const WEEK_NIGHTS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type WeekNight = (typeof WEEK_NIGHTS)[number];

/** The flows' schedules a person may change. */
export const SCHEDULE_NAMES = ['reconciliation', 'housekeeping', 'beds24Polling'] as const;
export type ScheduleName = (typeof SCHEDULE_NAMES)[number];

/** Notification kinds as the bell has them (`NOTIFICATION_TYPES`), lower-case here. */
export const NOTIFY_KINDS = ['error', 'success', 'info'] as const;
export type NotifyKind = (typeof NOTIFY_KINDS)[number];

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

const timeZone = z.string().min(1).max(64).refine(isTimeZone, 'is not an IANA time zone (such as Europe/Lisbon)');
const currency = z.string().regex(/^[A-Z]{3}$/, 'must be a three-letter ISO 4217 code such as EUR');
const text = (max: number) => z.string().trim().min(1).max(max);
/** A remote system's address: https, or http on this machine (the simulator, a test's vendor). */
const baseUrl = z
  .string()
  .max(300)
  .refine((value) => {
    try {
      const url = new URL(value);
      return url.protocol === 'https:' || (url.protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname));
    } catch {
      return false;
    }
  }, 'must be an https:// address (or http:// on this machine)');
/** A cron pattern (`*\/30 * * * *`) or an interval (`30m`, `1h`); the core checks it further. */
const scheduleText = z.string().trim().min(1).max(100);

export const propertySettingsSchema = z.object({
  /** Null until set or told by Cloudbeds. */
  hotelName: z.string().nullable(),
  /** The IANA zone every date rule reads ("today", past dates, PIN times, schedules). */
  timeZone: z.string(),
  /** ISO 4217; null until set or told by Cloudbeds. */
  currency: z.string().nullable(),
  weekendNights: z.array(z.enum(WEEK_NIGHTS)),
  cloudbedsPropertyId: z.string().nullable(),
});
export type PropertySettings = z.infer<typeof propertySettingsSchema>;

export const connectionSettingsSchema = z.object({
  system: z.enum(SETTINGS_SYSTEMS),
  displayName: z.string(),
  /** `demo`: the simulated hotel inside the app; `live`: the vendor, at `baseURL`, with the stored credentials. */
  mode: z.enum(['demo', 'live']),
  /** Where live requests go: the vendor's own address unless changed. */
  baseURL: z.string(),
  vendorBaseUrl: z.string(),
  /** Whether credentials are stored, and of which kind; never their values. */
  credentials: z.object({ set: z.boolean(), kind: z.string().nullable() }),
  /** Off: the system's lane is paused (nothing is sent, jobs wait). */
  syncEnabled: z.boolean(),
  /** The last Test connection, if any. */
  lastTest: z.object({ ok: z.boolean(), message: z.string(), at: z.string() }).nullable(),
});
export type ConnectionSettingsView = z.infer<typeof connectionSettingsSchema>;

/** The lowest and highest port the webhook listener may take: no privileged ports. */
export const WEBHOOK_PORT_RANGE = { min: 1024, max: 65535 } as const;
const webhookPort = z
  .number()
  .int('must be a whole number')
  .min(WEBHOOK_PORT_RANGE.min, `must be a port from ${WEBHOOK_PORT_RANGE.min} to ${WEBHOOK_PORT_RANGE.max}`)
  .max(WEBHOOK_PORT_RANGE.max, `must be a port from ${WEBHOOK_PORT_RANGE.min} to ${WEBHOOK_PORT_RANGE.max}`);

/** What the host's webhook listener is doing now: `failed` carries what to do ("Port 8123 is in use: choose another"). */
export const webhookListenerStatusSchema = z.object({ state: z.enum(['off', 'listening', 'failed']), message: z.string() });
export type WebhookListenerStatus = z.infer<typeof webhookListenerStatusSchema>;

/**
 * Beds24 webhooks on a port of 127.0.0.1 (off by default), for a hotel whose tunnel forwards to
 * this machine. Only `POST /webhooks/beds24` is answered there; the signature is the only check.
 */
export const channelWebhookSchema = z.object({
  enabled: z.boolean(),
  /** Null until chosen. */
  port: z.number().int().nullable(),
  /**
   * The signing secret: whether one is saved in Settings (never shown), and whether the host
   * gave its own (its environment, or the demo's), which is then used instead. Neither: webhooks are refused.
   */
  secret: z.object({ saved: z.boolean(), fromHost: z.boolean() }),
  listener: webhookListenerStatusSchema,
});
export type ChannelWebhookSettings = z.infer<typeof channelWebhookSchema>;

export const settingsSchema = z.object({
  property: propertySettingsSchema,
  connections: z.array(connectionSettingsSchema),
  /** Each a cron pattern on the hotel's clock or an interval such as `30m`. */
  schedules: z.object({ reconciliation: z.string(), housekeeping: z.string(), beds24Polling: z.string() }),
  notifications: z.object({
    kinds: z.object({ error: z.boolean(), success: z.boolean(), info: z.boolean() }),
    /** Desktop (OS) notifications besides the bell. */
    osNotifications: z.boolean(),
  }),
  channelWebhook: channelWebhookSchema,
  /** The first-run welcome was seen and closed. */
  welcomed: z.boolean(),
  /** Some system still runs on the simulated hotel: the header shows "Demo". */
  demo: z.boolean(),
});
export type Settings = z.infer<typeof settingsSchema>;

export const connectionUpdateSchema = z.strictObject({
  mode: z.enum(['demo', 'live']).optional(),
  /** Null: back to the vendor's own address. */
  baseURL: baseUrl.nullable().optional(),
  syncEnabled: z.boolean().optional(),
  /** Switching to live: also delete the demo rows mirrored from the simulated system. */
  clearDemoData: z.boolean().optional(),
});

export const settingsUpdateSchema = z.strictObject({
  property: z
    .strictObject({
      hotelName: text(200).optional(),
      timeZone: timeZone.optional(),
      currency: currency.optional(),
      weekendNights: z.array(z.enum(WEEK_NIGHTS)).max(7).optional(),
      cloudbedsPropertyId: z.string().trim().regex(/^[0-9A-Za-z_-]{1,40}$/, 'letters, digits, - and _ only').optional(),
    })
    .optional(),
  connections: z
    .strictObject({
      cloudbeds: connectionUpdateSchema.optional(),
      beds24: connectionUpdateSchema.optional(),
      stays: connectionUpdateSchema.optional(),
      maidcentral: connectionUpdateSchema.optional(),
      seam: connectionUpdateSchema.optional(),
    })
    .optional(),
  schedules: z
    .strictObject({ reconciliation: scheduleText.optional(), housekeeping: scheduleText.optional(), beds24Polling: scheduleText.optional() })
    .optional(),
  notifications: z
    .strictObject({
      kinds: z.strictObject({ error: z.boolean().optional(), success: z.boolean().optional(), info: z.boolean().optional() }).optional(),
      osNotifications: z.boolean().optional(),
    })
    .optional(),
  /** Enabling needs a port, given here or before. */
  channelWebhook: z.strictObject({ enabled: z.boolean().optional(), port: webhookPort.nullable().optional() }).optional(),
  welcomed: z.boolean().optional(),
});
export type SettingsUpdate = z.input<typeof settingsUpdateSchema>;

const secret = (max = 500) => z.string().min(1).max(max);

/** The credentials of the kind each API uses, per system; kept encrypted by the host, never shown again. */
export const systemCredentialsSchemas = {
  cloudbeds: z.discriminatedUnion('kind', [
    z.strictObject({ kind: z.literal('api-key'), apiKey: secret() }),
    z.strictObject({ kind: z.literal('oauth'), clientId: secret(200), clientSecret: secret(), refreshToken: secret() }),
  ]),
  /** The invite code from Beds24's control panel is exchanged at once for a refresh token. */
  beds24: z.union([z.strictObject({ inviteCode: secret() }), z.strictObject({ refreshToken: secret() })]),
  stays: z.strictObject({ clientId: secret(200), clientSecret: secret() }),
  maidcentral: z.strictObject({ username: secret(200), password: secret() }),
  seam: z.strictObject({ apiKey: secret() }),
} as const satisfies Record<SettingsSystem, z.ZodType>;

const credentialsFor = <S extends SettingsSystem>(system: S) =>
  z.strictObject({ system: z.literal(system), credentials: systemCredentialsSchemas[system] });

export const credentialsSchema = z.discriminatedUnion('system', [
  credentialsFor('cloudbeds'),
  credentialsFor('beds24'),
  credentialsFor('stays'),
  credentialsFor('maidcentral'),
  credentialsFor('seam'),
]);
export type CredentialsInput = z.infer<typeof credentialsSchema>;

const systemArg = z.strictObject({ system: z.enum(SETTINGS_SYSTEMS) });

export const connectionTestSchema = z.object({
  system: z.enum(SETTINGS_SYSTEMS),
  ok: z.boolean(),
  /** What was found ("Harbourlight Guesthouse, 8 room types") or what went wrong and what to do. */
  message: z.string(),
  /** The remote system's own words, under "Details"; null on success. */
  details: z.string().nullable(),
  at: z.string(),
});
export type ConnectionTest = z.infer<typeof connectionTestSchema>;

export const settingsCalls = {
  /** Everything in Settings; of secrets, only whether they are set. */
  'settings/get': { args: z.strictObject({}), result: settingsSchema },
  /** Changes what is given; a bad value or unknown field is refused, naming it, and nothing changes. */
  'settings/update': { args: settingsUpdateSchema, result: settingsSchema },
  /** One cheap read from the system, with the settings as they are now. */
  'connections/test': { args: systemArg, result: connectionTestSchema },
  /** Stores a system's credentials (encrypted by the host); the answer says only that they are set. */
  'connections/set-credentials': { args: credentialsSchema, result: settingsSchema },
  'connections/clear-credentials': { args: systemArg, result: settingsSchema },
  /** Stores the secret Beds24 webhooks are signed with (encrypted by the host; null forgets it); never shown again. */
  'settings/set-webhook-secret': { args: z.strictObject({ secret: z.string().min(16, 'must be at least 16 characters').max(500).nullable() }), result: settingsSchema },
} as const satisfies Record<string, { args: z.ZodType; result: z.ZodType }>;

export const settingsEvents = {
  /** Any setting changed (from this screen, another window or `--config`). */
  'settings/changed': settingsSchema,
} as const satisfies Record<string, z.ZodType>;
