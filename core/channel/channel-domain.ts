import type { ChannelEvent } from '../../shared/channel-contract.js';
import type { ReservationItem } from '../../shared/reconciliation-contract.js';
import type { Clock } from '../clock.js';
import type { HotelCalendar } from '../hotel-calendar.js';
import type { Beds24Connector } from '../integrations/beds24/beds24.js';
import type { CloudbedsConnector } from '../integrations/cloudbeds/cloudbeds.js';
import { newJob, type JobWorker } from '../queue/job-kind.js';
import { createJobQueries } from '../queue/job-queries.js';
import type { Queue } from '../queue/queue.js';
import type { ScheduleSpec } from '../queue/scheduler.js';
import { createReservationQueries } from '../reconciliation/reservation-queries.js';
import type { Db } from '../store/database.js';
import { createAvailability, type ConfirmedRates } from './availability.js';
import { createBeds24Inbound } from './beds24-inbound.js';
import { createApplyWorker } from './channel-apply.js';
import { createChannelEventStore } from './channel-event-store.js';
import { createChannelHandlers } from './channel-handlers.js';
import { APPLY_INBOUND, CHANNEL_TYPES, CLOUDBEDS_POLL_SCHEDULE, DEFAULT_POLL_CRON, IMPORT_ROOMS, POLL_BEDS24, POLL_CLOUDBEDS, POLL_SCHEDULE } from './channel-jobs.js';
import { createCloudbedsPollWorker } from './cloudbeds-inbound.js';
import { createCloudbedsOutbound } from './cloudbeds-outbound.js';
import { createChannelMirror } from './channel-mirror.js';
import { createBeds24Outbound, DEFAULT_AVAILABILITY_DELAY_MS } from './channel-outbound.js';
import { createRoomImportWorker } from './room-import.js';
import { createRoomMapStore } from './room-map-store.js';

export interface ChannelOptions {
  /** When Beds24 is polled for changed bookings, on the hotel's clock (every 5 minutes); null: never (webhooks only, or tests). */
  pollCron?: string | null;
  /** The secret webhooks are signed with; null or absent: webhooks are refused (polling only). */
  webhookSecret?: string | null;
  /** How long an availability push gathers changes before it is sent (3 s). */
  availabilityDelayMs?: number;
}

export interface ChannelDomainDeps {
  db: Db;
  clock: Clock;
  calendar: HotelCalendar;
  queue: () => Queue;
  beds24: () => Beds24Connector | null;
  cloudbeds: () => CloudbedsConnector | null;
  eventChanged(event: ChannelEvent): void;
  reservationsChanged(reservations: () => ReservationItem[]): void;
  /** The secret saved in Settings, read when the options give none. */
  savedWebhookSecret?: () => string | null;
  /** What Cloudbeds confirmed of a night's rate and sales (the rate grid's): sent on with availability. */
  confirmedRates?: ConfirmedRates;
  options?: ChannelOptions;
}

/**
 * Channel sync with Beds24 (SPEC §5.2) and availability push (§5.4): inbound bookings (webhook
 * and poll) applied to the mirror and Cloudbeds, reservations made here sent to Beds24, and
 * the availability of every changed night. Its workers, schedule, webhook receiver and calls.
 */
export function createChannelDomain(deps: ChannelDomainDeps) {
  const { db, clock } = deps;
  const events = createChannelEventStore(db);
  const rooms = createRoomMapStore(db);
  const mirror = createChannelMirror(db);
  const availability = createAvailability(db, rooms, deps.confirmedRates);
  const reservations = createReservationQueries(db);
  const eventChanged = (id: number) => {
    const event = events.get(id);
    if (event) deps.eventChanged(event);
  };
  const reservationChanged = (id: number) => deps.reservationsChanged(() => [reservations.item(id)].filter((item) => item !== undefined));
  const outbound = createBeds24Outbound({
    db,
    clock,
    queue: deps.queue,
    events,
    mirror,
    rooms,
    availability,
    beds24: deps.beds24,
    eventChanged,
    reservationChanged,
    availabilityDelayMs: deps.options?.availabilityDelayMs ?? DEFAULT_AVAILABILITY_DELAY_MS,
  });
  const toCloudbeds = createCloudbedsOutbound({ db, clock, queue: deps.queue, events, mirror, cloudbeds: deps.cloudbeds, eventChanged, reservationChanged });
  const inbound = createBeds24Inbound({
    clock,
    queue: deps.queue,
    events,
    beds24: deps.beds24,
    // The host's own secret wins; else the one saved in Settings (the desktop's), read at each webhook.
    webhookSecret: () => deps.options?.webhookSecret || deps.savedWebhookSecret?.() || null,
    knownBooking: (bookingId) => mirror.bySource('beds24', String(bookingId)) !== undefined,
    eventChanged,
  });
  const apply = createApplyWorker({
    db,
    clock,
    events,
    mirror,
    rooms,
    availability,
    cloudbeds: deps.cloudbeds,
    eventChanged,
    // Every change of the mirror is offered to the channel; the origin check is what stops a loop.
    reservationChanged: (id) => {
      outbound.queueBookingPush(id);
      reservationChanged(id);
    },
    availabilityChanged: () => outbound.queueAvailabilityPush(),
  });
  const cloudbedsPoll = createCloudbedsPollWorker({
    db,
    clock,
    calendar: deps.calendar,
    mirror,
    events,
    rooms,
    availability,
    cloudbeds: deps.cloudbeds,
    queueSends: (id) => {
      outbound.queueBookingPush(id);
      outbound.queueAvailabilityPush();
    },
    changed: reservationChanged,
  });
  const importRooms = createRoomImportWorker({ db, clock, rooms, beds24: deps.beds24, cloudbeds: deps.cloudbeds, mappingsChanged: () => outbound.queueAvailabilityPush() });
  const cron = deps.options?.pollCron === undefined ? DEFAULT_POLL_CRON : deps.options.pollCron;
  const schedules: ScheduleSpec[] =
    cron === null
      ? []
      : [
          { name: POLL_SCHEDULE, cron, timezone: deps.calendar.timeZone, job: newJob(POLL_BEDS24, { trigger: 'schedule' }) },
          { name: CLOUDBEDS_POLL_SCHEDULE, cron, timezone: deps.calendar.timeZone, job: newJob(POLL_CLOUDBEDS, { trigger: 'schedule' }) },
        ];
  const workers: JobWorker[] = [apply, importRooms, cloudbedsPoll, ...inbound.workers, ...outbound.workers, ...toCloudbeds.workers];

  return {
    workers,
    schedules,
    /** The webhook receiver: raw body and signature header in, status to answer out. */
    receiveBeds24Webhook: inbound.receiveWebhook,
    /**
     * Cloudbeds confirmed these rates (or closed or opened their nights): their nights go to
     * Beds24 with the next availability push. Called inside the transaction that records them,
     * so a crash keeps both or neither; `availabilityMayHaveChanged` queues the push after it.
     */
    markConfirmedRates(cells: readonly { roomTypeId: number; date: string }[]): void {
      for (const cell of cells) if (rooms.beds24OfRoomType(cell.roomTypeId) !== null) availability.markNights(cell.roomTypeId, cell.date, cell.date);
    },
    availabilityMayHaveChanged: () => outbound.queueAvailabilityPush(),
    /** Once the queue exists: follows the channel's jobs, queues what a stop left behind, and returns the calls. */
    attach() {
      const queue = deps.queue();
      // Nights marked before a stop, whose push was never queued (a crash between the two).
      outbound.queueAvailabilityPush();
      queue.events.on('job/changed', (job) => {
        if (!CHANNEL_TYPES.has(job.type)) return;
        const event = events.ofJob(job.id);
        if (!event) return;
        if (job.status === 'failed') events.setStatus(event.id, 'failed', clock.now(), job.lastError);
        else if (job.status === 'queued' && event.status === 'failed') events.setStatus(event.id, 'received', clock.now());
        // Superseded by a later change of the same reservation, which carries its state.
        else if (job.status === 'cancelled' && event.status !== 'done') events.setStatus(event.id, 'done', clock.now(), job.discardReason ?? 'superseded by a later change');
        else return;
        eventChanged(event.id);
      });
      if (queue.lanes.includes(APPLY_INBOUND.lane)) inbound.requeueStored();
      // As the rates import: the first screen that finds no mapping queues the import, once.
      const requestImport = () => {
        if (rooms.isEmpty() && queue.lanes.includes(IMPORT_ROOMS.lane)) queue.enqueue(newJob(IMPORT_ROOMS, {}, { idempotencyKey: 'channel/import-rooms:first' }));
      };
      return createChannelHandlers({ db, clock, calendar: deps.calendar, queue, jobs: createJobQueries(db), events, mirror, rooms, availability, outbound, toCloudbeds, reservations, eventChanged, reservationChanged, requestImport });
    },
    /** Queues a poll of Beds24 (or of Cloudbeds' reservations) now: tests, and a person's "check now". */
    pollNow: (system: 'beds24' | 'cloudbeds' = 'beds24') =>
      deps.queue().enqueue(newJob(system === 'beds24' ? POLL_BEDS24 : POLL_CLOUDBEDS, { trigger: 'manual' }, { priority: 100 }))[0]!,
    availability,
  };
}

export type ChannelDomain = ReturnType<typeof createChannelDomain>;
