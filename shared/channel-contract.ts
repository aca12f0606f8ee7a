/**
 * Channel sync with Beds24 and the availability it is sent (SPEC §5.2, §5.4): reservations made
 * here, room blocks, room mappings and the channel events list. Merged into the call and event
 * maps in `contract.ts`; `reservations/list` itself is in the reconciliation contract.
 */
import { z } from 'zod';
import { reservationItemSchema } from './reconciliation-contract.js';

const isoDate = z.iso.date();
const isoDateTime = z.iso.datetime({ offset: true });
const id = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);
const externalId = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);
const roomId = z.string().trim().min(1).max(64);

export const CHANNEL_EVENT_STATUSES = ['received', 'processing', 'done', 'failed'] as const;
export const CHANNEL_DIRECTIONS = ['inbound', 'outbound'] as const;
export const BLOCK_KINDS = ['maintenance', 'out_of_order'] as const;

export const channelEventSchema = z.object({
  id: z.number(),
  /** What makes a repeat a duplicate: the booking id and its modification time (inbound). */
  key: z.string(),
  direction: z.enum(CHANNEL_DIRECTIONS),
  /** `booking_created`, `booking_changed`, `booking_cancelled`, `availability`. */
  eventType: z.string(),
  /** The other side: `beds24` or `cloudbeds`. */
  system: z.string(),
  /** `webhook` or `poll` (inbound), `app` (outbound). */
  via: z.string(),
  externalId: z.string().nullable(),
  reservationId: z.number().nullable(),
  payload: z.unknown(),
  status: z.enum(CHANNEL_EVENT_STATUSES),
  attempts: z.number(),
  lastError: z.string().nullable(),
  /** The job that applies or sends it (Activity shows its attempts). */
  jobId: z.number().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type ChannelEvent = z.infer<typeof channelEventSchema>;

/** Which events a listing or a retry-all is about; every part narrows. */
export const channelEventFilterSchema = z.strictObject({
  status: z.array(z.enum(CHANNEL_EVENT_STATUSES)).min(1).max(CHANNEL_EVENT_STATUSES.length).optional(),
  direction: z.enum(CHANNEL_DIRECTIONS).optional(),
  /** Case-insensitive, in the payload, the external id and the last error. */
  text: z.string().min(1).max(200).optional(),
  /** Received at or after. */
  from: isoDateTime.optional(),
  /** Received before. */
  to: isoDateTime.optional(),
});
export type ChannelEventFilter = z.infer<typeof channelEventFilterSchema>;

export const roomBlockSchema = z.object({
  id: z.number(),
  roomId: z.string(),
  roomName: z.string(),
  roomTypeId: z.number(),
  kind: z.enum(BLOCK_KINDS),
  /** The first and last night out of sale (both included). */
  firstNight: z.string(),
  lastNight: z.string(),
  note: z.string().nullable(),
  createdAt: z.string(),
});
export type RoomBlock = z.infer<typeof roomBlockSchema>;

const mappingsSchema = z.object({
  properties: z.array(z.object({ id: z.number(), name: z.string(), availabilitySync: z.boolean() })),
  roomTypes: z.array(
    z.object({
      roomTypeId: z.number(),
      name: z.string(),
      cloudbedsRoomTypeId: z.number(),
      /** The same room type at Beds24; null: not synced. */
      beds24RoomId: z.number().nullable(),
      beds24PropertyId: z.number().nullable(),
      rooms: z.array(z.object({ id: z.string(), name: z.string() })),
    }),
  ),
});
export type ChannelMappings = z.infer<typeof mappingsSchema>;

export const reservationDetailSchema = reservationItemSchema.extend({
  roomTypeId: z.number().nullable(),
  adults: z.number(),
  children: z.number(),
  total: z.number().nullable(),
  /** The ids the stay has in the other systems (`beds24`, `cloudbeds`). */
  links: z.array(z.object({ system: z.string(), externalId: z.string() })),
});
export type ReservationDetail = z.infer<typeof reservationDetailSchema>;

/** One line of a reservation's timeline: a channel event, or a job that worked on it. */
export const timelineEntrySchema = z.object({
  at: z.string(),
  kind: z.enum(['event', 'job']),
  /** The channel event's or the job's id. */
  id: z.number(),
  title: z.string(),
  status: z.string(),
  error: z.string().nullable(),
});
export type TimelineEntry = z.infer<typeof timelineEntrySchema>;

const guestName = z.string().trim().min(1).max(200);
const stay = {
  arrival: isoDate,
  departure: isoDate,
  roomTypeId: id,
  adults: z.number().int().min(1).max(20).optional(),
  children: z.number().int().min(0).max(20).optional(),
};
const departureAfterArrival = (value: { arrival?: string | undefined; departure?: string | undefined }) =>
  value.arrival === undefined || value.departure === undefined || value.departure > value.arrival;

export const channelCalls = {
  /** One reservation with its timeline (channel events and the jobs that touched it, newest first). */
  'reservations/get': {
    args: z.strictObject({ id }),
    result: z.object({ reservation: reservationDetailSchema, timeline: z.array(timelineEntrySchema) }),
  },
  /** A walk-in made at the desk: stored at once, then sent to Beds24 (and its nights' availability). */
  'reservations/create': {
    args: z.strictObject({ guestName, ...stay }).refine(departureAfterArrival, { message: 'must be after arrival', path: ['departure'] }),
    result: reservationDetailSchema,
  },
  /** Changes a reservation made here (a walk-in); one of another system is changed there. */
  'reservations/update': {
    args: z
      .strictObject({ id, guestName: guestName.optional(), arrival: isoDate.optional(), departure: isoDate.optional(), roomTypeId: id.optional(), adults: stay.adults, children: stay.children })
      .refine(departureAfterArrival, { message: 'must be after arrival', path: ['departure'] }),
    result: reservationDetailSchema,
  },
  /** Cancels a reservation made here (a walk-in). */
  'reservations/cancel': { args: z.strictObject({ id }), result: reservationDetailSchema },
  /** Blocks touching a range of nights (default: from the hotel's today, a year). */
  'blocks/list': {
    args: z
      .strictObject({ from: isoDate.optional(), to: isoDate.optional() })
      .refine((range) => range.from === undefined || range.to === undefined || range.to >= range.from, { message: 'must not be before from', path: ['to'] }),
    result: z.object({ items: z.array(roomBlockSchema) }),
  },
  /** Takes a room out of sale for some nights; the nights' availability is sent to Beds24. */
  'blocks/create': {
    args: z
      .strictObject({ roomId, kind: z.enum(BLOCK_KINDS), firstNight: isoDate, lastNight: isoDate, note: z.string().trim().min(1).max(500).optional() })
      .refine((block) => block.lastNight >= block.firstNight, { message: 'must not be before firstNight', path: ['lastNight'] }),
    result: roomBlockSchema,
  },
  'blocks/delete': { args: z.strictObject({ id }), result: z.object({ id: z.number() }) },
  /** The channel's properties, and each room type with its Beds24 room and its rooms. */
  'mappings/list': { args: z.strictObject({}), result: mappingsSchema },
  /** Maps room types to Beds24 rooms (null unmaps) and switches availability sync per property. */
  'mappings/set': {
    args: z.strictObject({
      roomTypes: z.array(z.strictObject({ roomTypeId: id, beds24RoomId: externalId.nullable() })).min(1).max(200).optional(),
      properties: z.array(z.strictObject({ id: externalId, availabilitySync: z.boolean() })).min(1).max(20).optional(),
    }),
    result: mappingsSchema,
  },
  /** Channel events, newest first, paged by an opaque cursor. */
  'channel/events': {
    args: z.strictObject({
      filter: channelEventFilterSchema.optional(),
      cursor: z.string().regex(/^[0-9]{1,16}$/, 'must be a nextCursor from a previous page').optional(),
      limit: z.number().int().min(1).max(500).optional(),
    }),
    result: z.object({ items: z.array(channelEventSchema), nextCursor: z.string().nullable() }),
  },
  /** Applies or sends a failed event again now. */
  'channel/retry': { args: z.strictObject({ id }), result: channelEventSchema },
  /** Retries every failed event matching the filter. */
  'channel/retry-all': {
    args: z.strictObject({ filter: channelEventFilterSchema.omit({ status: true }).optional() }),
    result: z.object({ count: z.number() }),
  },
} as const satisfies Record<string, { args: z.ZodType; result: z.ZodType }>;

export const channelEvents = {
  /** A channel event was stored or changed status. */
  'channel/event': channelEventSchema,
} as const satisfies Record<string, z.ZodType>;

