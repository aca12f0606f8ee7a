import { DEMO_CREDENTIALS } from '../demo-credentials.js';
import type { Hotel, Reservation } from '../hotel.js';
import { isoDate, json, text, textList, type ApiContext, type SandboxApi, type SandboxRequest } from '../kit.js';
import { objectId, staysListingId, staysReservationId } from './stays-ids.js';
import { staysRevision } from './stays-changes.js';

/** Stays publishes no limit; the sandbox holds each client to 10 requests per second. */
export const STAYS_LIMIT = { limit: 10, windowMs: 1000 } as const;
/** Stays' documented page size: the default and the maximum of `limit`. */
export const STAYS_MAX_LIMIT = 20;

const DATE_TYPES = ['arrival', 'departure', 'creation', 'creationorig', 'included'] as const;
type DateType = (typeof DATE_TYPES)[number];
const TYPES = ['reserved', 'booked', 'contract', 'blocked', 'maintenance', 'canceled'] as const;
const DEFAULT_TYPES = ['reserved', 'booked', 'contract'];

/** Stays' short reservation code, e.g. `HL05K`: letters, two digits, a letter. */
function shortCode(serial: number): string {
  const letter = (n: number) => String.fromCharCode(65 + (n % 26));
  return `${letter(Math.floor(serial / 2600))}${letter(Math.floor(serial / 100))}${String(serial % 100).padStart(2, '0')}${letter(serial * 7)}`;
}

function staysType(reservation: Reservation): string {
  if (reservation.status === 'canceled') return 'canceled';
  return reservation.status === 'not_confirmed' ? 'reserved' : 'booked';
}

/** One seeded reservation as `GET /booking/reservations` lists it. */
function toStays(reservation: Reservation, roomNumber: string, currency: string) {
  const digits = reservation.id.replace(/\D/g, '');
  const serial = Number(digits.slice(-6) || '0') % 1_000_000;
  const partnerCode = reservation.channel === 'Airbnb' ? `HM${objectId(reservation.id).slice(0, 8).toUpperCase()}` : undefined;
  return {
    _id: staysReservationId(reservation.id),
    id: shortCode(serial),
    creationDate: new Date(reservation.createdAt).toISOString().slice(0, 10),
    checkInDate: reservation.startDate,
    checkInTime: reservation.checkInTime ?? '15:00',
    checkOutDate: reservation.endDate,
    checkOutTime: reservation.checkOutTime ?? '11:00',
    _idlisting: staysListingId(roomNumber),
    _idclient: objectId(`client:${reservation.email}`),
    type: staysType(reservation),
    price: { currency, _f_expected: reservation.total, _f_total: reservation.total },
    guests: reservation.adults + reservation.children,
    guestsDetails: { adults: reservation.adults, children: reservation.children, infants: 0 },
    partner: { _id: objectId(`partner:${reservation.channel}`), name: reservation.channel },
    ...(partnerCode ? { partnerCode } : {}),
  };
}
type StaysReservation = ReturnType<typeof toStays>;

/** What a reservation's Stays view depends on: it is built again only when one of these changed. */
const viewKey = (r: Reservation) => `${r.status}|${r.startDate}|${r.endDate}|${r.roomId}|${r.total}|${r.channel}|${r.checkInTime}|${r.checkOutTime}|${r.createdAt}`;

const viewCache = new WeakMap<Reservation, { key: string; view: StaysReservation }>();
const sortedCache = new WeakMap<Hotel, { signature: string; views: StaysReservation[] }>();

/**
 * Every Stays reservation of the hotel as Stays lists it, in a stable order (check-in, then
 * `_id`), so pages do not overlap or skip while nothing changes. Built once per change of the
 * hotel's Stays reservations: a hotel seeded with 10,000 of them is paged 500 times a scan.
 */
export function staysReservations(hotel: Hotel): StaysReservation[] {
  const signature = `${staysRevision(hotel)}:${hotel.reservations.length}`;
  const cached = sortedCache.get(hotel);
  if (cached?.signature === signature) return cached.views;
  const roomNumbers = new Map(hotel.rooms.map((room) => [room.id, room.number]));
  const views = hotel.reservations
    .filter((reservation) => reservation.source === 'stays')
    .map((reservation) => {
      const key = viewKey(reservation);
      const known = viewCache.get(reservation);
      if (known?.key === key) return known.view;
      const view = toStays(reservation, roomNumbers.get(reservation.roomId) ?? reservation.roomId, hotel.currency.code);
      viewCache.set(reservation, { key, view });
      return view;
    })
    .sort((a, b) => (a.checkInDate < b.checkInDate ? -1 : a.checkInDate > b.checkInDate ? 1 : a._id < b._id ? -1 : a._id > b._id ? 1 : 0));
  sortedCache.set(hotel, { signature, views });
  return views;
}

/** Whether a reservation falls in `[from, to]` for the chosen date type (both ends included). */
function matches(reservation: StaysReservation, dateType: DateType, from: string, to: string): boolean {
  switch (dateType) {
    case 'arrival':
      return reservation.checkInDate >= from && reservation.checkInDate <= to;
    case 'departure':
      return reservation.checkOutDate >= from && reservation.checkOutDate <= to;
    case 'creation':
    case 'creationorig':
      return reservation.creationDate >= from && reservation.creationDate <= to;
    case 'included':
      // Any day of the stay, departure day included, inside the period.
      return reservation.checkInDate <= to && reservation.checkOutDate >= from;
  }
}

const problem = (status: number, message: string) => json(status, { message });

/**
 * Stays external API v1 (reservations only), under `/stays/external/v1`: Basic auth with the
 * client id and secret, `GET /booking/reservations` over the seeded reservations whose source is
 * Stays (listings are rooms), pages of at most 20 with `skip`/`limit`, errors as `{message}`.
 */
export function createStaysApi(context: ApiContext): SandboxApi {
  const expected = `Basic ${Buffer.from(`${DEMO_CREDENTIALS.stays.clientId}:${DEMO_CREDENTIALS.stays.clientSecret}`).toString('base64')}`;

  // The last query's matches, while the listing is unchanged: a scan asks for the same query
  // page after page (500 pages for 10,000 reservations).
  let lastQuery: { key: string; listing: StaysReservation[]; found: StaysReservation[] } | null = null;
  function matching(key: string, test: (reservation: StaysReservation) => boolean): StaysReservation[] {
    const listing = staysReservations(context.hotel);
    if (lastQuery?.key !== key || lastQuery.listing !== listing) lastQuery = { key, listing, found: listing.filter(test) };
    return lastQuery.found;
  }

  function listReservations(request: SandboxRequest) {
    const { query } = request;
    const from = isoDate(query.from);
    const to = isoDate(query.to);
    if (query.from === undefined || query.to === undefined) return problem(400, 'Parameters "from" and "to" are required');
    if (!from) return problem(400, 'Invalid "from" date, expected YYYY-MM-DD');
    if (!to) return problem(400, 'Invalid "to" date, expected YYYY-MM-DD');
    if (to < from) return problem(400, '"to" date must not be before "from" date');
    const dateType = text(query.dateType);
    if (dateType === undefined) return problem(400, 'Parameter "dateType" is required');
    if (!DATE_TYPES.includes(dateType as DateType)) return problem(400, `Invalid "dateType", expected one of ${DATE_TYPES.join(', ')}`);
    const types = query.type === undefined ? DEFAULT_TYPES : textList(query.type);
    const unknownType = types.find((type) => !TYPES.includes(type as (typeof TYPES)[number]));
    if (unknownType !== undefined || types.length === 0) return problem(400, `Invalid "type", expected any of ${TYPES.join(', ')}`);
    const skipText = text(query.skip) ?? '0';
    const limitText = text(query.limit) ?? String(STAYS_MAX_LIMIT);
    if (!/^\d+$/.test(skipText)) return problem(400, 'Invalid "skip", expected a non-negative integer');
    if (!/^\d+$/.test(limitText) || Number(limitText) < 1) return problem(400, 'Invalid "limit", expected a positive integer');
    const skip = Number(skipText);
    const limit = Number(limitText);
    if (limit > STAYS_MAX_LIMIT) return problem(400, `"limit" must be less than or equal to ${STAYS_MAX_LIMIT}`);

    const found = matching(`${dateType}|${from}|${to}|${types.join(',')}`, (reservation) => types.includes(reservation.type) && matches(reservation, dateType as DateType, from, to));
    return json(200, found.slice(skip, skip + limit));
  }

  return {
    name: 'stays',
    basePath: '/external/v1',
    requestIdHeader: 'x-request-id',
    authenticate(request, revoked) {
      if (!revoked && request.headers.authorization === expected) return { ok: true, principal: DEMO_CREDENTIALS.stays.clientId };
      return { ok: false, response: problem(401, 'Unauthorized: invalid client credentials') };
    },
    chargeFor: (_request, principal) => ({ key: principal, ...STAYS_LIMIT, cost: 1 }),
    errorResponse: (status, message) => problem(status, message),
    /** `GET /__sandbox/state/stays`: every Stays reservation as the API lists it, cancelled ones too. */
    state: () => ({ reservations: staysReservations(context.hotel) }),
    handle(request) {
      if (request.path === '/external/v1/booking/reservations') {
        return request.method === 'GET' ? listReservations(request) : problem(405, `Method ${request.method} not allowed`);
      }
      const one = /^\/external\/v1\/booking\/reservations\/([^/]+)$/.exec(request.path);
      if (one) {
        if (request.method !== 'GET') return problem(405, `Method ${request.method} not allowed`);
        // By `_id` or by the short code, as Stays accepts both; cancelled ones too.
        const found = staysReservations(context.hotel).find((reservation) => reservation._id === one[1] || reservation.id === one[1]);
        return found ? json(200, found) : problem(404, 'Reservation not found');
      }
      return problem(404, `Not found: ${request.path}`);
    },
  };
}
