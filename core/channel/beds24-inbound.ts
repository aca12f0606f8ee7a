import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { bookingSchema } from '../integrations/beds24/beds24-parse.js';
import { BEDS24_BOOKING_STATUSES, type Beds24Booking } from '../integrations/beds24/beds24-types.js';
import { isIsoDate } from '../../shared/iso-date.js';
import type { Clock } from '../clock.js';
import type { Beds24Connector } from '../integrations/beds24/beds24.js';
import { newJob, workerFor, type JobWorker } from '../queue/job-kind.js';
import type { Queue } from '../queue/queue.js';
import { APPLY_INBOUND, notConnected, POLL_BEDS24 } from './channel-jobs.js';
import type { ChannelEventStore } from './channel-event-store.js';

/** The header a webhook's signature comes in: `sha256=<hex HMAC-SHA256 of the raw body with the shared secret>`. */
export const WEBHOOK_SIGNATURE_HEADER = 'x-webhook-signature';
/** Webhook bodies larger than this are refused (413) unread: a booking is a few kilobytes. */
export const MAX_WEBHOOK_BYTES = 256 * 1024;
export const BOOKINGS_CURSOR = 'beds24-bookings';
/** On the first poll, bookings changed in the last minute are read: older ones are already at both ends. */
const FIRST_POLL_LOOKBACK_MS = 60_000;

/** A booking as a webhook or a poll brings it: dates real and in order, a modification time to key it by. */
const inboundBooking = bookingSchema.superRefine((booking, ctx) => {
  if (!isIsoDate(booking.arrival)) ctx.addIssue({ code: 'custom', path: ['arrival'], message: 'must be a date YYYY-MM-DD' });
  if (!isIsoDate(booking.departure) || booking.departure <= booking.arrival) ctx.addIssue({ code: 'custom', path: ['departure'], message: 'must be a date after arrival' });
  if (!booking.modifiedTime) ctx.addIssue({ code: 'custom', path: ['modifiedTime'], message: 'is required: it tells one change of a booking from another' });
});
const webhookSchema = z.object({ timeStamp: z.string().optional(), booking: inboundBooking });

export type WebhookAnswer = { status: 200 | 202; message: string; eventId?: number; duplicate: boolean } | { status: 400 | 401 | 422; message: string; field?: string };

/**
 * What makes a repeat a duplicate: the booking and the moment it was changed, plus a digest of
 * what it says. Beds24's times have whole seconds: two real changes in one second (a change,
 * then a cancellation) differ in content, while a redelivery is the same bytes of booking.
 */
export function inboundKey(booking: Beds24Booking): string {
  const { id, roomId, unitId, status, arrival, departure, numAdult, numChild, firstName, lastName } = booking;
  const digest = createHash('sha256').update(JSON.stringify([roomId, unitId, status, arrival, departure, numAdult, numChild, firstName, lastName])).digest('hex').slice(0, 12);
  return `beds24:${id}:${booking.modifiedTime}:${digest}`;
}

export function eventTypeOf(booking: Beds24Booking, known: boolean): string {
  if (booking.status === 'cancelled') return 'booking_cancelled';
  return known ? 'booking_changed' : 'booking_created';
}

export interface InboundDeps {
  clock: Clock;
  queue: () => Queue;
  events: ChannelEventStore;
  beds24: () => Beds24Connector | null;
  /** The shared secret webhooks are signed with; null: every webhook is refused. */
  webhookSecret: () => string | null;
  knownBooking(bookingId: number): boolean;
  eventChanged(id: number): void;
}

/** Inbound from Beds24: the webhook receiver, the poll, and the one way both store an event. */
export function createBeds24Inbound(deps: InboundDeps) {
  const { events, clock } = deps;

  /** Stores a booking change unless it is a duplicate, and queues its apply job; the event id, or undefined for a duplicate. */
  function record(booking: Beds24Booking, via: 'webhook' | 'poll'): number | undefined {
    const id = events.insert(
      {
        key: inboundKey(booking),
        direction: 'inbound',
        eventType: eventTypeOf(booking, deps.knownBooking(booking.id)),
        system: 'beds24',
        via,
        externalId: String(booking.id),
        reservationId: null,
        payload: booking,
      },
      clock.now(),
    );
    if (id === undefined) return undefined;
    queueApply(id, booking.id);
    return id;
  }

  function queueApply(eventId: number, bookingId: number): void {
    // Changes of one booking are applied in the order they came.
    const [job] = deps.queue().enqueue(newJob(APPLY_INBOUND, { eventId, bookingId }, { idempotencyKey: `channel/apply:${eventId}`, orderingKey: `beds24-booking:${bookingId}` }));
    events.setJob(eventId, job!.id);
    deps.eventChanged(eventId);
  }

  function signatureMatches(body: Buffer, signature: string | undefined, secret: string): boolean {
    const expected = Buffer.from(`sha256=${createHmac('sha256', secret).update(body).digest('hex')}`);
    const given = Buffer.from(signature ?? '');
    return given.length === expected.length && timingSafeEqual(given, expected);
  }

  /**
   * One webhook: the signature is checked on the raw bytes before anything is read or stored;
   * the answer is 2xx only once the event is committed (or was already stored).
   */
  function receiveWebhook(body: Buffer, signature: string | undefined): WebhookAnswer {
    const secret = deps.webhookSecret();
    if (secret === null) return { status: 401, message: 'Webhooks are not accepted: no shared secret is configured' };
    if (!signatureMatches(body, signature, secret)) return { status: 401, message: `The ${WEBHOOK_SIGNATURE_HEADER} header does not match the body` };
    let parsed: unknown;
    try {
      parsed = JSON.parse(body.toString('utf8'));
    } catch {
      return { status: 400, message: 'The body is not valid JSON' };
    }
    const result = webhookSchema.safeParse(parsed);
    if (!result.success) {
      const issue = result.error.issues[0]!;
      const field = issue.path.join('.');
      return { status: 422, message: `Not a Beds24 booking webhook: ${field ? `${field}: ` : ''}${issue.message}`, ...(field ? { field } : {}) };
    }
    const eventId = record(result.data.booking, 'webhook');
    return eventId === undefined
      ? { status: 200, message: 'Already received', duplicate: true }
      : { status: 202, message: 'Stored', eventId, duplicate: false };
  }

  const pollWorker = workerFor(POLL_BEDS24, async (_payload, context) => {
    const beds24 = deps.beds24();
    if (!beds24) throw notConnected('Beds24');
    const started = clock.now();
    const cursor = events.cursor(BOOKINGS_CURSOR) ?? new Date(started - FIRST_POLL_LOOKBACK_MS).toISOString().slice(0, 19);
    const answer = await beds24.getBookings({ modifiedFrom: cursor, status: [...BEDS24_BOOKING_STATUSES] });
    context.recordResponse(answer);
    let stored = 0;
    let latest = cursor;
    for (const raw of answer.data) {
      const booking = inboundBooking.safeParse(raw);
      // A booking Beds24 itself lists but that cannot be mirrored is skipped, not a failed poll.
      if (!booking.success) continue;
      if (record(booking.data, 'poll') !== undefined) stored += 1;
      const modified = booking.data.modifiedTime!.slice(0, 19);
      if (modified > latest) latest = modified;
    }
    // modifiedFrom includes its second: the last booking comes again next time, and is a duplicate.
    events.setCursor(BOOKINGS_CURSOR, latest, clock.now());
    return { fetched: answer.data.length, stored, cursor: latest };
  });

  return {
    receiveWebhook,
    record,
    workers: [pollWorker] as JobWorker[],
    /** Events stored whose job was never queued (the app stopped in between): queued now. */
    requeueStored(): void {
      for (const event of events.withoutJob()) {
        const bookingId = Number(event.externalId);
        if (event.direction === 'inbound' && Number.isSafeInteger(bookingId)) queueApply(event.id, bookingId);
      }
    },
  };
}

export type Beds24Inbound = ReturnType<typeof createBeds24Inbound>;
