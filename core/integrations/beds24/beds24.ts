import type { AxiosInstance, AxiosRequestConfig, AxiosResponse } from 'axios';
import qs from 'qs';
import { z } from 'zod';
import { systemClock, type Clock } from '../../clock.js';
import { RemoteError } from '../../queue/remote-error.js';
import { bookingQueryParams, bookingWriteBody, calendarQueryParams, calendarWriteBody } from './beds24-input.js';
import { bookingSchema, itemResultsSchema, pageSchema, propertySchema, readAnswer, roomCalendarSchema, setupSchema, tokenSchema } from './beds24-parse.js';
import type {
  Beds24Booking,
  Beds24Credits,
  Beds24ItemResult,
  Beds24Property,
  Beds24RoomCalendar,
  Beds24Setup,
  BookingQuery,
  BookingWrite,
  RoomCalendarQuery,
  RoomCalendarWrite,
} from './beds24-types.js';
import { createHttpClient, errorFromResponse, send, type ConnectorHooks, type Remote, type RemoteSystem } from '../remote-call.js';
import { createTokenSession } from '../token-session.js';

export * from './beds24-types.js';

export const BEDS24: RemoteSystem = {
  name: 'Beds24',
  requestIdHeader: 'x-request-id',
  describeError(body) {
    if (body === null || typeof body !== 'object') return {};
    const { error, message } = body as { error?: unknown; message?: unknown };
    if (typeof error === 'string' && error !== '') return { message: error };
    return typeof message === 'string' && message !== '' ? { message } : {};
  },
};

export interface Beds24ConnectorOptions extends ConnectorHooks {
  baseURL: string;
  /** The refresh token from `exchangeInviteCode`; it lives as long as it is used monthly. */
  credentials: { refreshToken: string };
  /** Called with the credit headers of every answer that has them (the lane's limiter eats them). */
  onCredits?: (credits: Beds24Credits) => void;
}

/** Tokens live 24 hours; take a new one a little before, so none dies in flight. */
const TOKEN_MARGIN_MS = 5 * 60_000;
/** A runaway `nextPageExists` must not loop forever. */
const MAX_PAGES = 200;

const serializeParams = (params: Record<string, unknown>) => qs.stringify(params, { arrayFormat: 'repeat' });

// Live servers spell the credit headers one way, the spec another: read both.
const CREDIT_HEADERS = {
  remaining: ['x-five-min-limit-remaining', 'x-fivemincreditlimit-remaining'],
  resetsIn: ['x-five-min-limit-resets-in', 'x-fivemincreditlimit-resetsin'],
  cost: ['x-request-cost', 'x-requestcost'],
};

/** The credit headers of an answer, in either spelling; undefined when it carries none. */
export function creditsFromHeaders(headers: object): Beds24Credits | undefined {
  const byName = new Map(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value as unknown]));
  const read = (names: string[]): number | undefined => {
    for (const name of names) {
      const raw = byName.get(name);
      const value = Number(Array.isArray(raw) ? raw[0] : raw);
      if ((typeof raw === 'string' && raw.trim() !== '') || typeof raw === 'number') if (Number.isFinite(value)) return value;
    }
    return undefined;
  };
  const remaining = read(CREDIT_HEADERS.remaining);
  if (remaining === undefined) return undefined;
  return { remaining, resetsInMs: (read(CREDIT_HEADERS.resetsIn) ?? 0) * 1000, cost: read(CREDIT_HEADERS.cost) ?? 0 };
}

function watchCredits(http: AxiosInstance, onCredits: Beds24ConnectorOptions['onCredits']): void {
  if (!onCredits) return;
  http.interceptors.response.use((response) => {
    const credits = creditsFromHeaders(response.headers);
    try {
      if (credits) onCredits(credits);
    } catch {
      // A listener's bug must not fail the call it listens to.
    }
    return response;
  });
}

/** Beds24 may also say `success:false` inside a 2xx. */
function rejectUnsuccessful(response: AxiosResponse): RemoteError | undefined {
  const body: unknown = response.data;
  if (body !== null && typeof body === 'object' && !Array.isArray(body) && (body as { success?: unknown }).success === false) {
    return errorFromResponse(BEDS24, response, 'validation');
  }
  return undefined;
}

/**
 * The token routes answer a bad code or refresh token with a 400: that is a sign-in problem
 * for a person, not a bad request to retry, so it is reported as `auth`.
 */
async function authenticationCall<S extends z.ZodType>(http: AxiosInstance, path: string, headers: Record<string, string>, schema: S, what: string) {
  try {
    return readAnswer(schema, await send<unknown>(BEDS24, () => http.get(path, { headers }), rejectUnsuccessful), what);
  } catch (failure) {
    if (!(failure instanceof RemoteError) || failure.kind !== 'validation') throw failure;
    throw new RemoteError('auth', failure.message, {
      ...(failure.httpStatus !== undefined ? { httpStatus: failure.httpStatus } : {}),
      ...(failure.requestId ? { requestId: failure.requestId } : {}),
    });
  }
}

/**
 * Exchanges a one-time invite code (made in Beds24's control panel) for a refresh token, for the
 * Settings screen. The answer holds secrets: store `refreshToken`, show none of it.
 */
export async function exchangeInviteCode(
  baseURL: string,
  code: string,
  options: { timeoutMs?: number; deviceName?: string } = {},
): Promise<Remote<Beds24Setup>> {
  if (typeof code !== 'string' || code.trim() === '') throw new RemoteError('validation', 'Enter the invite code from Beds24', { field: 'code' });
  const http = createHttpClient({ baseURL, timeoutMs: options.timeoutMs });
  const headers = { code: code.trim(), ...(options.deviceName ? { deviceName: options.deviceName } : {}) };
  return authenticationCall(http, '/authentication/setup', headers, setupSchema, 'an invite answer');
}

/**
 * Beds24 API V2: bookings, the room calendar (availability, prices, stays) and properties.
 * Calls carry a `token` header from the refresh token, renewed before it expires and once
 * after a 401. Per-item failures of a POST come back in the results (never thrown), so the
 * caller decides per item, even when every item failed; `itemRejection` turns one into an error.
 */
export function createBeds24Connector(options: Beds24ConnectorOptions) {
  const clock = options.clock ?? systemClock;
  const http = createHttpClient(options);
  watchCredits(http, options.onCredits);
  const session = createTokenSession({
    clock,
    marginMs: TOKEN_MARGIN_MS,
    async obtain() {
      const headers = { refreshToken: options.credentials.refreshToken };
      const answer = await authenticationCall(http, '/authentication/token', headers, tokenSchema, 'a token answer');
      return { value: answer.data.token, expiresAt: clock.now() + answer.data.expiresIn * 1000 };
    },
  });

  const request = (config: AxiosRequestConfig): Promise<Remote<unknown>> =>
    session.withToken((token) =>
      send<unknown>(BEDS24, () => http.request({ ...config, paramsSerializer: { serialize: serializeParams }, headers: { token } }), rejectUnsuccessful),
    );

  /** Every page of a list, following `pages.nextPageExists`; the meta is the last page's. */
  async function allPages(url: string, params: Record<string, unknown>, what: string): Promise<Remote<unknown[]>> {
    const items: unknown[] = [];
    for (let page = 1; ; page += 1) {
      const remote = await request({ method: 'GET', url, params: page === 1 ? params : { ...params, page } });
      const envelope = readAnswer(pageSchema, remote, what);
      items.push(...envelope.data.data);
      if (envelope.data.pages?.nextPageExists !== true) return { ...remote, data: items };
      if (page >= MAX_PAGES) throw new RemoteError('server', `Beds24 kept offering more pages of ${url} after ${MAX_PAGES}`);
    }
  }

  /** POST answers come one per item, in order; a different count cannot be matched to the items. */
  async function postItems(url: string, data: unknown[], what: string): Promise<Remote<Beds24ItemResult[]>> {
    const answer = readAnswer(itemResultsSchema, await request({ method: 'POST', url, data }), what);
    if (answer.data.length !== data.length) {
      throw new RemoteError('server', `Beds24 answered ${answer.data.length} results for ${data.length} items`, {
        httpStatus: answer.httpStatus,
        ...(answer.requestId ? { requestId: answer.requestId } : {}),
      });
    }
    return answer;
  }

  return {
    /** Bookings matching the query, every page; by default upcoming ones, cancelled only when asked. */
    async getBookings(query: BookingQuery = {}): Promise<Remote<Beds24Booking[]>> {
      const params = bookingQueryParams(query);
      return readAnswer(z.array(bookingSchema), await allPages('/bookings', params, 'a bookings page'), 'a booking');
    },

    /** Creates (no `id`) or modifies (`id`) bookings; one result per item, in order. */
    async postBookings(items: BookingWrite[]): Promise<Remote<Beds24ItemResult[]>> {
      return postItems('/bookings', bookingWriteBody(items), 'a bookings answer');
    },

    /** Per-day values of the room calendar, as runs of equal days; at least one include flag is required. */
    async getRoomCalendar(query: RoomCalendarQuery): Promise<Remote<Beds24RoomCalendar[]>> {
      const params = calendarQueryParams(query);
      return readAnswer(z.array(roomCalendarSchema), await allPages('/inventory/rooms/calendar', params, 'a calendar page'), 'a room calendar');
    },

    /** Sets availability, prices and stay limits over date ranges; one result per room item. */
    async postRoomCalendar(items: RoomCalendarWrite[]): Promise<Remote<Beds24ItemResult[]>> {
      return postItems('/inventory/rooms/calendar', calendarWriteBody(items), 'a calendar answer');
    },

    /** The account's properties with their room types (Beds24 lists rooms only when asked). */
    async getProperties(query: { includeAllRooms?: boolean } = {}): Promise<Remote<Beds24Property[]>> {
      const params = { includeAllRooms: query.includeAllRooms ?? true };
      return readAnswer(z.array(propertySchema), await allPages('/properties', params, 'a properties page'), 'a property');
    },
  };
}

export type Beds24Connector = ReturnType<typeof createBeds24Connector>;

/** A failed item of a POST as the error a job would throw: validation, with Beds24's words. */
export function itemRejection(result: Beds24ItemResult): RemoteError | undefined {
  if (result.success) return undefined;
  const first = result.errors[0];
  return new RemoteError('validation', `Beds24 refused the item: ${first?.message || 'no reason given'}`, first?.field ? { field: first.field } : {});
}
