import type { Clock } from '../clock.js';
import type { CloudbedsConnector } from '../integrations/cloudbeds/cloudbeds.js';
import type { JobContext } from '../queue/job-context.js';
import { workerFor, type JobWorker } from '../queue/job-kind.js';
import { createJobQueries } from '../queue/job-queries.js';
import type { Queue } from '../queue/queue.js';
import { RemoteError } from '../queue/remote-error.js';
import type { Db } from '../store/database.js';
import type { ChannelEventStore } from './channel-event-store.js';
import { notConnected, PUSH_RESERVATION } from './channel-jobs.js';
import type { ChannelMirror } from './channel-mirror.js';
import { apiReferenceOf } from './channel-outbound.js';
import { queueStaySend } from './stay-send.js';

/** Who the reservation is for, in Cloudbeds' fields, and what to say when its room type is not mapped. */
export interface CloudbedsGuest {
  /** The stay's id where it was made: Cloudbeds de-duplicates new reservations by it. */
  thirdPartyIdentifier: string;
  firstName: string;
  lastName: string;
  email: string;
  /** Why the stay cannot go without a room type, and the field to fix. */
  unmapped: { message: string; field: string };
  /**
   * Whether an earlier send may have created it at Cloudbeds though no answer said so (a
   * timeout, a crash): a stay cancelled since is then posted (Cloudbeds answers a replay with
   * the same reservation) and cancelled there, rather than left booked.
   */
  mayHaveBeenPosted?: () => boolean;
}

/**
 * Tells Cloudbeds (the PMS) a stay's current state: a new one is posted with its
 * `thirdPartyIdentifier` (a repeat answers the same reservation) and linked; a linked one gets
 * its cancellation or its new check-out date through `putReservation` (all Cloudbeds takes there:
 * a stay under way at the desk keeps its own status). Returns what was done, for the job's result.
 */
export async function tellCloudbeds(
  deps: { mirror: ChannelMirror; cloudbeds: () => CloudbedsConnector | null },
  reservationId: number,
  guest: CloudbedsGuest,
  context: JobContext,
): Promise<string> {
  const { mirror } = deps;
  const row = mirror.get(reservationId)!;
  const cloudbeds = deps.cloudbeds();
  if (!cloudbeds) throw notConnected('Cloudbeds');
  const linked = mirror.linkOf(reservationId, 'cloudbeds');
  if (linked === undefined) {
    const cancelled = row.status === 'cancelled';
    if (cancelled && !guest.mayHaveBeenPosted?.()) return 'nothing to tell: cancelled before Cloudbeds knew it';
    if (row.room_type_id === null) throw new RemoteError('validation', guest.unmapped.message, { field: guest.unmapped.field });
    const answer = await cloudbeds.postReservation({
      thirdPartyIdentifier: guest.thirdPartyIdentifier,
      startDate: row.arrival,
      endDate: row.departure,
      guestFirstName: guest.firstName,
      guestLastName: guest.lastName,
      guestEmail: guest.email,
      rooms: [{ roomTypeId: row.room_type_id, adults: Math.max(1, row.adults), children: row.children }],
    });
    context.recordResponse(answer);
    mirror.link(reservationId, 'cloudbeds', answer.data.reservationId);
    const posted = `posted as Cloudbeds reservation ${answer.data.reservationId}`;
    // A replay (the first answer was lost) is answered as the first booking was made: a
    // cancellation or a check-out changed since then is sent on its own.
    const behind = cancelled ? { status: 'canceled' as const } : answer.data.endDate !== undefined && answer.data.endDate !== row.departure ? { checkoutDate: row.departure } : null;
    if (!behind) return posted;
    const caughtUp = await cloudbeds.putReservation({ reservationId: answer.data.reservationId, ...behind });
    context.recordResponse(caughtUp);
    return `${posted}, then ${cancelled ? 'cancelled' : `check-out moved to ${row.departure}`}`;
  }
  const answer = await cloudbeds.putReservation({
    reservationId: linked,
    ...(row.status === 'cancelled' ? { status: 'canceled' as const } : { checkoutDate: row.departure }),
  });
  context.recordResponse(answer);
  return `Cloudbeds reservation ${linked} ${row.status === 'cancelled' ? 'cancelled' : 'updated'}`;
}

/** "Walter van Walkin" → first "Walter", last "van Walkin" (Cloudbeds wants both; one word is the last name too). */
export function splitGuestName(name: string): { firstName: string; lastName: string } {
  const [first = '', ...rest] = name.trim().split(/\s+/);
  return { firstName: first || 'Guest', lastName: rest.join(' ') || first || 'Guest' };
}

export interface CloudbedsOutboundDeps {
  db: Db;
  clock: Clock;
  queue: () => Queue;
  events: ChannelEventStore;
  mirror: ChannelMirror;
  cloudbeds: () => CloudbedsConnector | null;
  eventChanged(id: number): void;
  reservationChanged(id: number): void;
}

/**
 * Reservations made here (a walk-in at the desk) go to Cloudbeds, the PMS, as they go to Beds24:
 * the PMS must hold every stay, or it sells the room again. Only stays made here: one from
 * Cloudbeds is its own, one from Beds24 is posted there by the inbound apply.
 */
export function createCloudbedsOutbound(deps: CloudbedsOutboundDeps) {
  const { events, mirror, clock } = deps;
  const jobs = createJobQueries(deps.db);
  const orderingKeyOf = (reservationId: number) => `reservation:${reservationId}:cloudbeds`;

  /** Queues the send of a stay made here; false for any other (nothing to send). */
  function queueReservationPush(reservationId: number): boolean {
    const row = mirror.get(reservationId);
    if (!row || row.source !== 'local' || !deps.queue().lanes.includes(PUSH_RESERVATION.lane)) return false;
    queueStaySend(deps, row, { system: 'cloudbeds', noun: 'reservation', kind: PUSH_RESERVATION, orderingKey: orderingKeyOf(reservationId) });
    return true;
  }

  const worker = workerFor(PUSH_RESERVATION, async ({ reservationId, eventId }, context) => {
    const row = mirror.get(reservationId);
    if (!row) return { skipped: 'reservation gone' };
    if (row.source !== 'local') return { skipped: `came from ${row.source}: not sent to Cloudbeds from here` };
    events.setStatus(eventId, 'processing', clock.now());
    deps.eventChanged(eventId);
    const outcome = await tellCloudbeds(
      deps,
      reservationId,
      {
        thirdPartyIdentifier: apiReferenceOf(reservationId),
        ...splitGuestName(row.guest_name),
        // Cloudbeds requires an email; a walk-in's is rarely taken. An address that can never receive mail.
        email: `walk-in-${reservationId}@guest.invalid`,
        unmapped: { message: 'This stay has no room type: choose one, then retry', field: 'roomTypeId' },
        mayHaveBeenPosted: () => jobs.hadUnansweredAttempt(PUSH_RESERVATION.type, orderingKeyOf(reservationId)),
      },
      context,
    );
    events.setStatus(eventId, 'done', clock.now());
    deps.eventChanged(eventId);
    deps.reservationChanged(reservationId);
    return { outcome };
  });

  return { queueReservationPush, workers: [worker] as JobWorker[] };
}

export type CloudbedsOutbound = ReturnType<typeof createCloudbedsOutbound>;
