import { z } from 'zod';
import { cloudbeds } from '../integrations/cloudbeds/index.js';
import { defineJobKind, PERSON_PRIORITY } from '../queue/job-kind.js';
import { RemoteError } from '../queue/remote-error.js';

/** Who asked: the daily schedule, or the first look at the app (nothing stored yet). */
const requestedBy = z.enum(['schedule', 'first-look']);
export type RequestedBy = z.infer<typeof requestedBy>;

const WHY: Record<RequestedBy, string> = { schedule: 'daily', 'first-look': 'first start' };

/** Fetches the property's name and currency from Cloudbeds (one request) and stores them. */
export const HOTEL_DETAILS = defineJobKind({
  type: 'hotel/details',
  lane: cloudbeds.id,
  payload: z.strictObject({ requestedBy }),
  summarize: ({ requestedBy: by }) => `Hotel · name and currency from Cloudbeds (${WHY[by]})`,
  noun: ['hotel details fetch', 'hotel details fetches'],
});

/** The schedule's name: each run's key is `schedule:hotel-details:<slot>`. */
export const HOTEL_DETAILS_SCHEDULE = 'hotel-details';
/** Daily, at a quiet hour on the hotel's clock: names and currencies seldom change. */
export const DEFAULT_HOTEL_DETAILS_CRON = '40 4 * * *';
/** Enqueued with this key, so the first look fetches once however often it looks. */
export const FIRST_LOOK_KEY = 'hotel/details:first-look';
/** A newer fetch cancels one still waiting. */
export const DETAILS_COALESCE_KEY = 'hotel/details';
/** Someone is looking at an empty header: before the rate pushes and the import. */
export const FIRST_LOOK_PRIORITY = PERSON_PRIORITY + 2;

/** Cloudbeds has no connection settings: the fetch waits ("needs sign-in") until someone connects it. */
export const notConnected = () => new RemoteError('auth', 'Cloudbeds is not connected: add its credentials in Settings');
