import type { CallResult, ReservationDetail, TimelineEntry, ValidCallArgs } from '../../shared/contract.js';
import { addDays, daysBetween } from '../../shared/iso-date.js';
import { CallError, notFound } from '../api/call-error.js';
import { retryJobNow } from '../api/job-handlers.js';
import type { Handlers } from '../api/invoke.js';
import type { Clock } from '../clock.js';
import { acceptedDates, checkAcceptedDate, type HotelCalendar } from '../hotel-calendar.js';
import type { JobQueries } from '../queue/job-queries.js';
import type { Queue } from '../queue/queue.js';
import type { ReservationQueries } from '../reconciliation/reservation-queries.js';
import type { Db } from '../store/database.js';
import type { Availability } from './availability.js';
import type { ChannelEventStore } from './channel-event-store.js';
import { fieldsOf, type ChannelMirror, type StayFields } from './channel-mirror.js';
import type { Beds24Outbound } from './channel-outbound.js';
import type { CloudbedsOutbound } from './cloudbeds-outbound.js';
import type { RoomMapStore } from './room-map-store.js';

export interface ChannelHandlerDeps {
  db: Db;
  clock: Clock;
  calendar: HotelCalendar;
  queue: Queue;
  jobs: JobQueries;
  events: ChannelEventStore;
  mirror: ChannelMirror;
  rooms: RoomMapStore;
  availability: Availability;
  outbound: Beds24Outbound;
  toCloudbeds: CloudbedsOutbound;
  reservations: ReservationQueries;
  eventChanged(id: number): void;
  reservationChanged(id: number): void;
  /** Queues the first room import when nothing is mapped yet. */
  requestImport(): void;
}

const DEFAULT_PAGE = 100;
/** Longest stay or block one call may make: a year and a day. */
const MAX_NIGHTS = 366;

/** `reservations/get|create|update|cancel`, `blocks/*`, `mappings/*`, `channel/*`. */
export function createChannelHandlers(deps: ChannelHandlerDeps) {
  const { mirror, rooms, availability, outbound, events, clock } = deps;
  const jobsOfReservation = deps.db.prepare(`SELECT id, type, status, summary, last_error, updated_at FROM jobs
    WHERE ordering_key IN (@reservation, @pin) OR id IN (SELECT job_id FROM channel_events WHERE reservation_id = @id AND job_id IS NOT NULL)
    ORDER BY id DESC LIMIT 100`);

  function checkDates(first: string, last: string, fields: [string, string]): void {
    const window = acceptedDates(deps.calendar);
    checkAcceptedDate(first, fields[0], window);
    checkAcceptedDate(last, fields[1], window);
    if (daysBetween(first, last) > MAX_NIGHTS) throw new CallError('invalid_argument', `${fields[1]}: must be at most ${MAX_NIGHTS} days after ${fields[0]}`, fields[1]);
  }

  function checkRoomType(roomTypeId: number): void {
    if (!rooms.hasRoomType(roomTypeId)) throw new CallError('not_found', `Room type ${roomTypeId} is not one of the hotel's (see Mappings)`, 'roomTypeId');
  }

  function detail(id: number): ReservationDetail {
    const item = deps.reservations.item(id);
    const row = mirror.get(id);
    if (!item || !row) throw notFound('Reservation', id);
    return { ...item, roomTypeId: row.room_type_id, adults: row.adults, children: row.children, total: row.total, links: mirror.links(id) };
  }

  /**
   * Queues the sends of a stay made or changed here, inside the transaction that writes it: the
   * stay and its sends to Cloudbeds and Beds24 are stored together or not at all (a crash between
   * the two would leave a walk-in the PMS never hears of).
   */
  function queueSends(id: number): void {
    deps.toCloudbeds.queueReservationPush(id);
    outbound.queueBookingPush(id);
    outbound.queueAvailabilityPush();
  }

  /** Writes a change made here, marks the nights it frees and takes, and queues its sends. */
  const change = deps.db.transaction((id: number, before: StayFields | null, after: StayFields) => {
    if (before) availability.markStay(before.status === 'cancelled' ? null : before.roomTypeId, before.arrival, before.departure);
    availability.markStay(after.roomTypeId, after.arrival, after.departure);
    mirror.update(id, after, null, clock.now());
    queueSends(id);
  });

  function afterChange(id: number): ReservationDetail {
    deps.reservationChanged(id);
    return detail(id);
  }

  function editable(id: number) {
    const row = mirror.get(id);
    if (!row) throw notFound('Reservation', id);
    // Each system keeps its own: a change made here to another's booking would be undone by its next read.
    if (row.source === 'beds24') throw new CallError('conflict', `Reservation ${id} came from Beds24: change or cancel it at the channel it was booked on`, 'id');
    if (row.source === 'cloudbeds') throw new CallError('conflict', `Reservation ${id} belongs to Cloudbeds: change it there, and the change comes here and to Beds24`, 'id');
    if (row.source === 'stays') throw new CallError('conflict', `Reservation ${id} belongs to Stays: change it there`, 'id');
    return row;
  }

  function timeline(id: number): TimelineEntry[] {
    const entries: TimelineEntry[] = events.ofReservation(id).map((event) => ({
      at: event.updatedAt,
      kind: 'event',
      id: event.id,
      title: `${event.direction === 'inbound' ? 'From' : 'To'} ${event.system === 'beds24' ? 'Beds24' : 'Cloudbeds'} · ${event.eventType.replace('_', ' ')} (${event.via})`,
      status: event.status,
      error: event.lastError,
    }));
    const jobs = jobsOfReservation.all({ id, reservation: `reservation:${id}`, pin: `door-pin:${id}` }) as {
      id: number;
      status: string;
      summary: string;
      last_error: string | null;
      updated_at: number;
    }[];
    for (const job of jobs) entries.push({ at: new Date(job.updated_at).toISOString(), kind: 'job', id: job.id, title: job.summary, status: job.status, error: job.last_error });
    return entries.sort((a, b) => b.at.localeCompare(a.at) || b.id - a.id);
  }

  const retryJob = (jobId: number | null) => (jobId === null ? undefined : retryJobNow({ queries: deps.jobs, queue: deps.queue }, jobId, clock.now()));

  return {
    'reservations/get': ({ id }) => ({ reservation: detail(id), timeline: timeline(id) }),

    'reservations/create': (args: ValidCallArgs<'reservations/create'>) => {
      checkDates(args.arrival, args.departure, ['arrival', 'departure']);
      checkRoomType(args.roomTypeId);
      const fields: StayFields = {
        guestName: args.guestName,
        arrival: args.arrival,
        departure: args.departure,
        status: 'confirmed',
        roomTypeId: args.roomTypeId,
        adults: args.adults ?? 1,
        children: args.children ?? 0,
        total: null,
        channel: 'Walk-in',
      };
      const id = deps.db.transaction(() => {
        const created = mirror.insert('local', null, fields, null, clock.now());
        availability.markStay(fields.roomTypeId, fields.arrival, fields.departure);
        queueSends(created);
        return created;
      })();
      return afterChange(id);
    },

    'reservations/update': ({ id, ...changes }: ValidCallArgs<'reservations/update'>) => {
      const row = editable(id);
      const before = fieldsOf(row);
      const after: StayFields = {
        ...before,
        ...(changes.guestName !== undefined ? { guestName: changes.guestName } : {}),
        ...(changes.arrival !== undefined ? { arrival: changes.arrival } : {}),
        ...(changes.departure !== undefined ? { departure: changes.departure } : {}),
        ...(changes.roomTypeId !== undefined ? { roomTypeId: changes.roomTypeId } : {}),
        ...(changes.adults !== undefined ? { adults: changes.adults } : {}),
        ...(changes.children !== undefined ? { children: changes.children } : {}),
      };
      if (after.departure <= after.arrival) throw new CallError('invalid_argument', 'departure: must be after arrival', 'departure');
      checkDates(after.arrival, after.departure, ['arrival', 'departure']);
      if (changes.roomTypeId !== undefined) checkRoomType(changes.roomTypeId);
      if (row.status === 'cancelled') throw new CallError('conflict', `Reservation ${id} is cancelled: make a new one instead`, 'id');
      // Cloudbeds' API changes a reservation's check-out and status, never its arrival or room
      // type: once the stay is there, such a change here would leave the PMS holding another stay.
      const atCloudbeds = mirror.linkOf(id, 'cloudbeds');
      const unmovable = after.arrival !== before.arrival ? 'arrival' : after.roomTypeId !== before.roomTypeId ? 'roomTypeId' : null;
      if (atCloudbeds !== undefined && unmovable) {
        throw new CallError(
          'conflict',
          `Reservation ${id} is Cloudbeds reservation ${atCloudbeds}, whose ${unmovable === 'arrival' ? 'arrival' : 'room type'} Cloudbeds does not let other systems change: change it in Cloudbeds, or cancel this stay and book a new one`,
          unmovable,
        );
      }
      change(id, before, after);
      return afterChange(id);
    },

    'reservations/cancel': ({ id }) => {
      const row = editable(id);
      if (row.status === 'cancelled') return detail(id);
      const before = fieldsOf(row);
      change(id, before, { ...before, status: 'cancelled' });
      return afterChange(id);
    },

    'blocks/list': ({ from, to }) => {
      deps.requestImport();
      const first = from ?? deps.calendar.today();
      const last = to ?? addDays(first, MAX_NIGHTS - 1);
      checkDates(first, last, ['from', 'to']);
      return { items: rooms.blocks(first, last) };
    },

    'blocks/create': (args: ValidCallArgs<'blocks/create'>) => {
      checkDates(args.firstNight, args.lastNight, ['firstNight', 'lastNight']);
      const room = rooms.room(args.roomId);
      if (!room) throw new CallError('not_found', `Room ${args.roomId} is not one of the hotel's (see Mappings)`, 'roomId');
      const id = deps.db.transaction(() => {
        const created = rooms.insertBlock({ roomId: room.id, kind: args.kind, firstNight: args.firstNight, lastNight: args.lastNight, note: args.note ?? null }, clock.now());
        availability.markNights(room.room_type_id, args.firstNight, args.lastNight);
        return created;
      })();
      outbound.queueAvailabilityPush();
      return rooms.block(id)!;
    },

    'blocks/delete': ({ id }) => {
      const block = rooms.block(id);
      if (!block) throw notFound('Block', id);
      deps.db.transaction(() => {
        rooms.deleteBlock(id);
        availability.markNights(block.roomTypeId, block.firstNight, block.lastNight);
      })();
      outbound.queueAvailabilityPush();
      return { id };
    },

    'mappings/list': () => {
      deps.requestImport();
      return rooms.mappings();
    },

    'mappings/set': ({ roomTypes, properties }: ValidCallArgs<'mappings/set'>): CallResult<'mappings/set'> => {
      const now = clock.now();
      // Nothing was sent for these while unmapped or switched off: the year ahead goes again.
      const resend = new Set<number>();
      deps.db.transaction(() => {
        for (const type of roomTypes ?? []) {
          checkRoomType(type.roomTypeId);
          const taken = type.beds24RoomId === null ? undefined : rooms.roomTypeOfBeds24(type.beds24RoomId);
          if (taken !== undefined && taken !== type.roomTypeId) {
            throw new CallError('conflict', `Beds24 room ${type.beds24RoomId} is already mapped to room type ${taken}`, 'roomTypes');
          }
          if (type.beds24RoomId !== null && rooms.beds24OfRoomType(type.roomTypeId) !== type.beds24RoomId) resend.add(type.roomTypeId);
          rooms.setBeds24Room(type.roomTypeId, type.beds24RoomId, now);
        }
        for (const property of properties ?? []) {
          const wasOn = rooms.availabilitySync(property.id);
          if (wasOn === undefined) throw new CallError('not_found', `Property ${property.id} is not one of the channel's`, 'properties');
          rooms.setAvailabilitySync(property.id, property.availabilitySync, now);
          if (property.availabilitySync && !wasOn) for (const type of rooms.roomTypesOfProperty(property.id)) resend.add(type);
        }
        const today = deps.calendar.today();
        for (const type of resend) availability.markNights(type, today, addDays(today, MAX_NIGHTS - 1));
      })();
      if (resend.size > 0) outbound.queueAvailabilityPush();
      return rooms.mappings();
    },

    'channel/events': ({ filter, cursor, limit = DEFAULT_PAGE }) => {
      deps.requestImport();
      const rows = events.list(filter ?? {}, cursor === undefined ? null : Number(cursor), limit + 1);
      const page = rows.slice(0, limit);
      return { items: page, nextCursor: rows.length > limit ? String(page.at(-1)!.id) : null };
    },

    'channel/retry': ({ id }) => {
      const event = events.get(id);
      if (!event) throw notFound('Channel event', id);
      if (event.status !== 'failed') throw new CallError('conflict', `Event ${id} is ${event.status}; only a failed event can be retried`, 'id');
      if (!retryJob(event.jobId)) throw new CallError('conflict', `Event ${id} cannot be retried now: its job is not failed (it may already be running)`, 'id');
      return events.get(id)!;
    },

    'channel/retry-all': ({ filter }) => {
      let count = 0;
      for (const { id, job_id } of events.failed(filter ?? {})) {
        if (!retryJob(job_id)) continue;
        deps.eventChanged(id);
        count += 1;
      }
      return { count };
    },
  } satisfies Partial<Handlers>;
}
