import type { Clock } from '../clock.js';
import type { Beds24Booking } from '../integrations/beds24/beds24-types.js';
import type { CloudbedsConnector } from '../integrations/cloudbeds/cloudbeds.js';
import type { JobContext } from '../queue/job-context.js';
import { workerFor } from '../queue/job-kind.js';
import { RemoteError } from '../queue/remote-error.js';
import type { Db } from '../store/database.js';
import type { Availability } from './availability.js';
import { APPLY_INBOUND, notConnected } from './channel-jobs.js';
import type { ChannelEventStore } from './channel-event-store.js';
import { stayOfBooking, type ChannelMirror } from './channel-mirror.js';
import type { RoomMapStore } from './room-map-store.js';

export interface ApplyDeps {
  db: Db;
  clock: Clock;
  events: ChannelEventStore;
  mirror: ChannelMirror;
  rooms: RoomMapStore;
  availability: Availability;
  cloudbeds: () => CloudbedsConnector | null;
  eventChanged(id: number): void;
  reservationChanged(id: number): void;
  availabilityChanged(): void;
}

/** Cloudbeds requires an email; channel bookings often have none. An address that can never receive mail. */
const placeholderEmail = (booking: Beds24Booking) => `beds24-${booking.id}@guest.invalid`;

/**
 * Applies one inbound Beds24 booking change: the mirror first (in one transaction with the
 * availability marks), then Cloudbeds: a new booking is posted with its Beds24 id as
 * `thirdPartyIdentifier` (a repeat answers the same reservation), a cancellation or a new
 * check-out date goes through `putReservation`. A change older than the mirror's is not applied.
 */
export function createApplyWorker(deps: ApplyDeps) {
  const { mirror, events, clock } = deps;

  const applyToMirror = deps.db.transaction((booking: Beds24Booking, eventId: number) => {
    const existing = mirror.bySource('beds24', String(booking.id));
    const version = booking.modifiedTime;
    if (existing && existing.source_version !== null && version !== null && existing.source_version > version) return existing.id;
    const fields = stayOfBooking(booking, deps.rooms.roomTypeOfBeds24(booking.roomId) ?? null);
    const now = clock.now();
    let id: number;
    if (existing) {
      deps.availability.markStay(existing.room_type_id, existing.arrival, existing.departure);
      mirror.update(existing.id, fields, version, now);
      id = existing.id;
    } else {
      id = mirror.insert('beds24', String(booking.id), fields, version, now);
    }
    mirror.link(id, 'beds24', String(booking.id));
    deps.availability.markStay(fields.roomTypeId, fields.arrival, fields.departure);
    events.setReservation(eventId, id);
    return id;
  });

  async function tellCloudbeds(reservationId: number, booking: Beds24Booking, context: JobContext) {
    const row = mirror.get(reservationId)!;
    const cloudbeds = deps.cloudbeds();
    if (!cloudbeds) throw notConnected('Cloudbeds');
    const linked = mirror.linkOf(reservationId, 'cloudbeds');
    if (linked === undefined) {
      if (row.status === 'cancelled') return 'nothing to tell: cancelled before Cloudbeds knew it';
      if (row.room_type_id === null) {
        throw new RemoteError('validation', `Beds24 room ${booking.roomId} is not mapped to a room type: map it under Mappings, then retry`, { field: 'roomId' });
      }
      const answer = await cloudbeds.postReservation({
        thirdPartyIdentifier: String(booking.id),
        startDate: row.arrival,
        endDate: row.departure,
        guestFirstName: booking.firstName.trim() || 'Guest',
        guestLastName: booking.lastName.trim() || `Beds24 ${booking.id}`,
        guestEmail: booking.email.trim() || placeholderEmail(booking),
        rooms: [{ roomTypeId: row.room_type_id, adults: Math.max(1, row.adults), children: row.children }],
      });
      context.recordResponse(answer);
      mirror.link(reservationId, 'cloudbeds', answer.data.reservationId);
      return `posted as Cloudbeds reservation ${answer.data.reservationId}`;
    }
    const answer = await cloudbeds.putReservation({
      reservationId: linked,
      // A stay already under way at the desk keeps its own status there: only a cancellation changes it.
      ...(row.status === 'cancelled' ? { status: 'canceled' as const } : { checkoutDate: row.departure }),
    });
    context.recordResponse(answer);
    return `Cloudbeds reservation ${linked} ${row.status === 'cancelled' ? 'cancelled' : 'updated'}`;
  }

  return workerFor(APPLY_INBOUND, async ({ eventId }, context) => {
    const event = events.get(eventId);
    if (!event) return { skipped: 'event gone' };
    events.setStatus(eventId, 'processing', clock.now());
    deps.eventChanged(eventId);
    const booking = event.payload as Beds24Booking;
    const reservationId = applyToMirror(booking, eventId);
    deps.reservationChanged(reservationId);
    deps.availabilityChanged();
    const outcome = await tellCloudbeds(reservationId, booking, context);
    events.setStatus(eventId, 'done', clock.now());
    deps.eventChanged(eventId);
    return { reservationId, outcome };
  });
}
