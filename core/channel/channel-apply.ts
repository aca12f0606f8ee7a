import type { Clock } from '../clock.js';
import type { Beds24Booking } from '../integrations/beds24/beds24-types.js';
import type { CloudbedsConnector } from '../integrations/cloudbeds/cloudbeds.js';
import { workerFor } from '../queue/job-kind.js';
import type { Db } from '../store/database.js';
import type { Availability } from './availability.js';
import { APPLY_INBOUND } from './channel-jobs.js';
import type { ChannelEventStore } from './channel-event-store.js';
import { stayOfBooking, type ChannelMirror } from './channel-mirror.js';
import { tellCloudbeds, type CloudbedsGuest } from './cloudbeds-outbound.js';
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

/** The channel guest as Cloudbeds takes it, its Beds24 id the de-duplication key. */
const guestOf = (booking: Beds24Booking): CloudbedsGuest => ({
  thirdPartyIdentifier: String(booking.id),
  firstName: booking.firstName.trim() || 'Guest',
  lastName: booking.lastName.trim() || `Beds24 ${booking.id}`,
  // Cloudbeds requires an email; channel bookings often have none. An address that can never receive mail.
  email: booking.email.trim() || `beds24-${booking.id}@guest.invalid`,
  unmapped: { message: `Beds24 room ${booking.roomId} is not mapped to a room type: map it under Mappings, then retry`, field: 'roomId' },
});

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

  return workerFor(APPLY_INBOUND, async ({ eventId }, context) => {
    const event = events.get(eventId);
    if (!event) return { skipped: 'event gone' };
    events.setStatus(eventId, 'processing', clock.now());
    deps.eventChanged(eventId);
    const booking = event.payload as Beds24Booking;
    const reservationId = applyToMirror(booking, eventId);
    deps.reservationChanged(reservationId);
    deps.availabilityChanged();
    const outcome = await tellCloudbeds(deps, reservationId, guestOf(booking), context);
    events.setStatus(eventId, 'done', clock.now());
    deps.eventChanged(eventId);
    return { reservationId, outcome };
  });
}
