import { z } from 'zod';
import type { Clock } from '../../clock.js';
import { RemoteError } from '../../queue/remote-error.js';
import { createHttpClient, send, type ConnectorHooks, type Remote, type RemoteSystem } from '../remote-call.js';
import { isIsoDate } from '../../../shared/iso-date.js';

export interface StaysCredentials {
  clientId: string;
  clientSecret: string;
}

export interface StaysConnectorOptions extends ConnectorHooks {
  /** `https://{tenant}.stays.net/external/v1`, or the demo simulator's. */
  baseURL: string;
  credentials: StaysCredentials;
}

export const STAYS_DATE_TYPES = ['arrival', 'departure', 'creation', 'creationorig', 'included'] as const;
/** Which date of a reservation `from`/`to` apply to (`included`: any day of the stay). */
export type StaysDateType = (typeof STAYS_DATE_TYPES)[number];

export interface StaysReservationQuery {
  /** First day of the window, `YYYY-MM-DD`. */
  from: string;
  /** Last day of the window (included), `YYYY-MM-DD`; not before `from`. */
  to: string;
  dateType: StaysDateType;
  /** Cancelled reservations only come back when asked for. */
  includeCanceled?: boolean;
}

/** A Stays reservation, with numbers as numbers and absent optional fields as null. */
export interface StaysReservation {
  /** Stays' internal id (24 hex digits). */
  _id: string;
  /** The short code people see, e.g. `HL05K`. */
  id: string;
  creationDate: string;
  checkInDate: string;
  checkInTime: string | null;
  checkOutDate: string;
  checkOutTime: string | null;
  /** The listing (a room, here). */
  _idlisting: string;
  _idclient: string | null;
  /** `reserved | booked | contract | blocked | maintenance | canceled`. */
  type: string;
  price: { currency: string; _f_total: number };
  guests: number;
  partner: { _id: string | null; name: string } | null;
  /** The OTA's own reference (e.g. an Airbnb confirmation code). */
  partnerCode: string | null;
}

/** Stays' documented page size maximum; the connector never asks for more. */
export const STAYS_PAGE_SIZE = 20;
/** A guard against a server that never sends a short page (10,000 reservations). */
const MAX_PAGES = 500;
/** Without `type`, Stays lists these; cancelled ones need asking for. */
const ACTIVE_TYPES = ['reserved', 'booked', 'contract'];

const stays: RemoteSystem = {
  name: 'Stays',
  requestIdHeader: 'x-request-id',
  describeError(body) {
    const message = (body as { message?: unknown } | null)?.message;
    return typeof message === 'string' && message !== '' ? { message } : {};
  },
};

const number = z.union([z.number(), z.string().trim().min(1)]).transform(Number).pipe(z.number());
const optionalText = z.string().nullish().transform((value) => value ?? null);
const reservationSchema = z.object({
  _id: z.string().min(1),
  id: z.string().min(1),
  creationDate: z.string(),
  checkInDate: z.string(),
  checkInTime: optionalText,
  checkOutDate: z.string(),
  checkOutTime: optionalText,
  _idlisting: z.string().min(1),
  _idclient: optionalText,
  type: z.string(),
  price: z.object({ currency: z.string(), _f_total: number }),
  guests: number.pipe(z.number().int().min(0)),
  partner: z
    .object({ _id: optionalText, name: z.string() })
    .nullish()
    .transform((value) => value ?? null),
  partnerCode: z.union([z.string(), z.number()]).nullish().transform((value) => (value === null || value === undefined ? null : String(value))),
});


function refuse(message: string, field: string): never {
  throw new RemoteError('validation', message, { field });
}

function checkQuery(query: StaysReservationQuery): void {
  if (!isIsoDate(query.from)) refuse(`"from" must be a date as YYYY-MM-DD (got "${query.from}")`, 'from');
  if (!isIsoDate(query.to)) refuse(`"to" must be a date as YYYY-MM-DD (got "${query.to}")`, 'to');
  if (query.to < query.from) refuse(`"to" (${query.to}) is before "from" (${query.from})`, 'to');
  if (!STAYS_DATE_TYPES.includes(query.dateType)) refuse(`"dateType" must be one of ${STAYS_DATE_TYPES.join(', ')}`, 'dateType');
}

/** One page's body as reservations; a body the connector cannot read is the remote's fault. */
function readPage(body: unknown, requestId: string | undefined): StaysReservation[] {
  const parsed = z.array(reservationSchema).safeParse(body);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const where = issue?.path.length ? ` at ${issue.path.join('.')}` : '';
  throw new RemoteError('server', `Stays answered with reservations the connector cannot read${where}`, requestId ? { requestId } : {});
}

/**
 * Stays external API v1, reservations only (Stays is a source for reconciliation: there is no
 * "modified since" filter, so callers re-scan a window and compare). Basic auth; pages of 20.
 */
export function createStaysConnector(options: StaysConnectorOptions) {
  const http = createHttpClient(options);
  const { clientId, clientSecret } = options.credentials;
  const authorization = `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString('base64')}`;

  /** One page of 20 from `skip`; a page shorter than 20 is the last. */
  async function getReservationPage(query: StaysReservationQuery, skip: number): Promise<Remote<StaysReservation[]>> {
    checkQuery(query);
    if (!Number.isInteger(skip) || skip < 0) refuse(`"skip" must be a whole number, at least 0 (got ${skip})`, 'skip');
    const types = query.includeCanceled ? [...ACTIVE_TYPES, 'canceled'] : ACTIVE_TYPES;
    const answer = await send<unknown>(stays, () =>
      http.get('/booking/reservations', {
        headers: { authorization, accept: 'application/json' },
        params: { from: query.from, to: query.to, dateType: query.dateType, type: types, skip, limit: STAYS_PAGE_SIZE },
        // `type=reserved&type=booked`, as Stays documents repeated parameters.
        paramsSerializer: { indexes: null },
      }),
    );
    return { ...answer, data: readPage(answer.data, answer.requestId) };
  }

  return {
    getReservationPage,

    /**
     * One reservation by its `_id`, cancelled ones included; null when Stays no longer knows it
     * (deleted). Reconciliation asks before calling a mirrored stay gone.
     */
    async getReservation(id: string): Promise<Remote<StaysReservation | null>> {
      if (!/^[0-9a-zA-Z]{1,64}$/.test(id)) refuse(`"id" must be a Stays reservation id (got "${id}")`, 'id');
      try {
        const answer = await send<unknown>(stays, () => http.get(`/booking/reservations/${id}`, { headers: { authorization, accept: 'application/json' } }));
        return { ...answer, data: readPage([answer.data], answer.requestId)[0]! };
      } catch (error) {
        if (error instanceof RemoteError && error.httpStatus === 404) return { data: null, httpStatus: 404, ...(error.requestId ? { requestId: error.requestId } : {}) };
        throw error;
      }
    },

    /**
     * Every reservation whose `dateType` date falls in `[from, to]`, all pages fetched (`skip`
     * moves by 20 until a short page); the status and request id are those of the last page.
     */
    async getReservations(query: StaysReservationQuery): Promise<Remote<StaysReservation[]>> {
      checkQuery(query);
      const all: StaysReservation[] = [];
      for (let page = 0, skip = 0; ; page += 1) {
        if (page >= MAX_PAGES) throw new RemoteError('server', `Stays kept sending full pages past ${MAX_PAGES * STAYS_PAGE_SIZE} reservations`);
        const answer = await getReservationPage(query, skip);
        all.push(...answer.data);
        if (answer.data.length < STAYS_PAGE_SIZE) return { ...answer, data: all };
        skip += answer.data.length;
      }
    },
  };
}

export type StaysConnector = ReturnType<typeof createStaysConnector>;
