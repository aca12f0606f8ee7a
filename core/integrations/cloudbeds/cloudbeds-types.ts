import type { ConnectorHooks } from '../remote-call.js';

/** How the app signs in to Cloudbeds: a property API key, or an OAuth client with its refresh token. */
export type CloudbedsCredentials =
  | { kind: 'api-key'; apiKey: string }
  | { kind: 'oauth'; clientId: string; clientSecret: string; refreshToken: string };

export interface CloudbedsConnectorOptions extends ConnectorHooks {
  /** The property's API base, e.g. `https://api.cloudbeds.com/api/v1.3` (see `getApiUrl`). */
  baseURL: string;
  credentials: CloudbedsCredentials;
  /** Sent as `propertyID` / `propertyIDs` where a method takes one (needed for multi-property credentials). */
  propertyId?: number | string;
  /**
   * Called with the refresh token Cloudbeds hands back when it is a new one, so the app can
   * store it. A failure to store does not fail the call: the new token stays in use in memory.
   */
  onRefreshToken?: (refreshToken: string) => void | Promise<void>;
}

/** One stretch of dates given one rate (both dates included). */
export interface RateInterval {
  /** `YYYY-MM-DD`. */
  startDate: string;
  /** `YYYY-MM-DD`, not before `startDate`. */
  endDate: string;
  /** The rate for each night of the interval; finite and not negative. */
  rate: number;
  blocked?: boolean;
}

/** The intervals to write to one (non-derived) rate plan. */
export interface RateUpdate {
  rateId: number;
  intervals: RateInterval[];
}

export type RateJobStatus = 'in_progress' | 'completed' | 'error';
/** What happened to one interval: `error` ones carry Cloudbeds' message. */
export type RateUpdateStatus = 'in_progress' | 'updated' | 'created' | 'error';

export interface RateJobUpdate {
  rateId: number;
  startDate?: string;
  endDate?: string;
  rate?: number;
  status: RateUpdateStatus;
  message?: string;
}

/** An asynchronous putRate job: `error` means at least one update failed (the others were applied). */
export interface RateJob {
  jobReferenceId: string;
  status: RateJobStatus;
  dateCreated?: string;
  updates: RateJobUpdate[];
}

export interface RateJobWait {
  /** Between polls (default 2 s); a 429 while polling waits its Retry-After instead, when longer. */
  intervalMs?: number;
  /** Give up (a `server` error) when the job is still in progress after this long (default 2 min). */
  timeoutMs?: number;
  signal?: AbortSignal;
}

export interface RatePlanQuery {
  /** Check-in, `YYYY-MM-DD`. */
  startDate: string;
  /** Check-out, `YYYY-MM-DD`: nights run from startDate to the day before (one night when equal). */
  endDate: string;
  roomTypeId?: number;
  /** Adds `roomRateDetailed`, one entry per night. */
  detailedRates?: boolean;
}

export interface RatePlanNight {
  date: string;
  /**
   * The night's rate; null when the plan has none that night (the spec makes `rateBase`
   * nullable, and a missing one reads the same). Such a night is kept, not dropped, so a caller
   * can tell "no rate" from "not asked for".
   */
  rateBase: number | null;
  totalRate?: number;
  roomsAvailable?: number;
  minLos?: number;
  maxLos?: number;
  closedToArrival?: boolean;
  closedToDeparture?: boolean;
  blocked?: boolean;
}

export interface RatePlan {
  rateId: number;
  roomTypeId?: number;
  isDerived: boolean;
  /** The rate for the whole stay asked for. */
  roomRate: number;
  totalRate?: number;
  roomsAvailable?: number;
  ratePlanId?: string;
  ratePlanName?: string;
  derivedType?: 'fixed' | 'percentage';
  derivedValue?: number;
  parentRateId?: number;
  /** Only when asked for with `detailedRates`; empty otherwise. */
  roomRateDetailed: RatePlanNight[];
}

export interface CloudbedsRoomType {
  roomTypeId: number;
  propertyId?: number;
  name: string;
  shortName: string;
  maxGuests: number;
  adultsIncluded?: number;
  childrenIncluded?: number;
}

/** How the property writes money (getHotelDetails' `propertyCurrency`). */
export interface CloudbedsCurrency {
  /** ISO 4217, upper case (`EUR`). */
  code: string;
  /** `€`; the code when Cloudbeds sends none. */
  symbol: string;
  position: 'before' | 'after';
  decimalSeparator: string;
  thousandsSeparator: string;
}

/** The property as getHotelDetails describes it: what the app shows of it. */
export interface CloudbedsHotelDetails {
  propertyId: string;
  name: string;
  /** Null when Cloudbeds sends no currency. */
  currency: CloudbedsCurrency | null;
}

export const RESERVATION_STATUSES = ['not_confirmed', 'confirmed', 'canceled', 'checked_in', 'checked_out', 'no_show'] as const;
export type CloudbedsReservationStatus = (typeof RESERVATION_STATUSES)[number];

export interface ReservationQuery {
  /** `YYYY-MM-DD HH:MM:SS`, in the property's time zone (see `cloudbedsDateTime`). */
  modifiedFrom: string;
  /** `YYYY-MM-DD HH:MM:SS`, not before modifiedFrom. */
  modifiedTo: string;
  status?: CloudbedsReservationStatus;
  /** 1 to 100 (default 100); every page is fetched anyway. */
  pageSize?: number;
  /** Ask for each reservation's rooms (their room types): `includeAllRooms=true`. */
  includeAllRooms?: boolean;
}

export interface CloudbedsReservation {
  reservationId: string;
  propertyId?: number;
  status: CloudbedsReservationStatus;
  guestName: string;
  startDate: string;
  endDate: string;
  adults: number;
  children: number;
  balance: number;
  sourceId?: string;
  sourceName?: string;
  thirdPartyIdentifier?: string;
  /** `YYYY-MM-DD HH:MM:SS`. */
  dateCreated: string;
  dateModified: string;
  /** The room types of its rooms, when asked for with `includeAllRooms`. */
  roomTypeIds?: number[];
}

export interface NewReservationRoom {
  roomTypeId: number;
  /** Rooms of this type (default 1). */
  quantity?: number;
  /** A rate plan of the room type; its base rate when left out. */
  rateId?: number;
  adults: number;
  children?: number;
}

/** A change to a reservation (`PUT /putReservation`): its status, or its check-out date. */
export interface ReservationChange {
  reservationId: string;
  status?: CloudbedsReservationStatus;
  /** `YYYY-MM-DD`, across the whole reservation. */
  checkoutDate?: string;
}

export interface NewReservation {
  /** The booking's id in the system it came from: Cloudbeds' de-duplication key, so it is required. */
  thirdPartyIdentifier: string;
  startDate: string;
  endDate: string;
  guestFirstName: string;
  guestLastName: string;
  guestEmail: string;
  guestCountry?: string;
  guestPhone?: string;
  /** `s-<id>` or `ss-<id>-<0|1>`. */
  sourceId?: string;
  paymentMethod?: 'cash' | 'credit' | 'ebanking' | 'pay_pal';
  /** Default false: a synced booking should not mail the guest a second confirmation. */
  sendEmailConfirmation?: boolean;
  rooms: NewReservationRoom[];
}
