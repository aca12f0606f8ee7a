import { wallClockAt } from '../../shared/hotel-time.js';
import type { Clock } from '../clock.js';
import type { HotelCalendar } from '../hotel-calendar.js';
import type { CloudbedsConnector, CloudbedsReservation } from '../integrations/cloudbeds/cloudbeds.js';
import { workerFor } from '../queue/job-kind.js';
import type { Db } from '../store/database.js';
import type { Availability } from './availability.js';
import { notConnected, POLL_CLOUDBEDS } from './channel-jobs.js';
import type { ChannelEventStore } from './channel-event-store.js';
import type { ChannelMirror, MirrorStatus, StayFields } from './channel-mirror.js';
import { reservationOfReference } from './channel-outbound.js';
import type { RoomMapStore } from './room-map-store.js';

export const RESERVATIONS_CURSOR = 'cloudbeds-reservations';
/** On the first poll, reservations changed in the last minute are read: older ones are already where they belong. */
const FIRST_POLL_LOOKBACK_MS = 60_000;

const STATUS: Record<CloudbedsReservation['status'], MirrorStatus> = {
  not_confirmed: 'confirmed',
  confirmed: 'confirmed',
  canceled: 'cancelled',
  checked_in: 'checked_in',
  checked_out: 'checked_out',
  no_show: 'no_show',
};

/** Cloudbeds' date-time on the property's clock: `YYYY-MM-DD HH:MM:SS`. */
const cloudbedsTime = (ms: number, timeZone: string) => wallClockAt(ms, timeZone).replace('T', ' ');

export interface CloudbedsInboundDeps {
  db: Db;
  clock: Clock;
  calendar: HotelCalendar;
  mirror: ChannelMirror;
  events: ChannelEventStore;
  rooms: RoomMapStore;
  availability: Availability;
  cloudbeds: () => CloudbedsConnector | null;
  /**
   * Queues what a reservation made or changed at Cloudbeds sends on (to Beds24; one that came
   * from Beds24 is refused there), inside the transaction that writes it: the next poll would
   * find it unchanged, so a send lost to a crash would never be queued again.
   */
  queueSends(reservationId: number): void;
  /** Told after the write: the screens show it. */
  changed(reservationId: number): void;
}

/**
 * Reservations made or changed at Cloudbeds (the PMS), read by modification time from a cursor
 * kept across restarts, written to the mirror as source `cloudbeds`. One the app itself posted
 * there (a channel booking or a walk-in, linked by its reservationID or by the thirdPartyIdentifier
 * it was posted with) is the mirror's own already and is left alone: that is what keeps it from
 * coming back as a second stay and going to Beds24 again.
 */
export function createCloudbedsPollWorker(deps: CloudbedsInboundDeps) {
  const { mirror, clock } = deps;

  /**
   * The stay the app posted as this reservation, known by the identifier it was posted with
   * (even when the answer with its reservationID was lost): a channel booking's Beds24 id, or a
   * walk-in's own reference.
   */
  function postedFrom(thirdPartyIdentifier: string | undefined): number | undefined {
    if (!thirdPartyIdentifier) return undefined;
    const own = reservationOfReference(thirdPartyIdentifier);
    if (own !== undefined && mirror.get(own)?.source === 'local') return own;
    return mirror.linked('beds24', thirdPartyIdentifier);
  }

  const write = deps.db.transaction((reservation: CloudbedsReservation): number | null => {
    const ownPosting = mirror.linked('cloudbeds', reservation.reservationId) ?? postedFrom(reservation.thirdPartyIdentifier);
    const existing = mirror.bySource('cloudbeds', reservation.reservationId);
    if (ownPosting !== undefined && ownPosting !== existing?.id) return null;
    if (existing && existing.source_version !== null && existing.source_version >= reservation.dateModified) return null;
    const roomTypeId = reservation.roomTypeIds?.find((id) => deps.rooms.hasRoomType(id)) ?? existing?.room_type_id ?? null;
    const fields: StayFields = {
      guestName: reservation.guestName || `Cloudbeds ${reservation.reservationId}`,
      arrival: reservation.startDate,
      departure: reservation.endDate,
      status: STATUS[reservation.status],
      roomTypeId,
      adults: reservation.adults,
      children: reservation.children,
      total: existing?.total ?? null,
      channel: reservation.sourceName ?? null,
    };
    const now = clock.now();
    if (existing) {
      deps.availability.markStay(existing.room_type_id, existing.arrival, existing.departure);
      mirror.update(existing.id, fields, reservation.dateModified, now);
    }
    const id = existing?.id ?? mirror.insert('cloudbeds', reservation.reservationId, fields, reservation.dateModified, now);
    mirror.link(id, 'cloudbeds', reservation.reservationId);
    deps.availability.markStay(roomTypeId, fields.arrival, fields.departure);
    deps.queueSends(id);
    return id;
  });

  return workerFor(POLL_CLOUDBEDS, async (_payload, context) => {
    const cloudbeds = deps.cloudbeds();
    if (!cloudbeds) throw notConnected('Cloudbeds');
    const started = clock.now();
    // Cloudbeds' times have whole seconds: the window ends at the next one, so a change in this
    // second is not left between two windows (the next starts there; a re-read is no change).
    const modifiedTo = cloudbedsTime(started + 1000, deps.calendar.timeZone);
    const modifiedFrom = deps.events.cursor(RESERVATIONS_CURSOR) ?? cloudbedsTime(started - FIRST_POLL_LOOKBACK_MS, deps.calendar.timeZone);
    const answer = await cloudbeds.getReservations({ modifiedFrom, modifiedTo, includeAllRooms: true });
    context.recordResponse(answer);
    let changed = 0;
    for (const reservation of answer.data) {
      const id = write(reservation);
      if (id === null) continue;
      changed += 1;
      deps.changed(id);
    }
    // The window's end, not a reservation's time: a quiet window still moves the cursor on.
    deps.events.setCursor(RESERVATIONS_CURSOR, modifiedTo, clock.now());
    return { fetched: answer.data.length, changed, cursor: modifiedTo };
  });
}
