/**
 * The rate manager's part of the contract (SPEC §5.1): the grid of room types × dates and the
 * submit of changed cells. Merged into the call and event maps in `contract.ts`.
 */
import { z } from 'zod';

/** Cloudbeds refuses rates above this; the grid refuses them before anything is queued. */
export const MAX_RATE = 100_000;
/** Days one grid request may span (a year and a day). */
export const MAX_GRID_DAYS = 366;
/** Cells one submit may carry (20 room types × a year, with room to spare). */
export const MAX_SUBMIT_CELLS = 10_000;

const isoDate = z.iso.date();
const roomTypeId = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);

/** The smallest rate there is: one cent (a rate of 0 or less is not a rate). */
export const MIN_RATE = 0.01;

/**
 * A rate as a person may type it: a decimal amount of whole cents, from one cent to what the API
 * accepts. Checked as cents, so 1e-9 or 5e-324 are refused rather than rounded into "at most 2
 * decimals" and sent as "9e-9".
 */
export const rateValue = z
  .number()
  .min(MIN_RATE, `must be at least ${MIN_RATE}`)
  .max(MAX_RATE, `must be at most ${MAX_RATE}`)
  .refine((rate) => Math.abs(Math.round(rate * 100) - rate * 100) < 1e-6, 'must have at most 2 decimals');

/**
 * Where a cell stands. `default`: no override, the rate follows the base rate and the room
 * type's differential; `saved`: changed and durably queued, not yet confirmed by Cloudbeds;
 * `synced`: Cloudbeds confirmed it; `failed`: Cloudbeds refused it (see `error`). `pending`
 * (edited, not submitted) exists only in the renderer.
 */
export const CELL_STATES = ['default', 'saved', 'synced', 'failed'] as const;
export type CellState = (typeof CELL_STATES)[number];

export const differentialSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('amount'), value: z.number() }),
  z.object({ kind: z.literal('percent'), value: z.number() }),
]);

export type Differential = z.infer<typeof differentialSchema>;

/** The rate a room type sells at: the base rate with its differential applied, to the cent. */
export function finalRate(base: number, differential: Differential): number {
  const rate = differential.kind === 'amount' ? base + differential.value : base * (1 + differential.value / 100);
  return Math.round(rate * 100) / 100;
}

export const roomTypeSchema = z.object({
  id: z.number(),
  name: z.string(),
  shortName: z.string(),
  /** How this room type's rate follows the base rate. */
  differential: differentialSchema,
});
export type RoomTypeInfo = z.infer<typeof roomTypeSchema>;

/**
 * The room type the others follow: the first in display order, when its differential is zero
 * (the import puts the Standard room type there). A change of its rate moves every other room
 * type's rate on that night by its differential, except cells a person set by hand. Null: no
 * room type is the base, and nothing follows.
 */
export function baseRoomTypeOf<T extends RoomTypeInfo>(roomTypes: readonly T[]): T | null {
  const first = roomTypes[0];
  return first && first.differential.value === 0 ? first : null;
}

export const rateCellSchema = z.object({
  roomTypeId: z.number(),
  date: z.string(),
  /**
   * The final rate: the override, or base rate + differential. Null only for a `default` cell
   * on a night without a base rate (Cloudbeds had none when the rates were imported).
   */
  rate: z.number().nullable(),
  state: z.enum(CELL_STATES),
  /** Cloudbeds' own message when the cell failed. */
  error: z.string().nullable(),
  /** The push job carrying the cell's last change (for the job view and retry). */
  jobId: z.number().nullable(),
  /**
   * A person set this rate (typed, filled, pasted): it no longer follows the base room type.
   * False for a rate that comes from the base and the differential, and for the base row.
   */
  byHand: z.boolean(),
  /** Sales are closed for this night (stop-sell), or closing them is on its way to Cloudbeds. */
  closed: z.boolean(),
});
export type RateCell = z.infer<typeof rateCellSchema>;

/** A rate typed for a cell and not submitted yet. */
const draftSchema = z.strictObject({ roomTypeId, date: isoDate, rate: rateValue });

/** Cells named by room type and night, as the calls acting on a selection take them. */
const cellList = z
  .array(z.strictObject({ roomTypeId, date: isoDate }))
  .min(1)
  .max(MAX_SUBMIT_CELLS);

/** What a call that stores cells and queues their push answers. */
const cellsQueued = z.object({
  jobIds: z.array(z.number()),
  /** The cells as they now stand (all `saved`). */
  cells: z.array(rateCellSchema),
});

export const rateCalls = {
  /** The grid for a date range: room types in display order, dates, and every cell. */
  'rates/grid': {
    args: z
      .strictObject({ from: isoDate, to: isoDate })
      .refine((range) => range.to >= range.from, { message: 'must not be before from', path: ['to'] })
      .refine((range) => (Date.parse(range.to) - Date.parse(range.from)) / 86_400_000 < MAX_GRID_DAYS, {
        message: `must be less than ${MAX_GRID_DAYS} days after from`,
        path: ['to'],
      }),
    result: z.object({
      roomTypes: z.array(roomTypeSchema),
      dates: z.array(z.string()),
      /** Row-major: for each room type (in `roomTypes` order), one cell per date. */
      cells: z.array(rateCellSchema),
    }),
  },
  /**
   * Stores the changed cells and queues their push in one durable transaction; answers at once.
   * A bad cell (rate, past date, unknown room type) refuses the whole submit, naming the cell.
   * A change of the base room type's rate carries the other room types' cells of that night
   * with it (their differential applied), except those set by hand: the answer lists them too.
   */
  'rates/submit': {
    args: z.strictObject({
      changes: z
        .array(z.strictObject({ roomTypeId, date: isoDate, rate: rateValue }))
        .min(1)
        .max(MAX_SUBMIT_CELLS),
    }),
    /** The push jobs queued (a few cells each: Cloudbeds takes 30 intervals a request), and the cells. */
    result: cellsQueued,
  },
  /**
   * Closes (stop-sell) or opens sales of cells, pushed to Cloudbeds with their rate as it stands;
   * stored and queued like a submit. A night without a rate cannot be closed: set a rate first.
   */
  'rates/stop-sell': {
    args: z.strictObject({ cells: cellList, closed: z.boolean() }),
    result: cellsQueued,
  },
  /**
   * Cells set by hand follow the base room type again: each takes the base room type's rate of
   * its night with its differential, pushed like a submit, and moves with the base from then on.
   */
  'rates/follow-base': {
    args: z.strictObject({ cells: cellList }),
    result: cellsQueued,
  },
  /** The rates typed in the grid and not submitted yet (kept across reloads, crashes and restarts). */
  'rates/drafts': {
    args: z.strictObject({}),
    result: z.object({ drafts: z.array(draftSchema) }),
  },
  /** Replaces the unsubmitted rates with these (the grid sends its whole pending set as it changes). */
  'rates/save-drafts': {
    args: z.strictObject({ drafts: z.array(draftSchema).max(MAX_SUBMIT_CELLS) }),
    result: z.object({ saved: z.number() }),
  },
} as const satisfies Record<string, { args: z.ZodType; result: z.ZodType }>;

export const rateEvents = {
  /** Cells whose state changed (saved → synced or failed, or back to saved on retry). */
  'rates/changed': z.object({ cells: z.array(rateCellSchema) }),
} as const satisfies Record<string, z.ZodType>;
