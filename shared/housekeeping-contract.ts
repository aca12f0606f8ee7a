/**
 * The housekeeping schedule's part of the contract (SPEC §5.5): the stored MaidCentral schedule
 * of the next seven days, read from the data folder, never from the API. Merged into the call
 * and event maps in `contract.ts`.
 */
import { z } from 'zod';

/** Days fetched from the hotel's today on (today included). */
export const HOUSEKEEPING_DAYS = 7;

/**
 * Where a cleaning stands, by the schedule and the hotel's clock (MaidCentral's schedule says
 * nothing of progress): `done` once its scheduled end has passed, `in_progress` from its
 * scheduled start until then, `not_started` before its start (or with no times at all).
 */
export const CLEANING_STATES = ['done', 'in_progress', 'not_started'] as const;
export type CleaningState = (typeof CLEANING_STATES)[number];

/** How a day's last fetch went: stored and current, failed (an older copy may still be shown), or never fetched. */
export const DAY_FETCH_STATES = ['ok', 'failed', 'missing'] as const;
export type DayFetchState = (typeof DAY_FETCH_STATES)[number];

const isoDate = z.iso.date();
const id = z.number();

export const cleaningSchema = z.object({
  /** MaidCentral's JobInformationId. */
  id,
  /** The room (MaidCentral's home) as MaidCentral names it: "Room 204". */
  room: z.string(),
  address: z.string().nullable(),
  /** What is to be done: "Departure clean". */
  scope: z.string().nullable(),
  /** Scheduled start and end on the hotel's clock, `HH:MM`; null when MaidCentral gave none. */
  start: z.string().nullable(),
  end: z.string().nullable(),
  state: z.enum(CLEANING_STATES),
  teamIds: z.array(id),
  /** MaidCentral's EmployeeInformationId of each person scheduled on it. */
  personIds: z.array(id),
});
export type Cleaning = z.infer<typeof cleaningSchema>;

export const cleanerSchema = z.object({
  id,
  name: z.string(),
  /** From MaidCentral's users ("Supervisor", "Housekeeper"); empty when the person has no user. */
  roles: z.array(z.string()),
  teamIds: z.array(id),
  /** Their cleanings' ids, by start time. */
  cleaningIds: z.array(id),
});
export type Cleaner = z.infer<typeof cleanerSchema>;

export const cleaningTeamSchema = z.object({
  id,
  name: z.string(),
  /** MaidCentral's colour for the team (`#2563eb`), when it has one. */
  color: z.string().nullable(),
  /** Who was scheduled with the team that day. */
  memberIds: z.array(id),
  cleaningIds: z.array(id),
});
export type CleaningTeam = z.infer<typeof cleaningTeamSchema>;

const stateCounts = z.object({ done: z.number(), in_progress: z.number(), not_started: z.number() });

export const housekeepingDaySchema = z.object({
  date: z.string(),
  /** When the stored schedule was fetched from MaidCentral; null while none of the day is stored. */
  fetchedAt: z.string().nullable(),
  /** The hotel's wall-clock time the states were read at (`YYYY-MM-DDTHH:MM`). */
  asOf: z.string(),
  /** The next instant a cleaning starts or ends (a state changes): read the day again then. */
  nextChangeAt: z.string().nullable(),
  /** Every cleaning, by start time then room. */
  cleanings: z.array(cleaningSchema),
  /** Who works that day, by name, each with their cleanings. */
  people: z.array(cleanerSchema),
  /** The teams of the day, by name, each with its cleanings. */
  teams: z.array(cleaningTeamSchema),
  /** Cleanings with nobody, or no team, scheduled on them. */
  unassigned: z.object({ noPerson: z.array(id), noTeam: z.array(id) }),
  counts: stateCounts,
});
export type HousekeepingDay = z.infer<typeof housekeepingDaySchema>;

export const housekeepingDayStatusSchema = z.object({
  date: z.string(),
  state: z.enum(DAY_FETCH_STATES),
  /** When the stored copy was fetched; it stays shown after a later fetch fails. */
  fetchedAt: z.string().nullable(),
  /** The stored file's size in bytes. */
  size: z.number().nullable(),
  cleanings: z.number().nullable(),
  /** Why the last fetch failed (or the stored file was found damaged), while it has not worked since. */
  lastError: z.string().nullable(),
  failedAt: z.string().nullable(),
  /** A fetch of the day is queued or under way. */
  fetching: z.boolean(),
});
export type HousekeepingDayStatus = z.infer<typeof housekeepingDayStatusSchema>;

export const housekeepingStatusSchema = z.object({
  /** The hotel's today and the six days after it. */
  days: z.array(housekeepingDayStatusSchema),
  schedule: z.object({
    /** Cron pattern on the hotel's time zone (hourly by default). */
    cron: z.string(),
    timeZone: z.string(),
    /** Null until the core has started its schedules. */
    nextRunAt: z.string().nullable(),
    lastRunAt: z.string().nullable(),
  }),
  /** A refresh (staff, then the seven days) is queued or under way. */
  refreshing: z.boolean(),
  /** MaidCentral has connection settings (demo or live). */
  connected: z.boolean(),
});
export type HousekeepingStatus = z.infer<typeof housekeepingStatusSchema>;

export const housekeepingCalls = {
  /**
   * One stored day, read from its file in the data folder and checked against its checksum;
   * never asks MaidCentral. A damaged file is refused (`corrupt`) and fetched again.
   */
  'housekeeping/day': { args: z.strictObject({ date: isoDate }), result: housekeepingDaySchema },
  /**
   * Each of the seven days' last fetch and the next scheduled run. Asked while no day was ever
   * stored (the screen's first look), it also queues a fetch of the week, once.
   */
  'housekeeping/status': { args: z.strictObject({}), result: housekeepingStatusSchema },
  /** Fetches the staff and the seven days now (a person's action: before background sync). */
  'housekeeping/refresh': { args: z.strictObject({}), result: z.object({ jobId: z.number() }) },
} as const satisfies Record<string, { args: z.ZodType; result: z.ZodType }>;

export const housekeepingEvents = {
  /** A day was stored, or its fetch failed: read its status (and the day, if shown) again. */
  'housekeeping/changed': z.object({ date: z.string() }),
} as const satisfies Record<string, z.ZodType>;
