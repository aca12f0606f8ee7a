import type { AxiosRequestConfig } from 'axios';
import qs from 'qs';
import { pause, systemClock, type Clock } from '../../clock.js';
import { RemoteError } from '../../queue/remote-error.js';
import { CLOUDBEDS, createCloudbedsAuth, FORM_HEADERS, rejectedContent } from './cloudbeds-auth.js';
import {
  MAX_RESERVATIONS_PAGE_SIZE,
  pageSizeOf,
  postReservationForm,
  putRateForm,
  putReservationForm,
  ratePlansQuery,
  reservationsQuery,
} from './cloudbeds-forms.js';
import {
  parseApiUrl,
  parseHotelDetails,
  parsePage,
  parsePostReservation,
  parsePutRate,
  parseRateJob,
  parseRatePlans,
  parseReservation,
  parseRoomType,
} from './cloudbeds-parse.js';
import type {
  CloudbedsConnectorOptions,
  CloudbedsHotelDetails,
  CloudbedsReservation,
  CloudbedsRoomType,
  NewReservation,
  RateJob,
  RateJobWait,
  RatePlan,
  RatePlanQuery,
  RateUpdate,
  ReservationChange,
  ReservationQuery,
} from './cloudbeds-types.js';
import { createHttpClient, send, type Remote } from '../remote-call.js';

export { cloudbedsDateTime, MAX_RATE_INTERVALS, MAX_RESERVATIONS_PAGE_SIZE } from './cloudbeds-forms.js';
export type * from './cloudbeds-types.js';
export { RESERVATION_STATUSES } from './cloudbeds-types.js';

/** A runaway pager (a `total` that never comes) stops here rather than looping for ever. */
const MAX_PAGES = 1000;
/** The longest wait between two polls of a rate job after failed polls. */
const MAX_POLL_BACKOFF_MS = 30_000;


/**
 * Cloudbeds PMS API v1.3: rates (putRate is asynchronous: push, then follow the job), rate
 * plans, the hotel's details, room types and reservations. Requests are form-encoded;
 * `{success:false}` inside a 200 is an error like any other; ids and numbers sent as strings
 * come back as numbers.
 */
export function createCloudbedsConnector(options: CloudbedsConnectorOptions) {
  const http = createHttpClient(options);
  const clock = options.clock ?? systemClock;
  const auth = createCloudbedsAuth(http, options);
  const propertyId = options.propertyId === undefined ? undefined : String(options.propertyId);

  /** One signed request, its answer read by `parse`; an unreadable answer keeps the request id. */
  async function call<T>(config: AxiosRequestConfig, parse: (body: unknown) => T): Promise<Remote<T>> {
    const remote = await auth.signed((headers) =>
      send<unknown>(CLOUDBEDS, () => http.request({ ...config, headers: { ...config.headers, ...headers } }), rejectedContent),
    );
    try {
      return { ...remote, data: parse(remote.data) };
    } catch (failure) {
      const error = auth.scrubbed(failure);
      throw new RemoteError(error.kind, error.message, {
        httpStatus: remote.httpStatus,
        ...(remote.requestId ? { requestId: remote.requestId } : {}),
        ...(error.field ? { field: error.field } : {}),
      });
    }
  }

  const get = <T>(url: string, params: Record<string, unknown>, parse: (body: unknown) => T) =>
    call({ method: 'GET', url, params, paramsSerializer: { serialize: (p) => qs.stringify(p) } }, parse);
  const post = <T>(url: string, form: Record<string, unknown>, parse: (body: unknown) => T) =>
    call({ method: 'POST', url, data: qs.stringify(form), headers: FORM_HEADERS }, parse);

  /** Every page of a paged method, in order; the meta (status, request id) is the last request's. */
  async function allPages<T>(url: string, params: Record<string, unknown>, pageSize: number, item: (raw: unknown, at: string) => T) {
    const items: T[] = [];
    for (let pageNumber = 1; pageNumber <= MAX_PAGES; pageNumber += 1) {
      const page = await get(url, { ...params, pageNumber, pageSize }, (body) => parsePage(body, item));
      items.push(...page.data.items);
      const done = page.data.total !== undefined ? items.length >= page.data.total : page.data.items.length < pageSize;
      if (done || page.data.items.length === 0) return { data: items, httpStatus: page.httpStatus, ...(page.requestId ? { requestId: page.requestId } : {}) };
    }
    throw new RemoteError('server', `Cloudbeds kept sending pages of ${url} past page ${MAX_PAGES}`);
  }

  async function getRateJobs(jobReferenceId: string): Promise<Remote<RateJob>> {
    if (typeof jobReferenceId !== 'string' || jobReferenceId.trim() === '') {
      throw new RemoteError('validation', 'Not sent to Cloudbeds: a jobReferenceId is required', { field: 'jobReferenceId' });
    }
    const remote = await get('/getRateJobs', { jobReferenceID: jobReferenceId }, (body) => parseRateJob(body, jobReferenceId));
    if (remote.data === undefined) {
      // Jobs are kept 7 days; an unknown reference will not appear by asking again.
      throw new RemoteError('validation', `Cloudbeds knows no rate job ${jobReferenceId} (jobs are kept 7 days)`, {
        httpStatus: remote.httpStatus,
        field: 'jobReferenceId',
        ...(remote.requestId ? { requestId: remote.requestId } : {}),
      });
    }
    return remote as Remote<RateJob>;
  }

  return {
    /**
     * Queues rate writes (at most 30 intervals per call, non-derived plans only) and returns the
     * job's reference at once; follow it with `getRateJobs` or `waitForRateJob`.
     */
    putRate(rates: RateUpdate[]): Promise<Remote<{ jobReferenceId: string }>> {
      return Promise.resolve()
        .then(() => putRateForm(rates))
        .then((form) => post('/putRate', form, parsePutRate));
    },

    getRateJobs,

    /**
     * Polls a rate job until it is no longer in progress. Per-update errors are in the result
     * (status `error` on the job and on each failed update), not thrown: the caller decides per
     * cell. A 429 waits its Retry-After and a 5xx backs off (2, 4, 8… intervals), both asking
     * again until the deadline: a poll that failed says nothing about the rates, which are
     * already with Cloudbeds. Throws a network failure, a rejection, a timeout (`server`, or the
     * last 5xx), or the signal's reason when aborted.
     */
    async waitForRateJob(jobReferenceId: string, wait: RateJobWait = {}): Promise<Remote<RateJob>> {
      const intervalMs = wait.intervalMs ?? 2_000;
      const timeoutMs = wait.timeoutMs ?? 120_000;
      const deadline = clock.now() + timeoutMs;
      let lastFailure: RemoteError | null = null;
      for (let failures = 0; ; ) {
        if (wait.signal?.aborted) throw wait.signal.reason;
        let delay = intervalMs;
        try {
          const remote = await getRateJobs(jobReferenceId);
          if (remote.data.status !== 'in_progress') return remote;
          lastFailure = null;
        } catch (failure) {
          if (!(failure instanceof RemoteError) || (failure.kind !== 'rate_limited' && failure.kind !== 'server')) throw failure;
          lastFailure = failure;
          failures += 1;
          delay = failure.kind === 'rate_limited' ? Math.max(intervalMs, failure.retryAfterMs ?? 0) : Math.min(intervalMs * 2 ** failures, MAX_POLL_BACKOFF_MS);
        }
        const left = deadline - clock.now();
        if (left <= 0) throw lastFailure ?? new RemoteError('server', `Cloudbeds rate job ${jobReferenceId} was still in progress after ${timeoutMs} ms`);
        await pause(clock, Math.min(delay, left), wait.signal);
      }
    },

    getRatePlans(query: RatePlanQuery): Promise<Remote<RatePlan[]>> {
      return Promise.resolve()
        .then(() => ratePlansQuery(query, propertyId))
        .then((params) => get('/getRatePlans', params, parseRatePlans));
    },

    /** The property's name and how it writes money (`GET /getHotelDetails`, scope read:hotel). */
    getHotelDetails(): Promise<Remote<CloudbedsHotelDetails>> {
      return get('/getHotelDetails', propertyId ? { propertyID: propertyId } : {}, parseHotelDetails);
    },

    /** Every room type of the property, page after page. */
    getRoomTypes(query: { pageSize?: number } = {}): Promise<Remote<CloudbedsRoomType[]>> {
      return Promise.resolve()
        .then(() => pageSizeOf(query.pageSize, 100))
        .then((pageSize) => allPages('/getRoomTypes', propertyId ? { propertyIDs: propertyId } : {}, pageSize, parseRoomType));
    },

    /** Every reservation modified in the window (pages of at most 100). */
    getReservations(query: ReservationQuery): Promise<Remote<CloudbedsReservation[]>> {
      return Promise.resolve()
        .then(() => ({ params: reservationsQuery(query, propertyId), pageSize: pageSizeOf(query.pageSize, MAX_RESERVATIONS_PAGE_SIZE) }))
        .then(({ params, pageSize }) => allPages('/getReservations', params, pageSize, parseReservation));
    },

    /** Creates a booking; Cloudbeds answers a replay of the same thirdPartyIdentifier with the same reservation. */
    postReservation(reservation: NewReservation): Promise<Remote<{ reservationId: string; endDate?: string }>> {
      return Promise.resolve()
        .then(() => postReservationForm(reservation, propertyId))
        .then((form) => post('/postReservation', form, parsePostReservation));
    },

    /** Changes a reservation's status or check-out date (`PUT /putReservation`); setting what it already has is harmless. */
    putReservation(change: ReservationChange): Promise<Remote<{ reservationId: string }>> {
      return Promise.resolve()
        .then(() => putReservationForm(change, propertyId))
        .then((form) => call({ method: 'PUT', url: '/putReservation', data: qs.stringify(form), headers: FORM_HEADERS }, () => ({ reservationId: change.reservationId })));
    },

    /** The property's own API base (`GET /oauth/metadata`), to build a connector on. */
    getApiUrl(): Promise<Remote<string>> {
      return get('/oauth/metadata', {}, parseApiUrl);
    },
  };
}

export type CloudbedsConnector = ReturnType<typeof createCloudbedsConnector>;
