/** What the Beds24 connector takes and gives, normalised from API V2 (`apiV2.yaml`). */

export const BEDS24_BOOKING_STATUSES = ['confirmed', 'request', 'new', 'cancelled', 'black', 'inquiry'] as const;
export type Beds24BookingStatus = (typeof BEDS24_BOOKING_STATUSES)[number];

export const BEDS24_OVERRIDES = ['none', 'blackout', 'exception', 'noCheckIn', 'noCheckOut', 'noCheckInOrCheckOut'] as const;
export type Beds24Override = (typeof BEDS24_OVERRIDES)[number];

/** The credit headers of one answer: what the lane's limiter is fed. */
export interface Beds24Credits {
  /** Credits left in the current five-minute window. */
  remaining: number;
  /** Until the window resets. */
  resetsInMs: number;
  /** What this request cost (0 when the answer did not say). */
  cost: number;
}

export interface Beds24Booking {
  id: number;
  propertyId: number;
  /** The room type (Beds24 calls room types rooms). */
  roomId: number;
  /** The unit (physical room) within the room type, when one is assigned. */
  unitId: number | null;
  status: Beds24BookingStatus;
  /** `YYYY-MM-DD`. */
  arrival: string;
  departure: string;
  numAdult: number;
  numChild: number;
  firstName: string;
  lastName: string;
  email: string;
  price: number;
  /** The OTA code (`booking`, `expedia`…), null for direct and API bookings. */
  channel: string | null;
  /** Reference set by whoever created it through the API (ours, or the OTA's). */
  apiReference: string | null;
  /** ISO date-times (UTC) as Beds24 sends them. */
  bookingTime: string | null;
  modifiedTime: string | null;
  cancelTime: string | null;
}

export interface BookingQuery {
  /** Only bookings modified at or after this (`YYYY-MM-DDTHH:MM:SS`, UTC, or a Date). */
  modifiedFrom?: string | Date;
  /** `YYYY-MM-DD`; both ends included. */
  arrivalFrom?: string;
  arrivalTo?: string;
  /** Beds24 returns every status but cancelled when this is absent. */
  status?: Beds24BookingStatus[];
  propertyIds?: number[];
}

/** One booking to create (no `id`: roomId, arrival and departure required) or modify (`id`). */
export interface BookingWrite {
  id?: number;
  roomId?: number;
  unitId?: number;
  status?: Beds24BookingStatus;
  arrival?: string;
  departure?: string;
  numAdult?: number;
  numChild?: number;
  title?: string;
  firstName?: string;
  lastName?: string;
  email?: string;
  phone?: string;
  mobile?: string;
  comments?: string;
  notes?: string;
  price?: number;
  /** Our own reference for the booking: what makes a create safe to repeat. */
  apiReference?: string;
}

export interface Beds24ItemMessage {
  action: string;
  field: string;
  message: string;
}

/** The answer for one item of a POST, in the order sent. */
export interface Beds24ItemResult {
  success: boolean;
  /** The booking id created or modified, when Beds24 said. */
  id?: number;
  new?: Record<string, unknown>;
  modified?: Record<string, unknown>;
  errors: Beds24ItemMessage[];
  warnings: Beds24ItemMessage[];
}

type PriceIndex = 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9 | 10 | 11 | 12 | 13 | 14 | 15 | 16;
export type Beds24PriceField = `price${PriceIndex}`;

/** Per-day calendar values; only the ones asked for (or set) are present. */
export type Beds24CalendarValues = {
  numAvail?: number;
  minStay?: number;
  maxStay?: number;
  multiplier?: number;
  override?: Beds24Override;
} & { [K in Beds24PriceField]?: number };

/** A run of days (`from`..`to`, both included) sharing the same values. */
export type Beds24CalendarRange = { from: string; to: string } & Beds24CalendarValues;

export interface Beds24RoomCalendar {
  roomId: number;
  propertyId?: number;
  calendar: Beds24CalendarRange[];
}

export interface RoomCalendarQuery {
  startDate: string;
  endDate: string;
  roomIds?: number[];
  propertyIds?: number[];
  includeNumAvail?: boolean;
  includeMinStay?: boolean;
  includeMaxStay?: boolean;
  includeMultiplier?: boolean;
  includeOverride?: boolean;
  includePrices?: boolean;
}

/** Values to set over a range; null deletes a price (or restores a restriction to the room's own). */
export type Beds24CalendarWriteRange = {
  from: string;
  to: string;
  numAvail?: number | null;
  minStay?: number | null;
  maxStay?: number | null;
  multiplier?: number | null;
  override?: Beds24Override | null;
} & { [K in Beds24PriceField]?: number | null };

export interface RoomCalendarWrite {
  roomId: number;
  calendar: Beds24CalendarWriteRange[];
}

export interface Beds24RoomType {
  id: number;
  name: string;
  /** Units (physical rooms) of this type. */
  qty: number;
}

export interface Beds24Property {
  id: number;
  name: string;
  currency: string;
  roomTypes: Beds24RoomType[];
}

/** What an invite code is exchanged for: keep `refreshToken` (secret) for the connector. */
export interface Beds24Setup {
  token: string;
  expiresIn: number;
  refreshToken: string;
}
