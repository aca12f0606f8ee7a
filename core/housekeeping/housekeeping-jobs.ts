import { z } from 'zod';
import { formatDayRange } from '../../shared/day-range.js';
import { HOUSEKEEPING_DAYS } from '../../shared/housekeeping-contract.js';
import { isIsoDate } from '../../shared/iso-date.js';
import { maidcentral } from '../integrations/maidcentral/index.js';
import { defineJobKind } from '../queue/job-kind.js';
import { RemoteError } from '../queue/remote-error.js';

const isoDate = z.string().refine(isIsoDate, 'must be a calendar date as YYYY-MM-DD');

/** Who asked: the hourly schedule, a person ("Refresh now"), or a read that found a damaged file. */
const requestedBy = z.enum(['schedule', 'person', 'repair']);
export type RequestedBy = z.infer<typeof requestedBy>;

const WHY: Record<RequestedBy, string> = { schedule: 'hourly', person: 'asked for now', repair: 'stored file damaged' };

/** Fetches the staff, then queues one `housekeeping/day` job per day of the next seven. */
export const HOUSEKEEPING_REFRESH = defineJobKind({
  type: 'housekeeping/refresh',
  lane: maidcentral.id,
  payload: z.strictObject({ requestedBy }),
  summarize: ({ requestedBy: by }) => `Housekeeping · staff and the next ${HOUSEKEEPING_DAYS} days from MaidCentral (${WHY[by]})`,
  noun: ['housekeeping refresh', 'housekeeping refreshes'],
});

/** Fetches one day's schedule (MaidCentral gives one day per call) and stores it as a file. */
export const HOUSEKEEPING_DAY = defineJobKind({
  type: 'housekeeping/day',
  lane: maidcentral.id,
  payload: z.strictObject({ date: isoDate, requestedBy }),
  summarize: ({ date, requestedBy: by }) => `Housekeeping · schedule of ${formatDayRange(date)} from MaidCentral (${WHY[by]})`,
  noun: ['housekeeping day fetch', 'housekeeping day fetches'],
});

/** The schedule's name: each run's key is `schedule:housekeeping:<slot>`. */
export const HOUSEKEEPING_SCHEDULE = 'housekeeping';
/** Every hour on the hour, on the hotel's clock. */
export const DEFAULT_HOUSEKEEPING_CRON = '0 * * * *';

/** A newer refresh (or fetch of the same day) cancels one still waiting: the last one wins. */
export const REFRESH_COALESCE_KEY = 'housekeeping/refresh';
export const dayCoalesceKey = (date: string) => `housekeeping/day:${date}`;

/** MaidCentral has no connection settings: its jobs wait ("needs sign-in") until someone connects it. */
export const notConnected = () => new RemoteError('auth', 'MaidCentral is not connected: add its credentials in Settings');
