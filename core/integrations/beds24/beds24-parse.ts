import { z } from 'zod';
import { RemoteError } from '../../queue/remote-error.js';
import type { Remote } from '../remote-call.js';
import {
  BEDS24_BOOKING_STATUSES,
  BEDS24_OVERRIDES,
  type Beds24Booking,
  type Beds24CalendarRange,
  type Beds24ItemResult,
  type Beds24Property,
  type Beds24RoomCalendar,
  type Beds24Setup,
} from './beds24-types.js';

/** Beds24 sends numbers as numbers, but older endpoints used strings: read both. */
const number = z.union([z.number(), z.string().trim().regex(/^-?\d+(\.\d+)?$/).transform(Number)]);
const integer = number.pipe(z.number().int());
const text = z.string().nullish().transform((value) => value ?? '');
const textOrNull = z.string().nullish().transform((value) => (value ? value : null));
const count = integer.nullish().transform((value) => value ?? 0);

export const tokenSchema = z.object({ token: z.string().min(1), expiresIn: integer.pipe(z.number().positive()) });
export const setupSchema = tokenSchema.extend({ refreshToken: z.string().min(1) }) satisfies z.ZodType<Beds24Setup>;

export const pageSchema = z.object({
  pages: z.object({ nextPageExists: z.boolean().optional() }).nullish(),
  data: z.array(z.unknown()),
});

export const bookingSchema = z.object({
  id: integer,
  propertyId: integer,
  roomId: integer,
  // 0 is how Beds24 says "no unit assigned".
  unitId: integer.nullish().transform((value) => (value ? value : null)),
  status: z.enum(BEDS24_BOOKING_STATUSES),
  arrival: z.string(),
  departure: z.string(),
  numAdult: count,
  numChild: count,
  firstName: text,
  lastName: text,
  email: text,
  price: number.nullish().transform((value) => value ?? 0),
  channel: textOrNull,
  apiReference: textOrNull,
  bookingTime: textOrNull,
  modifiedTime: textOrNull,
  cancelTime: textOrNull,
}) satisfies z.ZodType<Beds24Booking>;

const message = z.object({ action: text, field: text, message: text });
const messages = z.array(message).nullish().transform((value) => value ?? []);
const changes = z.record(z.string(), z.unknown()).nullish().transform((value) => value ?? undefined);

export const itemResultsSchema = z.array(
  z
    .object({ success: z.boolean(), new: changes, modified: changes, errors: messages, warnings: messages })
    .transform((item): Beds24ItemResult => {
      const id = number.safeParse(item.new?.id ?? item.modified?.id);
      return {
        success: item.success,
        ...(id.success ? { id: id.data } : {}),
        ...(item.new ? { new: item.new } : {}),
        ...(item.modified ? { modified: item.modified } : {}),
        errors: item.errors,
        warnings: item.warnings,
      };
    }),
);

const CALENDAR_NUMBERS = ['numAvail', 'minStay', 'maxStay', 'multiplier', ...Array.from({ length: 16 }, (_, i) => `price${i + 1}`)];

const rangeSchema = z
  .object({ from: z.string(), to: z.string(), override: z.enum(BEDS24_OVERRIDES).nullish() })
  .catchall(z.unknown())
  .transform((range, ctx): Beds24CalendarRange => {
    const out: Record<string, unknown> = { from: range.from, to: range.to };
    if (range.override) out.override = range.override;
    for (const field of CALENDAR_NUMBERS) {
      if (range[field] === null || range[field] === undefined) continue;
      const value = number.safeParse(range[field]);
      if (value.success) out[field] = value.data;
      else ctx.addIssue({ code: 'custom', message: `${field} is not a number`, path: [field] });
    }
    return out as Beds24CalendarRange;
  });

export const roomCalendarSchema = z.object({
  roomId: integer,
  propertyId: integer.optional(),
  calendar: z.array(rangeSchema).nullish().transform((value) => value ?? []),
}) satisfies z.ZodType<Beds24RoomCalendar>;

export const propertySchema = z.object({
  id: integer,
  name: text,
  currency: text,
  roomTypes: z
    .array(z.object({ id: integer, name: text, qty: count }))
    .nullish()
    .transform((value) => value ?? []),
}) satisfies z.ZodType<Beds24Property>;

/**
 * Reads an answer with a schema. An answer the connector cannot read is the remote system's
 * fault and may be passing: reported as `server`, naming the field but never the value.
 */
export function readAnswer<S extends z.ZodType>(schema: S, remote: Remote<unknown>, what: string): Remote<z.output<S>> {
  const parsed = schema.safeParse(remote.data);
  if (parsed.success) return { ...remote, data: parsed.data };
  const issue = parsed.error.issues[0]!;
  const path = issue.path.join('.');
  throw new RemoteError('server', `Beds24 sent ${what} the connector cannot read (${path ? `${path}: ` : ''}${issue.message})`, {
    httpStatus: remote.httpStatus,
    ...(remote.requestId ? { requestId: remote.requestId } : {}),
  });
}
