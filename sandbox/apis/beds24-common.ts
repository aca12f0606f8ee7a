import { createHash } from 'node:crypto';
import qs from 'qs';
import type { Reservation, ReservationStatus } from '../hotel.js';
import { json, text, textList, type SandboxRequest, type SandboxResponse } from '../kit.js';

/** Beds24's own error body: `{success:false, type:"error", code, error}`, with the status as code. */
export const beds24Error = (status: number, message: string): SandboxResponse =>
  json(status, { success: false, type: 'error', code: status, error: message });

/** One message inside a per-item answer of a POST (`errors`, `warnings`, `info`). */
export interface ItemMessage {
  action: string;
  field: string;
  message: string;
}

/** One element of the array a POST answers with (the spec's `multiplePostResponse`). */
export interface ItemAnswer {
  success: boolean;
  new?: Record<string, unknown>;
  modified?: Record<string, unknown>;
  errors?: ItemMessage[];
  warnings?: ItemMessage[];
}

/** Page size of every paged list; small so clients really page. Beds24 itself uses 100. */
export const PAGE_SIZE = 25;

/** A boolean query flag as Beds24 reads it (`true` or `1`). */
/** A whole number in [min, max], as the Beds24 spec bounds its fields. */
export const isInt = (value: unknown, min: number, max: number): value is number =>
  typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max;

export const flag = (value: unknown): boolean => ['true', '1'].includes(text(value) ?? '');

/** A list of integer query values; undefined when absent, null when one is not an integer. */
export function intList(value: unknown): number[] | null | undefined {
  const items = textList(value);
  if (items.length === 0) return undefined;
  const numbers = items.map(Number);
  return numbers.every((n, i) => /^\d+$/.test(items[i]!) && Number.isSafeInteger(n)) ? numbers : null;
}

/** The page a list request asks for: 1 when absent, null when not a positive integer. */
export function pageNumber(value: unknown): number | null {
  const raw = text(value);
  if (raw === undefined) return 1;
  return /^\d+$/.test(raw) && Number(raw) >= 1 ? Number(raw) : null;
}

/**
 * One page of a list in Beds24's envelope. `nextPageLink` repeats the request with the next
 * page, on the host the client called; it is left out on the last page (the spec types it as a
 * plain string, not nullable).
 */
export function pagedAnswer(request: SandboxRequest, type: string, items: unknown[], page: number): SandboxResponse {
  const start = (page - 1) * PAGE_SIZE;
  const data = items.slice(start, start + PAGE_SIZE);
  const nextPageExists = items.length > start + PAGE_SIZE;
  const pages: Record<string, unknown> = { nextPageExists };
  if (nextPageExists) {
    const query = qs.stringify({ ...request.query, page: page + 1 }, { arrayFormat: 'repeat' });
    pages.nextPageLink = `http://${request.headers.host ?? '127.0.0.1'}/beds24${request.path}?${query}`;
  }
  return json(200, { success: true, type, count: data.length, pages, data });
}

/** A short fingerprint of a write's content, the same whatever the key order. */
export function contentHash(value: unknown): string {
  const canonical = (item: unknown): unknown => {
    if (Array.isArray(item)) return item.map(canonical);
    if (item !== null && typeof item === 'object') {
      return Object.fromEntries(Object.keys(item).sort().map((key) => [key, canonical((item as Record<string, unknown>)[key])]));
    }
    return item;
  };
  return createHash('sha256').update(JSON.stringify(canonical(value))).digest('hex').slice(0, 16);
}

export const isRecord = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

/** `YYYY-MM-DDTHH:MM:SS` (optionally with fraction and Z), read as UTC; undefined when malformed. */
export function dateTime(value: unknown): number | undefined {
  const raw = text(value);
  if (raw === undefined || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z?$/.test(raw)) return undefined;
  const at = Date.parse(raw.endsWith('Z') ? raw : `${raw}Z`);
  return Number.isNaN(at) ? undefined : at;
}

/** A time as Beds24 writes it: `2026-11-23T08:00:00Z`. */
export const beds24Time = (at: number): string => new Date(at).toISOString().replace(/\.\d{3}Z$/, 'Z');

export const BOOKING_STATUSES = ['confirmed', 'request', 'new', 'cancelled', 'black', 'inquiry'] as const;
export type Beds24Status = (typeof BOOKING_STATUSES)[number];

/** A booking as Beds24 holds it: a reservation of the shared hotel plus what only Beds24 knows. */
export interface BookingRecord {
  id: number;
  reservation: Reservation;
  status: Beds24Status;
  apiReference: string;
  cancelTime: number | null;
  /** Free-text fields the hotel model has no place for (title, phone, comments…). */
  extra: Record<string, string>;
  /** Bumped by every accepted modification; a replay is only a replay of the latest one. */
  version: number;
  lastWrite?: { hash: string; version: number; key: string };
}

export const statusFromHotel = (status: ReservationStatus): Beds24Status =>
  status === 'canceled' ? 'cancelled' : status === 'not_confirmed' ? 'request' : 'confirmed';

/** The hotel's status for a Beds24 status; a stay already under way keeps its own. */
export function statusToHotel(status: Beds24Status, current: ReservationStatus): ReservationStatus {
  if (status === 'cancelled') return 'canceled';
  if (status === 'request' || status === 'inquiry' || status === 'black') return 'not_confirmed';
  return current === 'checked_in' || current === 'checked_out' || current === 'no_show' ? current : 'confirmed';
}
