/**
 * Reconciliation with Stays and the reservation mirror with its door PINs (SPEC §5.3, §6).
 * Merged into the call and event maps in `contract.ts`.
 */
import { z } from 'zod';

const isoDate = z.iso.date();
const reservationId = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);

/** How a run ended: `partial` when some reservations could not be read (the others were). */
export const RUN_STATUSES = ['running', 'ok', 'partial', 'failed'] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];

export const reconciliationRunSchema = z.object({
  id: z.number(),
  /** The queue job that ran it (Activity shows its attempts). */
  jobId: z.number().nullable(),
  trigger: z.enum(['schedule', 'manual']),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
  /** The stays scanned: those touching [windowFrom, windowTo], and those created since createdFrom. */
  windowFrom: z.string(),
  windowTo: z.string(),
  createdFrom: z.string(),
  fetched: z.number(),
  created: z.number(),
  updated: z.number(),
  unchanged: z.number(),
  /** Mirrored stays Stays no longer has: marked cancelled, their PINs removed. */
  orphaned: z.number(),
  errors: z.number(),
  /** Requests sent to Stays (pages of 20, retries included). */
  requests: z.number(),
  durationMs: z.number().nullable(),
  status: z.enum(RUN_STATUSES),
  /** What went wrong, or a one-line summary. */
  message: z.string().nullable(),
});
export type ReconciliationRun = z.infer<typeof reconciliationRunSchema>;

/**
 * Where a stay's door PIN is: `scheduled` (made 2 h before check-in), `active` (on the lock),
 * `revoked` (removed after check-out or cancellation), `failed` (a PIN job failed: retry it),
 * `none` (no PIN: the stay is over, or was cancelled before one was made).
 */
export const PIN_STATES = ['none', 'scheduled', 'active', 'revoked', 'failed'] as const;
export type PinState = (typeof PIN_STATES)[number];

export const RESERVATION_SOURCES = ['cloudbeds', 'beds24', 'stays', 'local'] as const;
export const RESERVATION_STATUSES = ['confirmed', 'cancelled', 'checked_in', 'checked_out', 'no_show'] as const;

export const reservationItemSchema = z.object({
  id: z.number(),
  source: z.enum(RESERVATION_SOURCES),
  /** Its id at the source (Stays `_id`). */
  sourceId: z.string().nullable(),
  /** The OTA or channel it came through (Airbnb, Stays direct…). */
  channel: z.string().nullable(),
  /** The guest, or the source's reservation code where the source lists no name (Stays). */
  guestName: z.string(),
  arrival: z.string(),
  departure: z.string(),
  status: z.enum(RESERVATION_STATUSES),
  /** The room: its lock's name when known, else the source's room id. */
  room: z.string().nullable(),
  pin: z.object({
    state: z.enum(PIN_STATES),
    /** When the lock accepts the PIN: check-in to check-out + 24 h (ISO instants). */
    startsAt: z.string().nullable(),
    endsAt: z.string().nullable(),
    /** Whether a PIN exists to reveal; the list never carries the PIN itself. */
    hasCode: z.boolean(),
    /** The failed job to retry (`jobs/retry`) when the state is `failed`. */
    failedJobId: z.number().nullable(),
    error: z.string().nullable(),
  }),
});
export type ReservationItem = z.infer<typeof reservationItemSchema>;

/** Days one `reservations/list` may span (a year and a day). */
export const MAX_RESERVATION_DAYS = 366;

export const reconciliationCalls = {
  /** The last run, the next one, the schedule, the mirror's counts and the last 50 runs. */
  'reconciliation/status': {
    args: z.strictObject({}),
    result: z.object({
      lastRun: reconciliationRunSchema.nullable(),
      /** When the last run that read Stays through (ok or partial) started. */
      lastSuccessAt: z.string().nullable(),
      nextRunAt: z.string().nullable(),
      /** The cron pattern and its zone; null when runs are on demand only. */
      schedule: z.object({ cron: z.string(), timeZone: z.string() }).nullable(),
      /** A run is queued or running now. */
      pending: z.boolean(),
      stats: z.object({
        /** Stays reservations in the mirror. */
        reservations: z.number(),
        pins: z.record(z.enum(PIN_STATES), z.number()),
      }),
      runs: z.array(reconciliationRunSchema),
    }),
  },
  /** Queues a run now (before background work) and answers at once; one already queued is returned. */
  'reconciliation/run': {
    args: z.strictObject({}),
    result: z.object({ jobId: z.number(), alreadyQueued: z.boolean() }),
  },
  /** Reservations touching a date range (by arrival, then id), optionally by source, status and text; paged by cursor. */
  'reservations/list': {
    args: z
      .strictObject({
        /** First night shown (default: the hotel's today). */
        from: isoDate.optional(),
        /** Last night shown (default: a year after `from`). */
        to: isoDate.optional(),
        /** Case-insensitive, in the guest, code, channel and room. */
        text: z.string().trim().min(1).max(100).optional(),
        /** Only these sources (where the stay was made). */
        source: z.array(z.enum(RESERVATION_SOURCES)).min(1).max(RESERVATION_SOURCES.length).optional(),
        /** Only these statuses. */
        status: z.array(z.enum(RESERVATION_STATUSES)).min(1).max(RESERVATION_STATUSES.length).optional(),
        /** From the previous page's `nextCursor`. */
        cursor: z.string().regex(/^\d{4}-\d{2}-\d{2}~\d{1,16}$/, 'must be a nextCursor from a previous page').optional(),
        limit: z.number().int().min(1).max(500).optional(),
      })
      .refine((range) => range.from === undefined || range.to === undefined || range.to >= range.from, {
        message: 'must not be before from',
        path: ['to'],
      }),
    result: z.object({ items: z.array(reservationItemSchema), nextCursor: z.string().nullable() }),
  },
  /** The stay's door PIN, for the front desk to give the guest (the list shows it masked). */
  'reservations/reveal-pin': {
    args: z.strictObject({ id: reservationId }),
    result: z.object({ id: z.number(), code: z.string(), startsAt: z.string().nullable(), endsAt: z.string().nullable() }),
  },
} as const satisfies Record<string, { args: z.ZodType; result: z.ZodType }>;

export const reconciliationEvents = {
  /** A run started or ended. */
  'reconciliation/changed': reconciliationRunSchema,
  /** Reservations (or their PINs) changed; an empty list means many did: reload. */
  'reservation/changed': z.object({ reservations: z.array(reservationItemSchema) }),
} as const satisfies Record<string, z.ZodType>;
