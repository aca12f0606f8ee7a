import { z } from 'zod';
import { formatDayRange } from '../../shared/day-range.js';
import { isIsoDate } from '../../shared/iso-date.js';
import { rateValue } from '../../shared/rates-contract.js';
import { cloudbeds } from '../integrations/cloudbeds/index.js';
import { MAX_RATE_INTERVALS } from '../integrations/cloudbeds/cloudbeds.js';
import { defineJobKind } from '../queue/job-kind.js';
import { RemoteError } from '../queue/remote-error.js';

const isoDate = z.string().refine(isIsoDate, 'must be a calendar date as YYYY-MM-DD');

const ratePushEntry = z.object({
  /** The room type's base rate plan at Cloudbeds. */
  rateId: z.number().int().positive(),
  roomTypeId: z.number().int().positive(),
  /** The room type's name, for the job's summary. */
  name: z.string().max(200).optional(),
  intervals: z
    // `blocked` (stop-sell) only when this app closes or opens the nights; absent, Cloudbeds keeps its own.
    .array(z.object({ startDate: isoDate, endDate: isoDate, rate: rateValue, blocked: z.boolean().optional() }))
    .min(1)
    .max(MAX_RATE_INTERVALS),
});

/** What a push job carries: at most 30 intervals in all, room types mixed (one putRate request). */
const ratePushPayload = z.object({
  rates: z
    .array(ratePushEntry)
    .min(1)
    .refine((rates) => rates.reduce((sum, entry) => sum + entry.intervals.length, 0) <= MAX_RATE_INTERVALS, {
      message: `at most ${MAX_RATE_INTERVALS} intervals in one push (Cloudbeds' putRate limit)`,
    }),
});
export type RatePushPayload = z.infer<typeof ratePushPayload>;
export type RatePushEntry = z.infer<typeof ratePushEntry>;

/** "Rates · Single Room · 5–7 Dec → 150.00", or a count when a push carries more. */
export function summarizePush({ rates }: RatePushPayload): string {
  const intervals = rates.flatMap((entry) => entry.intervals);
  const from = intervals.reduce((min, interval) => (interval.startDate < min ? interval.startDate : min), intervals[0]!.startDate);
  const to = intervals.reduce((max, interval) => (interval.endDate > max ? interval.endDate : max), intervals[0]!.endDate);
  const only = rates.length === 1 ? rates[0]! : null;
  const what = only ? (only.name ?? `room type ${only.roomTypeId}`) : `${rates.length} room types`;
  if (only && intervals.length === 1) {
    const { rate, blocked } = intervals[0]!;
    const sales = blocked === undefined ? '' : blocked ? ', sales closed' : ', sales open';
    return `Rates · ${what} · ${formatDayRange(from, to)} → ${rate.toFixed(2)}${sales}`;
  }
  return `Rates · ${what} · ${formatDayRange(from, to)} · ${intervals.length} rates`;
}

/** Sends a batch of rates to Cloudbeds and follows its rate job until it is applied. */
export const RATE_PUSH = defineJobKind({
  type: 'rates/push',
  lane: cloudbeds.id,
  payload: ratePushPayload,
  summarize: summarizePush,
  noun: ['rate update', 'rate updates'],
});

/** Imports room types, differentials and a year of base rates from Cloudbeds (once). */
export const RATE_IMPORT = defineJobKind({
  type: 'rates/import',
  lane: cloudbeds.id,
  payload: z.object({}),
  summarize: () => 'Rates · import room types and a year of rates from Cloudbeds',
  noun: ['room-type import', 'room-type imports'],
});

/** Enqueued with this key, so the import runs once however often the core starts. */
export const RATE_IMPORT_KEY = 'rates/import:initial';

/** Cloudbeds has no connection settings: its jobs wait ("needs sign-in") until someone connects it. */
export const notConnected = () => new RemoteError('auth', 'Cloudbeds is not connected: add its credentials in Settings');

export { PERSON_PRIORITY } from '../queue/job-kind.js';
