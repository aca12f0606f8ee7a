/**
 * The hotel itself (issue 12 §9, "First view"): its name and how it writes money, as Cloudbeds
 * describes the property, for the header and the rate grid. Merged into the call and event maps
 * in `contract.ts`.
 */
import { z } from 'zod';

export const CURRENCY_POSITIONS = ['before', 'after'] as const;

/** How the hotel writes money: `€` after `1.234,50`, or `$` before `1,234.50`. */
export const hotelCurrencySchema = z.object({
  /** ISO 4217 (`EUR`): the currency of every rate and total the app shows. */
  code: z.string(),
  symbol: z.string(),
  position: z.enum(CURRENCY_POSITIONS),
  decimalSeparator: z.string(),
  thousandsSeparator: z.string(),
});
export type HotelCurrency = z.infer<typeof hotelCurrencySchema>;

export const hotelDetailsSchema = z.object({
  /** The property's name in Cloudbeds; null until Cloudbeds has been asked (the first look asks). */
  name: z.string().nullable(),
  /** Null until known, or when Cloudbeds names no currency. */
  currency: hotelCurrencySchema.nullable(),
  /** The IANA zone of the hotel's clock, which every date rule of the app reads. */
  timeZone: z.string(),
  /** When Cloudbeds last told the details (they are asked for again daily); null: never. */
  fetchedAt: z.string().nullable(),
});
export type HotelDetails = z.infer<typeof hotelDetailsSchema>;

export const hotelCalls = {
  /** What is stored of the hotel; the first call finding nothing queues the fetch from Cloudbeds. */
  'hotel/details': { args: z.strictObject({}), result: hotelDetailsSchema },
} as const satisfies Record<string, { args: z.ZodType; result: z.ZodType }>;

export const hotelEvents = {
  /** Cloudbeds told details that differ from the stored ones (the first fetch, a rename). */
  'hotel/changed': hotelDetailsSchema,
} as const satisfies Record<string, z.ZodType>;
