import type { MaidCentralUser } from '../integrations/maidcentral/maidcentral.js';
import type { Db } from '../store/database.js';
import type { FileSeal } from './day-files.js';
import { HOUSEKEEPING_DAY } from './housekeeping-jobs.js';

/** A `housekeeping_days` row as SQLite returns it. */
export interface DayRow {
  date: string;
  size: number | null;
  sha256: string | null;
  cleanings: number | null;
  fetched_at: number | null;
  failed_at: number | null;
  last_error: string | null;
}

/** A day whose file is stored: what the file must be. */
export type StoredDayRow = DayRow & { size: number; sha256: string; cleanings: number; fetched_at: number };

export const isStored = (row: DayRow | undefined): row is StoredDayRow => row !== undefined && row.size !== null;
export const sealOfRow = (row: StoredDayRow): FileSeal => ({ size: row.size, sha256: row.sha256 });

export interface StaffMember {
  employeeId: number;
  firstName: string;
  lastName: string;
  roles: string[];
}

/** Every statement on the housekeeping tables, prepared once. Callers own the transactions. */
export function createHousekeepingStore(db: Db) {
  const statements = {
    day: db.prepare<[string], DayRow>('SELECT * FROM housekeeping_days WHERE date = ?'),
    daysBetween: db.prepare<[string, string], DayRow>('SELECT * FROM housekeeping_days WHERE date BETWEEN ? AND ? ORDER BY date'),
    anyDay: db.prepare<[], { one: number }>('SELECT 1 AS one FROM housekeeping_days LIMIT 1'),
    stored: db.prepare(`INSERT INTO housekeeping_days (date, size, sha256, cleanings, fetched_at, failed_at, last_error)
      VALUES (@date, @size, @sha256, @cleanings, @fetchedAt, NULL, NULL)
      ON CONFLICT (date) DO UPDATE SET size = excluded.size, sha256 = excluded.sha256, cleanings = excluded.cleanings,
        fetched_at = excluded.fetched_at, failed_at = NULL, last_error = NULL`),
    failed: db.prepare(`INSERT INTO housekeeping_days (date, failed_at, last_error) VALUES (@date, @at, @error)
      ON CONFLICT (date) DO UPDATE SET failed_at = excluded.failed_at, last_error = excluded.last_error`),
    forgetBefore: db.prepare<[string], { date: string }>('DELETE FROM housekeeping_days WHERE date < ? RETURNING date'),
    clearStaff: db.prepare('DELETE FROM housekeeping_staff'),
    insertStaff: db.prepare(`INSERT INTO housekeeping_staff (employee_id, user_id, first_name, last_name, roles)
      VALUES (@employeeId, @userId, @firstName, @lastName, @roles)
      ON CONFLICT (employee_id) DO UPDATE SET user_id = excluded.user_id, first_name = excluded.first_name,
        last_name = excluded.last_name, roles = excluded.roles`),
    staff: db.prepare<[], { employee_id: number; first_name: string; last_name: string; roles: string }>(
      'SELECT employee_id, first_name, last_name, roles FROM housekeeping_staff',
    ),
    // The maidcentral lane's queued jobs are indexed (jobs_claim), its sending ones too (jobs_lane_status).
    pendingDays: db.prepare<[string, string], { date: string }>(`SELECT DISTINCT json_extract(payload, '$.date') AS date FROM jobs
      WHERE lane = ? AND (status = 'queued' OR status = 'sending') AND type = ?`),
  };

  return {
    day: (date: string): DayRow | undefined => statements.day.get(date),
    daysBetween: (from: string, to: string): DayRow[] => statements.daysBetween.all(from, to),
    hasAnyDay: (): boolean => statements.anyDay.get() !== undefined,

    /** The day's file was written and synced: it is now the day's schedule, and the last fetch worked. */
    recordStored(date: string, seal: FileSeal, cleanings: number, fetchedAt: number): void {
      statements.stored.run({ date, size: seal.size, sha256: seal.sha256, cleanings, fetchedAt });
    },
    /** A fetch failed, or the stored file was found damaged; a stored copy stays what it was. */
    recordFailure(date: string, error: string, at: number): void {
      statements.failed.run({ date, error, at });
    },
    /** Forgets days before `date`; answers which, so their files can go too. */
    forgetBefore: (date: string): string[] => statements.forgetBefore.all(date).map((row) => row.date),

    replaceStaff(users: readonly MaidCentralUser[]): number {
      statements.clearStaff.run();
      let count = 0;
      for (const user of users) {
        // Office users without an employee record never appear on a schedule.
        if (user.employeeId === null) continue;
        statements.insertStaff.run({
          employeeId: user.employeeId,
          userId: user.userId,
          firstName: user.firstName,
          lastName: user.lastName,
          roles: JSON.stringify(user.roles),
        });
        count += 1;
      }
      return count;
    },
    staff(): Map<number, StaffMember> {
      return new Map(
        statements.staff.all().map((row) => [
          row.employee_id,
          { employeeId: row.employee_id, firstName: row.first_name, lastName: row.last_name, roles: JSON.parse(row.roles) as string[] },
        ]),
      );
    },

    /** Dates with a fetch queued or under way. */
    pendingDates: (): Set<string> => new Set(statements.pendingDays.all(HOUSEKEEPING_DAY.lane, HOUSEKEEPING_DAY.type).map((row) => row.date)),
  };
}

export type HousekeepingStore = ReturnType<typeof createHousekeepingStore>;
