import { createHash } from 'node:crypto';
import { isIsoDate } from '../../shared/iso-date.js';
import type { StaysReservation } from '../integrations/stays/stays.js';

/** A Stays reservation as the mirror keeps it. */
export interface MirrorRecord {
  sourceId: string;
  /** Stays' short code (`HL05K`): the list carries no guest name, so this is what people see. */
  code: string;
  channel: string | null;
  partnerCode: string | null;
  arrival: string;
  departure: string;
  status: 'confirmed' | 'cancelled';
  /** The Stays listing: the room. */
  listingId: string;
  guests: number;
  total: number;
  currency: string;
  checkInTime: string | null;
  checkOutTime: string | null;
  /** A hash of every field above: equal hashes, nothing to write. */
  contentHash: string;
}

/** A reservation the mirror cannot take; the message names the field. */
export class ItemError extends Error {}

const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;
/** Stays' types that are guest stays; `blocked` and `maintenance` are not (and are not asked for). */
const GUEST_TYPES = new Set(['reserved', 'booked', 'contract']);

function time(value: string | null, field: string): string | null {
  if (value === null || value === '') return null;
  const short = value.length === 8 && value.endsWith(':00') ? value.slice(0, 5) : value;
  if (!TIME.test(short)) throw new ItemError(`${field} "${value}" is not a time as HH:MM`);
  return short;
}

/** Reads one Stays reservation into the mirror's terms, or throws an ItemError naming the field. */
export function toMirrorRecord(reservation: StaysReservation): MirrorRecord {
  const { checkInDate, checkOutDate } = reservation;
  if (!isIsoDate(checkInDate)) throw new ItemError(`checkInDate "${checkInDate}" is not a date as YYYY-MM-DD`);
  if (!isIsoDate(checkOutDate)) throw new ItemError(`checkOutDate "${checkOutDate}" is not a date as YYYY-MM-DD`);
  if (checkOutDate <= checkInDate) throw new ItemError(`checkOutDate ${checkOutDate} is not after checkInDate ${checkInDate}`);
  const cancelled = reservation.type === 'canceled';
  if (!cancelled && !GUEST_TYPES.has(reservation.type)) throw new ItemError(`type "${reservation.type}" is not a guest stay`);
  if (!Number.isFinite(reservation.price._f_total)) throw new ItemError('price._f_total is not a number');
  const fields = {
    sourceId: reservation._id,
    code: reservation.id,
    channel: reservation.partner?.name ?? null,
    partnerCode: reservation.partnerCode,
    arrival: checkInDate,
    departure: checkOutDate,
    status: cancelled ? ('cancelled' as const) : ('confirmed' as const),
    listingId: reservation._idlisting,
    guests: reservation.guests,
    total: reservation.price._f_total,
    currency: reservation.price.currency,
    checkInTime: time(reservation.checkInTime, 'checkInTime'),
    checkOutTime: time(reservation.checkOutTime, 'checkOutTime'),
  };
  // Stays' own type (reserved, booked…) is hashed too: a change of it is an update, even where
  // the mirror's status reads the same.
  const contentHash = createHash('sha256')
    .update(JSON.stringify([...Object.values(fields), reservation.type, reservation.creationDate]))
    .digest('hex')
    .slice(0, 32);
  return { ...fields, contentHash };
}
