import { isDeepStrictEqual } from 'node:util';
import type { CallResult } from '../../shared/contract.js';
import type { HotelDetails } from '../../shared/hotel-contract.js';
import type { Clock } from '../clock.js';
import type { HotelCalendar } from '../hotel-calendar.js';
import type { CloudbedsConnector } from '../integrations/cloudbeds/cloudbeds.js';
import { newJob, workerFor, type JobWorker } from '../queue/job-kind.js';
import type { Queue } from '../queue/queue.js';
import type { ScheduleSpec } from '../queue/scheduler.js';
import type { Db } from '../store/database.js';
import {
  DEFAULT_HOTEL_DETAILS_CRON,
  DETAILS_COALESCE_KEY,
  FIRST_LOOK_KEY,
  FIRST_LOOK_PRIORITY,
  HOTEL_DETAILS,
  HOTEL_DETAILS_SCHEDULE,
  notConnected,
} from './hotel-jobs.js';
import { createHotelStore, type StoredHotel } from './hotel-store.js';

export interface HotelDomainDeps {
  db: Db;
  clock: Clock;
  /** Its time zone is the hotel's, and the schedule runs on it. */
  calendar: HotelCalendar;
  /** The queue is built after the job workers it runs, hence a getter. */
  queue: () => Queue;
  /** Null while Cloudbeds has no connection settings. */
  cloudbeds: () => CloudbedsConnector | null;
  /** `hotel/changed`: Cloudbeds told details that differ from the stored ones. */
  changed(details: HotelDetails): void;
  /** When the details are fetched again, as a cron pattern on the hotel's clock (daily by default); null: never. */
  cron?: string | null;
}

/**
 * The hotel's name and currency (issue 12 §9): fetched from Cloudbeds by a one-request job of
 * its own on the Cloudbeds lane (the first look at the app queues it; a daily schedule keeps it
 * fresh), stored in `hotel_details`, read by `hotel/details` and told by `hotel/changed`.
 */
export function createHotelDomain(deps: HotelDomainDeps) {
  const store = createHotelStore(deps.db);
  const cron = deps.cron === undefined ? DEFAULT_HOTEL_DETAILS_CRON : deps.cron;
  const hasLane = () => deps.queue().lanes.includes(HOTEL_DETAILS.lane);

  const detailsOf = (hotel: StoredHotel | undefined): HotelDetails => ({
    name: hotel?.name ?? null,
    currency: hotel?.currency ?? null,
    timeZone: deps.calendar.timeZone,
    fetchedAt: hotel ? new Date(hotel.fetchedAt).toISOString() : null,
  });

  const fetchWorker = workerFor(HOTEL_DETAILS, async (_payload, context) => {
    const cloudbeds = deps.cloudbeds();
    if (!cloudbeds) throw notConnected();
    const answer = await cloudbeds.getHotelDetails();
    context.recordResponse({ httpStatus: answer.httpStatus, ...(answer.requestId ? { requestId: answer.requestId } : {}) });
    const before = store.read();
    const hotel: StoredHotel = { ...answer.data, fetchedAt: deps.clock.now() };
    store.save(hotel);
    const changed = before?.name !== hotel.name || !isDeepStrictEqual(before?.currency, hotel.currency);
    if (changed) deps.changed(detailsOf(hotel));
    return { name: hotel.name, currency: hotel.currency?.code ?? null, changed };
  });

  function details(): CallResult<'hotel/details'> {
    const hotel = store.read();
    // Nothing stored: someone is looking at a header without the hotel's name, so fetch it now
    // rather than at the next daily run (once: the key).
    if (!hotel && hasLane()) {
      deps.queue().enqueue(
        newJob(HOTEL_DETAILS, { requestedBy: 'first-look' }, { priority: FIRST_LOOK_PRIORITY, idempotencyKey: FIRST_LOOK_KEY, coalesceKey: DETAILS_COALESCE_KEY }),
      );
    }
    return detailsOf(hotel);
  }

  return {
    store,
    workers: [fetchWorker] as JobWorker[],
    /** The daily fetch; none in a core without a Cloudbeds lane (a test's), or with the cron set to null. */
    schedules(): ScheduleSpec[] {
      if (cron === null || !hasLane()) return [];
      const job = newJob(HOTEL_DETAILS, { requestedBy: 'schedule' }, { coalesceKey: DETAILS_COALESCE_KEY });
      return [{ name: HOTEL_DETAILS_SCHEDULE, cron, timezone: deps.calendar.timeZone, job }];
    },
    /** Once the queue exists: the `hotel/*` calls. */
    attach() {
      return { 'hotel/details': details };
    },
  };
}
