/**
 * The one API contract between the renderer and a host (Electron preload or headless HTTP).
 * Every call is a name mapped to an argument schema and a result schema; every pushed event a
 * name mapped to its payload schema. Hosts validate arguments with these schemas at the
 * boundary; the renderer's client, the preload, the IPC registration and the HTTP routes are
 * all generated from these maps by a loop.
 */
import { z } from 'zod';
import { channelCalls, channelEvents } from './channel-contract.js';
import { hotelCalls, hotelEvents } from './hotel-contract.js';
import { housekeepingCalls, housekeepingEvents } from './housekeeping-contract.js';
import { notificationCalls, notificationEvents } from './notifications-contract.js';
import { rateCalls, rateEvents } from './rates-contract.js';
import { reconciliationCalls, reconciliationEvents } from './reconciliation-contract.js';
import { settingsCalls, settingsEvents } from './settings-contract.js';

export * from './channel-contract.js';
export * from './hotel-contract.js';
export * from './housekeeping-contract.js';
export * from './notifications-contract.js';
export * from './rates-contract.js';
export * from './reconciliation-contract.js';
export * from './settings-contract.js';

/** Statuses as people see them. */
export const JOB_STATUSES = ['queued', 'sending', 'done', 'failed', 'cancelled'] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];

/** What kind of failure a remote call had; the queue alone decides what each means. */
export const ERROR_KINDS = ['network', 'rate_limited', 'server', 'auth', 'validation'] as const;
export type ErrorKind = (typeof ERROR_KINDS)[number];

export const LANE_STATES = ['online', 'offline', 'paused', 'needs_sign_in'] as const;
export type LaneState = (typeof LANE_STATES)[number];

const laneName = z.string().min(1).max(64).regex(/^[a-z0-9_-]+$/, 'lowercase letters, digits, - and _ only');
const jobType = z.string().min(1).max(100).regex(/^[a-z0-9_./-]+$/, 'lowercase letters, digits and ._/- only');
const jobId = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);
const isoDateTime = z.iso.datetime({ offset: true });

/** Which jobs a listing or a bulk action is about. Every part narrows; none means all. */
export const jobFilterSchema = z.strictObject({
  status: z.array(z.enum(JOB_STATUSES)).min(1).max(JOB_STATUSES.length).optional(),
  lane: z.array(laneName).min(1).max(20).optional(),
  type: z.array(jobType).min(1).max(50).optional(),
  /** Case-insensitive search in the payload and the last error. */
  text: z.string().min(1).max(200).optional(),
  /** Created at or after. */
  from: isoDateTime.optional(),
  /** Created before. */
  to: isoDateTime.optional(),
});
export type JobFilter = z.infer<typeof jobFilterSchema>;

const jobSummarySchema = z.object({
  id: z.number(),
  lane: z.string(),
  type: z.string(),
  /** One line a person reads: "Rates · Single Room · 5–7 Dec → 150.00". */
  summary: z.string(),
  status: z.enum(JOB_STATUSES),
  priority: z.number(),
  runAt: z.string(),
  attempts: z.number(),
  maxAttempts: z.number(),
  lastError: z.string().nullable(),
  errorKind: z.enum(ERROR_KINDS).nullable(),
  idempotencyKey: z.string().nullable(),
  orderingKey: z.string().nullable(),
  supersededBy: z.number().nullable(),
  discardReason: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  finishedAt: z.string().nullable(),
});
export type JobSummary = z.infer<typeof jobSummarySchema>;

const jobAttemptSchema = z.object({
  id: z.number(),
  startedAt: z.string(),
  endedAt: z.string(),
  outcome: z.enum(['done', 'error', 'lost']),
  errorKind: z.enum(ERROR_KINDS).nullable(),
  httpStatus: z.number().nullable(),
  requestId: z.string().nullable(),
  error: z.string().nullable(),
  durationMs: z.number(),
});
export type JobAttempt = z.infer<typeof jobAttemptSchema>;

const jobDetailSchema = jobSummarySchema.extend({
  payload: z.unknown(),
  result: z.unknown(),
  attemptHistory: z.array(jobAttemptSchema),
  /** The earlier job with the same ordering key that this one waits for, if any. */
  waitingFor: z.object({ id: z.number(), status: z.enum(JOB_STATUSES), type: z.string() }).nullable(),
});
export type JobDetail = z.infer<typeof jobDetailSchema>;

const laneStatusSchema = z.object({
  lane: z.string(),
  /** The remote system as its maker writes it ("Seam", "MaidCentral"). */
  displayName: z.string(),
  /** What the lane's jobs are ("rate updates"); empty while no flow uses the system yet. */
  jobKinds: z.array(z.string()),
  /** The same kinds by job type, for filters: `{ type: 'rates/push', noun: 'rate updates' }`. */
  jobTypes: z.array(z.object({ type: z.string(), noun: z.string() })),
  state: z.enum(LANE_STATES),
  /** `queued`: to send now or retrying; `scheduled`: waiting for their time (a door PIN at check-in − 2 h), never tried yet. */
  depth: z.object({ queued: z.number(), scheduled: z.number(), sending: z.number(), failed: z.number() }),
  lastSuccessAt: z.string().nullable(),
  lastError: z.string().nullable(),
  /** Requests the lane may send right now under its rate limit (null: unlimited). */
  rateHeadroom: z.number().nullable(),
  /** The API's published limit: at most `requests` (or credits) in any `windowMs`; null: unlimited. */
  rateLimit: z.object({ requests: z.number(), windowMs: z.number(), unit: z.enum(['requests', 'credits']) }).nullable(),
  /** The remote system is the built-in sandbox (demo mode) or the real one; null for local lanes. */
  connection: z.enum(['demo', 'live']).nullable(),
});
export type LaneStatus = z.infer<typeof laneStatusSchema>;

/** Whether the app can write its database: every lane waits while it cannot. */
const storageStatusSchema = z.object({
  state: z.enum(['ok', 'full', 'unwritable']),
  /** When the trouble began. */
  since: z.string().nullable(),
  /** What happened and what to do, in plain words. */
  message: z.string().nullable(),
  /** The database's own words. */
  detail: z.string().nullable(),
});
export type StorageStatus = z.infer<typeof storageStatusSchema>;

const syncStatusSchema = z.object({
  /** The global "Pause sync". */
  paused: z.boolean(),
  storage: storageStatusSchema,
  lanes: z.array(laneStatusSchema),
});
export type SyncStatus = z.infer<typeof syncStatusSchema>;

const noArgs = z.strictObject({});
const laneScope = z.strictObject({
  /** One lane; without it, all sync. */
  lane: laneName.optional(),
});

export const calls = {
  /** Job history, newest first, paged by an opaque cursor. */
  'jobs/list': {
    args: z.strictObject({
      filter: jobFilterSchema.optional(),
      /** From the previous page's `nextCursor`. */
      cursor: z.string().regex(/^[0-9]{1,16}$/, 'must be a nextCursor from a previous page').optional(),
      limit: z.number().int().min(1).max(500).optional(),
    }),
    result: z.object({ items: z.array(jobSummarySchema), nextCursor: z.string().nullable() }),
  },
  /** One job with its payload, result and attempt timeline. */
  'jobs/get': { args: z.strictObject({ id: jobId }), result: jobDetailSchema },
  /** Puts a Failed job back in the queue now with its attempts reset, or sends now one waiting to retry. */
  'jobs/retry': { args: z.strictObject({ id: jobId }), result: jobSummarySchema },
  /** Retries every Failed job matching the filter. */
  'jobs/retry-all': {
    args: z.strictObject({ filter: jobFilterSchema.omit({ status: true }).optional() }),
    result: z.object({ count: z.number() }),
  },
  /** Cancels a Queued or Failed job, keeping the person's reason. */
  'jobs/discard': {
    args: z.strictObject({ id: jobId, reason: z.string().trim().min(1).max(500) }),
    result: jobSummarySchema,
  },
  'sync/status': { args: noArgs, result: syncStatusSchema },
  'sync/pause': { args: laneScope, result: syncStatusSchema },
  /** Resumes a lane (or all sync); also clears "needs sign-in" so the lane tries again. */
  'sync/resume': { args: laneScope, result: syncStatusSchema },
  ...rateCalls,
  ...notificationCalls,
  ...housekeepingCalls,
  ...reconciliationCalls,
  ...hotelCalls,
  ...settingsCalls,
  ...channelCalls,
} as const satisfies Record<string, { args: z.ZodType; result: z.ZodType }>;

export type Calls = typeof calls;
export type CallName = keyof Calls;
/** What a caller passes (before defaults). */
export type CallArgs<K extends CallName> = z.input<Calls[K]['args']>;
/** What a handler receives (after validation). */
export type ValidCallArgs<K extends CallName> = z.output<Calls[K]['args']>;
export type CallResult<K extends CallName> = z.output<Calls[K]['result']>;
export const CALL_NAMES = Object.keys(calls) as CallName[];

export const events = {
  'job/changed': jobSummarySchema,
  'sync/changed': syncStatusSchema,
  ...rateEvents,
  ...notificationEvents,
  ...housekeepingEvents,
  ...reconciliationEvents,
  ...hotelEvents,
  ...settingsEvents,
  ...channelEvents,
} as const satisfies Record<string, z.ZodType>;

export type Events = typeof events;
export type EventName = keyof Events;
export type EventPayload<E extends EventName> = z.output<Events[E]>;
export const EVENT_NAMES = Object.keys(events) as EventName[];

/** Why a call was refused; crosses IPC and HTTP as plain data. */
export const API_ERROR_CODES = [
  'invalid_argument',
  'not_found',
  'conflict',
  'unknown_call',
  'unauthorized',
  'payload_too_large',
  /** The disk holding the data folder is full (or unwritable): nothing was changed. */
  'storage_full',
  /** A stored file failed its checksum: it was not used, and is being fetched again. */
  'corrupt',
  'internal',
] as const;
export type ApiErrorCode = (typeof API_ERROR_CODES)[number];

export interface ApiError {
  code: ApiErrorCode;
  message: string;
  /** The argument at fault, as a dotted path (`filter.status.0`). */
  field?: string;
}

export type CallOutcome<K extends CallName> = { ok: true; data: CallResult<K> } | { ok: false; error: ApiError };

/** The surface every host offers the renderer: one function per call, one subscription per event. */
export interface SentinelApi {
  call<K extends CallName>(name: K, args: CallArgs<K>): Promise<CallOutcome<K>>;
  subscribe<E extends EventName>(name: E, listener: (payload: EventPayload<E>) => void): () => void;
}
