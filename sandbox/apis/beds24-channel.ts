import { createHmac } from 'node:crypto';
import { z } from 'zod';
import type { Reservation } from '../hotel.js';
import type { ApiContext } from '../kit.js';
import { beds24Time, type BookingRecord } from './beds24-common.js';

/** The header the simulated Beds24 signs its webhooks in: `sha256=<hex HMAC-SHA256 of the body>`. */
export const WEBHOOK_SIGNATURE_HEADER = 'x-webhook-signature';

export function signWebhook(body: string, secret: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

/** `PUT /__sandbox/webhooks/beds24`: where booking webhooks go, and the secret they are signed with. */
export const webhookTargetSchema = z.strictObject({
  url: z.url().refine((url) => /^http:\/\/(127\.0\.0\.1|localhost|\[::1\])(:\d+)?\//.test(url), 'must be a loopback http URL'),
  secret: z.string().min(16).max(200),
});
export type WebhookTarget = z.infer<typeof webhookTargetSchema>;

export const CHANNEL_CHANGES = ['create', 'change', 'cancel'] as const;
export type ChannelChange = (typeof CHANNEL_CHANGES)[number];

const deliveries = z.number().int().min(1).max(20).optional();
const date = z.iso.date();
/** What an OTA does to a booking at Beds24 (`POST /__sandbox/beds24/<change>`). */
export const channelChangeSchemas = {
  create: z.strictObject({
    roomId: z.number().int().positive(),
    arrival: date,
    departure: date,
    firstName: z.string().min(1).max(100),
    lastName: z.string().min(1).max(100),
    email: z.email().optional(),
    numAdult: z.number().int().min(1).max(20).optional(),
    channel: z.string().min(1).max(40).optional(),
    /** The webhook is delivered this many times (as Beds24 does when answers are lost). */
    deliveries,
  }),
  change: z.strictObject({ id: z.number().int().positive(), arrival: date.optional(), departure: date.optional(), numAdult: z.number().int().min(1).max(20).optional(), deliveries }),
  cancel: z.strictObject({ id: z.number().int().positive(), deliveries }),
} as const;

export type ChannelChangeOutcome = { ok: true; id: number } | { ok: false; status: number; message: string; field?: string };

/** One webhook the simulated Beds24 sent, and how the receiver answered (null: no answer). */
export interface WebhookDelivery {
  bookingId: number;
  body: string;
  signature: string;
  status: number | null;
  at: number;
}

const RETRY_DELAYS_MS = [1_000, 2_000, 4_000, 8_000, 16_000];

/**
 * Bookings changed at Beds24 by a channel (an OTA), as the control API asks, and the signed
 * webhooks Beds24 then sends to the configured URL; a delivery not answered 2xx is sent again
 * a few times (Beds24 keeps trying for 30 minutes). Not recorded in the ledger: these are not
 * requests anyone made to the API.
 */
export function createBeds24Channel(deps: {
  context: ApiContext;
  records: () => Map<number, BookingRecord>;
  bookingOf(id: number): Record<string, unknown> | undefined;
  takeId(): number;
}) {
  const { context } = deps;
  let target: WebhookTarget | null = null;
  const sent: WebhookDelivery[] = [];

  async function deliver(delivery: WebhookDelivery, retry: number): Promise<void> {
    if (!target) return;
    try {
      const answer = await fetch(target.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', [WEBHOOK_SIGNATURE_HEADER]: delivery.signature },
        body: delivery.body,
      });
      delivery.status = answer.status;
      await answer.arrayBuffer();
    } catch {
      delivery.status = null;
    }
    const ok = delivery.status !== null && delivery.status >= 200 && delivery.status < 300;
    if (!ok && retry < RETRY_DELAYS_MS.length) context.setTimeout(() => void deliver(delivery, retry + 1), RETRY_DELAYS_MS[retry]!);
  }

  /** Sends the booking's webhook `times` times, one after another; resolves when each was answered. */
  async function notify(id: number, times: number): Promise<void> {
    const booking = deps.bookingOf(id);
    if (!booking || !target) return;
    const body = JSON.stringify({ timeStamp: beds24Time(context.now()), booking, infoItems: [], invoiceItems: [], messages: [], retries: 0 });
    const signature = signWebhook(body, target.secret);
    for (let i = 0; i < times; i += 1) {
      const delivery: WebhookDelivery = { bookingId: id, body, signature, status: null, at: context.now() };
      sent.push(delivery);
      await deliver(delivery, 0);
    }
  }

  function create(body: z.infer<(typeof channelChangeSchemas)['create']>): ChannelChangeOutcome {
    const hotel = context.hotel;
    const type = hotel.roomTypes.find((candidate) => candidate.beds24RoomId === body.roomId);
    if (!type) return { ok: false, status: 400, message: `roomId ${body.roomId} is not a room of this account`, field: 'roomId' };
    if (body.departure <= body.arrival) return { ok: false, status: 400, message: 'departure must be after arrival', field: 'departure' };
    const room = hotel.rooms.find((candidate) => candidate.roomTypeId === type.id)!;
    const id = deps.takeId();
    const now = context.now();
    const reservation: Reservation = {
      id: `beds24-${id}`,
      source: 'beds24',
      status: 'confirmed',
      firstName: body.firstName,
      lastName: body.lastName,
      email: body.email ?? `${body.firstName}.${body.lastName}@guest.example`.toLowerCase().replace(/\s+/g, ''),
      roomTypeId: type.id,
      roomId: room.id,
      startDate: body.arrival,
      endDate: body.departure,
      adults: body.numAdult ?? 2,
      children: 0,
      total: 0,
      channel: body.channel ?? 'Booking.com',
      createdAt: now,
      modifiedAt: now,
      beds24BookingId: id,
    };
    hotel.reservations.push(reservation);
    deps.records().set(id, { id, reservation, status: 'confirmed', apiReference: `OTA-${id}`, cancelTime: null, extra: {}, version: 0 });
    return { ok: true, id };
  }

  function change(action: 'change' | 'cancel', body: { id: number; arrival?: string; departure?: string; numAdult?: number }): ChannelChangeOutcome {
    const record = deps.records().get(body.id);
    if (!record) return { ok: false, status: 404, message: `Booking ${body.id} does not exist`, field: 'id' };
    const r = record.reservation;
    const now = context.now();
    if (action === 'cancel') {
      record.status = 'cancelled';
      record.cancelTime = now;
      r.status = 'canceled';
    } else {
      const arrival = body.arrival ?? r.startDate;
      const departure = body.departure ?? r.endDate;
      if (departure <= arrival) return { ok: false, status: 400, message: 'departure must be after arrival', field: 'departure' };
      r.startDate = arrival;
      r.endDate = departure;
      if (body.numAdult !== undefined) r.adults = body.numAdult;
    }
    // Beds24's modification times have whole seconds: a change in the same second is still a change.
    r.modifiedAt = Math.max(now, r.modifiedAt + 1000);
    record.version += 1;
    return { ok: true, id: record.id };
  }

  return {
    configure(next: WebhookTarget | null): void {
      target = next;
    },
    /** Applies a channel's change and sends its webhook (when a URL is configured); answers once delivered. */
    async apply(action: ChannelChange, body: Record<string, unknown>): Promise<ChannelChangeOutcome> {
      const outcome =
        action === 'create'
          ? create(body as z.infer<(typeof channelChangeSchemas)['create']>)
          : change(action, body as { id: number; arrival?: string; departure?: string; numAdult?: number });
      if (outcome.ok) await notify(outcome.id, (body.deliveries as number | undefined) ?? 1);
      return outcome;
    },
    deliveries: (): WebhookDelivery[] => sent.slice(),
  };
}

export type Beds24Channel = ReturnType<typeof createBeds24Channel>;
