import { randomBytes } from 'node:crypto';
import { DEMO_CREDENTIALS } from '../demo-credentials.js';
import { isoDate, json, text, type ApiContext, type SandboxApi, type SandboxRequest, type SandboxResponse } from '../kit.js';
import { createBeds24Bookings } from './beds24-bookings.js';
import { createBeds24Channel, type Beds24Channel } from './beds24-channel.js';
import { createBeds24Calendar, spanDays } from './beds24-calendar.js';
import { beds24Error, flag, intList, pageNumber, pagedAnswer } from './beds24-common.js';

/** The account that owns the hotel; every token of the sandbox belongs to it. */
export const BEDS24_OWNER_ID = 61_342;
/** Tokens from a refresh token live 24 hours (Beds24 wiki). */
export const TOKEN_LIFETIME_S = 86_400;
/** 100 credits per 5 minutes per account. */
export const CREDIT_LIMIT = 100;
export const CREDIT_WINDOW_MS = 300_000;

// Beds24's room type vocabulary for the seeded room types.
const ROOM_KINDS: Record<string, string> = { STD: 'double', SGL: 'single', SUP: 'double', DLX: 'triple', FAM: 'family' };

const BASE_PATH = '/api/v2';
/** The path below `/api/v2` (null outside it), trailing slashes dropped. */
const routePath = (request: SandboxRequest): string | null =>
  request.path.startsWith(`${BASE_PATH}/`) ? request.path.slice(BASE_PATH.length).replace(/\/+$/, '') : null;
const isTokenRoute = (request: SandboxRequest) => ['/authentication/token', '/authentication/setup'].includes(routePath(request) ?? '');

/**
 * Credits a request spends. Beds24 charges more for bigger requests without publishing a
 * table; here: 1 per read, 1 per 31 days of calendar read, 2 per write plus 1 per 10 items.
 */
function costOf(request: SandboxRequest): number {
  const route = `${request.method} ${routePath(request)}`;
  if (route === 'GET /inventory/rooms/calendar') {
    const start = isoDate(request.query.startDate);
    const end = isoDate(request.query.endDate);
    return start && end && end >= start ? Math.ceil(spanDays(start, end) / 31) : 1;
  }
  if (request.method === 'POST' && Array.isArray(request.body)) {
    const items =
      route === 'POST /inventory/rooms/calendar'
        ? request.body.reduce((sum: number, item: { calendar?: unknown }) => sum + (Array.isArray(item?.calendar) ? item.calendar.length : 1), 0)
        : request.body.length;
    return 2 + Math.floor(items / 10);
  }
  return request.method === 'GET' ? 1 : 2;
}

/**
 * Beds24 API V2 under `/beds24/api/v2`: token setup and refresh, bookings, the room calendar and
 * properties, with the `token` header, credit limits and credit headers, and Beds24's error body.
 */
export function createBeds24Api(context: ApiContext): SandboxApi & { channel: Beds24Channel } {
  const hotel = context.hotel;
  const bookings = createBeds24Bookings(context);
  const calendar = createBeds24Calendar(context);
  const channel = createBeds24Channel({ context, records: bookings.records, bookingOf: bookings.bookingOf, takeId: bookings.takeId });
  const accessTokens = new Map<string, number>();
  const refreshTokens = new Set<string>([DEMO_CREDENTIALS.beds24.refreshToken]);
  const principal = `account:${BEDS24_OWNER_ID}`;

  function issueToken(): { token: string; expiresIn: number } {
    const token = randomBytes(36).toString('base64url');
    accessTokens.set(token, context.now() + TOKEN_LIFETIME_S * 1000);
    return { token, expiresIn: TOKEN_LIFETIME_S };
  }

  function properties(request: SandboxRequest): SandboxResponse {
    const ids = intList(request.query.id);
    const roomIds = intList(request.query.roomId);
    const page = pageNumber(request.query.page);
    if (ids === null || roomIds === null) return beds24Error(400, 'id and roomId must be lists of integers');
    if (page === null) return beds24Error(400, 'page must be a positive integer');
    const types = hotel.roomTypes.filter((type) => !roomIds || roomIds.includes(type.beds24RoomId));
    const property = {
      id: hotel.propertyId,
      name: hotel.name,
      propertyType: 'hotel',
      currency: hotel.currency.code,
      address: hotel.address.street,
      city: hotel.address.city,
      country: hotel.address.country,
      postcode: hotel.address.postcode,
      account: { ownerId: BEDS24_OWNER_ID },
      // Room types come with the property only when asked for.
      ...(flag(request.query.includeAllRooms)
        ? {
            roomTypes: types.map((type) => ({
              id: type.beds24RoomId,
              propertyId: hotel.propertyId,
              name: type.name,
              roomType: ROOM_KINDS[type.shortName] ?? 'double',
              qty: hotel.rooms.filter((room) => room.roomTypeId === type.id).length,
              maxPeople: type.maxGuests,
              maxAdult: type.maxGuests,
              maxChildren: Math.max(0, type.maxGuests - 1),
              minStay: 1,
              maxStay: 30,
            })),
          }
        : {}),
    };
    const data = !ids || ids.includes(hotel.propertyId) ? [property] : [];
    return pagedAnswer(request, 'property', data, page);
  }

  return {
    name: 'beds24',
    basePath: BASE_PATH,
    requestIdHeader: 'x-request-id',

    authenticate(request, revoked) {
      const refuse = (message: string) => ({ ok: false as const, response: beds24Error(401, message) });
      if (revoked) return refuse('Unauthorized: access for this account has been revoked');
      // The token routes check their own header (code or refreshToken).
      if (isTokenRoute(request)) return { ok: true, principal };
      const token = text(request.headers.token);
      if (!token) return refuse('Token is missing');
      const expiresAt = accessTokens.get(token);
      if (expiresAt === undefined || expiresAt <= context.now()) return refuse('Token is not valid or has expired');
      return { ok: true, principal };
    },

    chargeFor(request, account) {
      if (isTokenRoute(request)) return null;
      return { key: account, limit: CREDIT_LIMIT, windowMs: CREDIT_WINDOW_MS, cost: costOf(request) };
    },

    errorResponse: (status, message) => beds24Error(status, message),

    limitHeaders: (remaining, resetsInMs, cost) => ({
      // What the live servers send (the spec spells them X-FiveMinCreditLimit-…).
      'x-five-min-limit-remaining': String(remaining),
      'x-five-min-limit-resets-in': String(Math.ceil(resetsInMs / 1000)),
      'x-request-cost': String(cost),
    }),

    handle(request) {
      switch (`${request.method} ${routePath(request)}`) {
        case 'GET /authentication/setup': {
          if (text(request.headers.code) !== DEMO_CREDENTIALS.beds24.inviteCode) return beds24Error(400, 'Invite code is not valid');
          const refreshToken = randomBytes(36).toString('base64url');
          refreshTokens.add(refreshToken);
          return json(200, { ...issueToken(), refreshToken });
        }
        case 'GET /authentication/token': {
          const refreshToken = text(request.headers.refreshtoken);
          if (!refreshToken || !refreshTokens.has(refreshToken)) return beds24Error(400, 'Refresh token is not valid');
          return json(200, issueToken());
        }
        case 'GET /bookings':
          return bookings.list(request);
        case 'POST /bookings':
          return bookings.write(request.body);
        case 'GET /inventory/rooms/calendar':
          return calendar.read(request);
        case 'POST /inventory/rooms/calendar':
          return calendar.write(request.body);
        case 'GET /properties':
          return properties(request);
        default:
          return beds24Error(404, `No endpoint ${request.method} ${request.path}`);
      }
    },

    expireTokens() {
      accessTokens.clear();
    },

    /** Bookings as GET /bookings shows them (cancelled too), each calendar POST as sent, and the webhooks sent. */
    state: () => ({
      bookings: [...bookings.records().keys()].map((id) => bookings.bookingOf(id)),
      calendarRequests: calendar.requests(),
      webhooks: channel.deliveries(),
    }),

    channel,
  };
}
