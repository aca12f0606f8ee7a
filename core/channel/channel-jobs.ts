import { z } from 'zod';
import { beds24 } from '../integrations/beds24/index.js';
import { cloudbeds } from '../integrations/cloudbeds/index.js';
import { defineJobKind } from '../queue/job-kind.js';
import { RemoteError } from '../queue/remote-error.js';

/** Applies one inbound channel event to the mirror and tells Cloudbeds (its lane: the PMS is who is written to). */
export const APPLY_INBOUND = defineJobKind({
  type: 'channel/apply',
  lane: cloudbeds.id,
  payload: z.strictObject({ eventId: z.number().int().positive(), bookingId: z.number().int().positive() }),
  summarize: ({ bookingId }) => `Channel · Beds24 booking ${bookingId} → Cloudbeds`,
  noun: ['channel booking', 'channel bookings'],
});

/** Reads the bookings Beds24 changed since the cursor. */
export const POLL_BEDS24 = defineJobKind({
  type: 'channel/poll',
  lane: beds24.id,
  payload: z.strictObject({ trigger: z.enum(['schedule', 'manual']) }),
  summarize: () => 'Channel · read changed Beds24 bookings',
  noun: ['Beds24 booking poll', 'Beds24 booking polls'],
});

/** Reads the reservations Cloudbeds changed since the cursor (to send those made there on to Beds24). */
export const POLL_CLOUDBEDS = defineJobKind({
  type: 'channel/poll-cloudbeds',
  lane: cloudbeds.id,
  payload: z.strictObject({ trigger: z.enum(['schedule', 'manual']) }),
  summarize: () => 'Channel · read changed Cloudbeds reservations',
  noun: ['Cloudbeds reservation poll', 'Cloudbeds reservation polls'],
});

/** Sends a reservation made or changed here to Beds24 (never one that came from Beds24). */
export const PUSH_BOOKING = defineJobKind({
  type: 'channel/push-booking',
  lane: beds24.id,
  payload: z.strictObject({ reservationId: z.number().int().positive(), eventId: z.number().int().positive() }),
  summarize: ({ reservationId }) => `Channel · reservation ${reservationId} → Beds24`,
  noun: ['booking push', 'booking pushes'],
});

/** Sends a reservation made here (a walk-in) to Cloudbeds, the PMS. */
export const PUSH_RESERVATION = defineJobKind({
  type: 'channel/push-cloudbeds',
  lane: cloudbeds.id,
  payload: z.strictObject({ reservationId: z.number().int().positive(), eventId: z.number().int().positive() }),
  summarize: ({ reservationId }) => `Channel · reservation ${reservationId} → Cloudbeds`,
  noun: ['reservation push', 'reservation pushes'],
});

/** Sends every room-type night whose availability changed, in one calendar request. */
export const PUSH_AVAILABILITY = defineJobKind({
  type: 'channel/push-availability',
  lane: beds24.id,
  payload: z.strictObject({}),
  summarize: () => 'Channel · availability → Beds24',
  noun: ['availability push', 'availability pushes'],
});

/** Reads Beds24's room types and Cloudbeds' and maps them by name (the first look, when none is mapped). */
export const IMPORT_ROOMS = defineJobKind({
  type: 'channel/import-rooms',
  lane: beds24.id,
  payload: z.strictObject({}),
  summarize: () => 'Channel · map Beds24 rooms to Cloudbeds room types',
  noun: ['room import', 'room imports'],
});

export const CHANNEL_TYPES: ReadonlySet<string> = new Set([APPLY_INBOUND.type, PUSH_BOOKING.type, PUSH_RESERVATION.type, PUSH_AVAILABILITY.type]);

/** Every 5 minutes (SPEC §5.2: polling is the default for a desktop behind NAT). */
export const DEFAULT_POLL_CRON = '*/5 * * * *';
export const POLL_SCHEDULE = 'channel-poll';
export const CLOUDBEDS_POLL_SCHEDULE = 'channel-poll-cloudbeds';
/** The schedules Settings' `beds24Polling` times. */
export const CHANNEL_POLL_SCHEDULES = [POLL_SCHEDULE, CLOUDBEDS_POLL_SCHEDULE] as const;

export const notConnected = (system: 'Beds24' | 'Cloudbeds') =>
  new RemoteError('auth', `${system} is not connected: add its credentials in Settings`);
