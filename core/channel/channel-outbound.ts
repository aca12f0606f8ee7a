import type { Clock } from '../clock.js';
import type { Beds24Connector } from '../integrations/beds24/beds24.js';
import { itemRejection } from '../integrations/beds24/beds24.js';
import type { BookingWrite } from '../integrations/beds24/beds24-types.js';
import { newJob, workerFor, type JobWorker } from '../queue/job-kind.js';
import { createJobQueries } from '../queue/job-queries.js';
import type { Queue } from '../queue/queue.js';
import { RemoteError } from '../queue/remote-error.js';
import type { Db } from '../store/database.js';
import { chunkCalendar, type Availability } from './availability.js';
import type { ChannelEventStore } from './channel-event-store.js';
import { notConnected, PUSH_AVAILABILITY, PUSH_BOOKING } from './channel-jobs.js';
import type { ChannelMirror, MirrorRow } from './channel-mirror.js';
import type { RoomMapStore } from './room-map-store.js';
import { queueStaySend } from './stay-send.js';

export interface OutboundDeps {
  db: Db;
  clock: Clock;
  queue: () => Queue;
  events: ChannelEventStore;
  mirror: ChannelMirror;
  rooms: RoomMapStore;
  availability: Availability;
  beds24: () => Beds24Connector | null;
  eventChanged(id: number): void;
  reservationChanged(id: number): void;
  /** How long a push waits for more changes before it is sent (Beds24's budget is 100 credits per 5 minutes). */
  availabilityDelayMs: number;
}

/** Changes that come in a burst (a poll's page, a group booking) go in one request. */
export const DEFAULT_AVAILABILITY_DELAY_MS = 3_000;

/** Our reference on a booking we create at Beds24: the same reservation always has the same one. */
export const apiReferenceOf = (reservationId: number) => `sentinel-${reservationId}`;
/** The reservation an `apiReferenceOf` names; undefined for any other text. */
export const reservationOfReference = (reference: string): number | undefined => {
  const match = /^sentinel-([1-9]\d{0,15})$/.exec(reference);
  return match ? Number(match[1]) : undefined;
};

/** A booking made here, in Beds24's fields. */
function bookingWrite(row: MirrorRow, beds24RoomId: number, bookingId: number | undefined): BookingWrite {
  const [firstName, ...rest] = row.guest_name.trim().split(/\s+/);
  const stay: BookingWrite = {
    roomId: beds24RoomId,
    arrival: row.arrival,
    departure: row.departure,
    numAdult: Math.max(1, row.adults),
    numChild: row.children,
    firstName: firstName ?? row.guest_name,
    lastName: rest.join(' '),
    status: row.status === 'cancelled' ? 'cancelled' : 'confirmed',
  };
  return bookingId === undefined ? { ...stay, apiReference: apiReferenceOf(row.id) } : { ...stay, id: bookingId };
}

/**
 * Outbound to Beds24: bookings made or changed here (or in Cloudbeds), and availability. A
 * reservation that came from Beds24 is never sent back to it: checked when queued and when sent.
 */
export function createBeds24Outbound(deps: OutboundDeps) {
  const { events, mirror, clock } = deps;
  const jobs = createJobQueries(deps.db);

  /** Queues the send of a reservation's current state; false for one whose origin is Beds24 (no loops). */
  function queueBookingPush(reservationId: number): boolean {
    const row = mirror.get(reservationId);
    if (!row || row.source === 'beds24' || !deps.queue().lanes.includes(PUSH_BOOKING.lane)) return false;
    queueStaySend(deps, row, { system: 'beds24', noun: 'booking', kind: PUSH_BOOKING, orderingKey: `reservation:${reservationId}` });
    return true;
  }

  /** Queues an availability push unless one is already waiting: it will read every mark when it runs. */
  function queueAvailabilityPush(): void {
    if (!deps.queue().lanes.includes(PUSH_AVAILABILITY.lane)) return;
    if (deps.availability.pending() === 0 || jobs.firstWaiting(PUSH_AVAILABILITY) !== undefined) return;
    deps.queue().enqueue(newJob(PUSH_AVAILABILITY, {}, { runAt: clock.now() + deps.availabilityDelayMs }));
  }

  const bookingWorker = workerFor(PUSH_BOOKING, async ({ reservationId, eventId }, context) => {
    const row = mirror.get(reservationId);
    if (!row) return { skipped: 'reservation gone' };
    if (row.source === 'beds24') return { skipped: 'came from Beds24: never sent back' };
    events.setStatus(eventId, 'processing', clock.now());
    deps.eventChanged(eventId);
    const beds24RoomId = row.room_type_id === null ? null : deps.rooms.beds24OfRoomType(row.room_type_id);
    if (beds24RoomId === null) throw new RemoteError('validation', `Room type ${row.room_type_id ?? '(none)'} has no Beds24 room: map it under Mappings, then retry`, { field: 'roomTypeId' });
    const beds24 = deps.beds24();
    if (!beds24) throw notConnected('Beds24');
    const linked = mirror.linkOf(reservationId, 'beds24');
    const unsent = linked === undefined;
    const cancelled = row.status === 'cancelled';
    // Cancelled before Beds24 ever heard of it: nothing to send, unless an earlier send went
    // unanswered and may have made the booking there (then it is made, or found, and cancelled).
    if (unsent && cancelled && !jobs.hadUnansweredAttempt(PUSH_BOOKING.type, context.job.orderingKey ?? '')) {
      events.setStatus(eventId, 'done', clock.now());
      deps.eventChanged(eventId);
      return { skipped: 'cancelled before Beds24 knew it' };
    }
    const answer = await beds24.postBookings([bookingWrite(row, beds24RoomId, unsent ? undefined : Number(linked))]);
    context.recordResponse(answer);
    const result = answer.data[0]!;
    const rejection = itemRejection(result);
    if (rejection) throw rejection;
    if (unsent && result.id !== undefined) mirror.link(reservationId, 'beds24', String(result.id));
    // A create answered as a replay of an earlier one (by its apiReference) keeps that one's
    // state: the cancellation since is sent on its own.
    if (unsent && cancelled && result.id !== undefined) {
      const cancel = await beds24.postBookings([{ id: result.id, status: 'cancelled' }]);
      context.recordResponse(cancel);
      const refused = itemRejection(cancel.data[0]!);
      if (refused) throw refused;
    }
    events.setStatus(eventId, 'done', clock.now());
    deps.eventChanged(eventId);
    deps.reservationChanged(reservationId);
    return { bookingId: result.id ?? (linked === undefined ? null : Number(linked)) };
  });

  const availabilityWorker = workerFor(PUSH_AVAILABILITY, async (_payload, context) => {
    const plan = deps.availability.plan();
    if (plan.items.length === 0) {
      deps.availability.cleared(plan.upToSeq, plan.marks);
      return { requests: 0, nights: plan.marks.length };
    }
    const beds24 = deps.beds24();
    if (!beds24) throw notConnected('Beds24');
    const eventId = events.insert(
      {
        key: `out:beds24:availability:${context.job.id}`,
        direction: 'outbound',
        eventType: 'availability',
        system: 'beds24',
        via: 'app',
        externalId: null,
        reservationId: null,
        payload: plan.items,
      },
      clock.now(),
    );
    if (eventId !== undefined) {
      events.setJob(eventId, context.job.id);
      events.setStatus(eventId, 'processing', clock.now());
      deps.eventChanged(eventId);
    }
    const requests = chunkCalendar(plan.items);
    for (const items of requests) {
      const answer = await beds24.postRoomCalendar(items);
      context.recordResponse(answer);
      for (const result of answer.data) {
        const rejection = itemRejection(result);
        if (rejection) throw rejection;
      }
    }
    deps.availability.cleared(plan.upToSeq, plan.marks);
    const own = events.ofJob(context.job.id);
    if (own) {
      events.setStatus(own.id, 'done', clock.now());
      deps.eventChanged(own.id);
    }
    // Marks set while this push was on its way are sent by the next.
    queueAvailabilityPush();
    return { requests: requests.length, nights: plan.marks.length };
  });

  return { queueBookingPush, queueAvailabilityPush, workers: [bookingWorker, availabilityWorker] as JobWorker[] };
}

export type Beds24Outbound = ReturnType<typeof createBeds24Outbound>;
