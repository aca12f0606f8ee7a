import type { ApiError, HousekeepingDay, HousekeepingStatus, SentinelApi } from '../../../../shared/contract.js';
import type { AppSlice } from '../../store.js';

export type GroupBy = 'person' | 'team';

export interface HousekeepingSlice {
  housekeepingStatus: HousekeepingStatus | null;
  /** The day picked, one of the status's seven (today at first). */
  housekeepingDate: string | null;
  /** The picked day as stored, once read; null while it is read or when it could not be. */
  housekeepingDay: HousekeepingDay | null;
  /** Why the picked day cannot be shown (a damaged file, a refusal): shown on the screen itself. */
  housekeepingError: ApiError | null;
  housekeepingGroupBy: GroupBy;
  /** "Refresh now" was pressed and the host has not answered yet. */
  housekeepingRefreshing: boolean;
  loadHousekeeping(): Promise<void>;
  pickHousekeepingDay(date: string): Promise<void>;
  reloadHousekeepingDay(): Promise<void>;
  groupHousekeepingBy(groupBy: GroupBy): void;
  refreshHousekeeping(): Promise<void>;
  /** Pushed by the host: a day was stored or its fetch failed. */
  housekeepingChanged(date: string): void;
}

/**
 * The Housekeeping screen's state. A day is read straight from the host rather than through the
 * shell's `run`, so a day that cannot be shown (a damaged file) says why on the screen, not in
 * the app-wide banner.
 */
export const createHousekeepingSlice =
  (api: SentinelApi): AppSlice<HousekeepingSlice> =>
  (set, get) => {
    async function loadStatus(): Promise<HousekeepingStatus | null> {
      const status = await get().run('housekeeping/status', {});
      if (status) set({ housekeepingStatus: status });
      return status;
    }

    async function loadDay(date: string): Promise<void> {
      const outcome = await api.call('housekeeping/day', { date });
      // Another day was picked meanwhile: this answer is no longer wanted.
      if (get().housekeepingDate !== date) return;
      if (outcome.ok) set({ housekeepingDay: outcome.data, housekeepingError: null });
      else set({ housekeepingDay: null, housekeepingError: outcome.error });
    }

    return {
      housekeepingStatus: null,
      housekeepingDate: null,
      housekeepingDay: null,
      housekeepingError: null,
      housekeepingGroupBy: 'person',
      housekeepingRefreshing: false,

      async loadHousekeeping() {
        const status = await loadStatus();
        if (!status) return;
        const dates = status.days.map((day) => day.date);
        const picked = get().housekeepingDate;
        await get().pickHousekeepingDay(picked !== null && dates.includes(picked) ? picked : dates[0]!);
      },

      async pickHousekeepingDay(date) {
        const keep = get().housekeepingDay?.date === date;
        set({ housekeepingDate: date, housekeepingError: null, ...(keep ? {} : { housekeepingDay: null }) });
        await loadDay(date);
      },

      async reloadHousekeepingDay() {
        const date = get().housekeepingDate;
        if (date !== null) await loadDay(date);
      },

      groupHousekeepingBy: (groupBy) => set({ housekeepingGroupBy: groupBy }),

      async refreshHousekeeping() {
        if (get().housekeepingRefreshing) return;
        set({ housekeepingRefreshing: true });
        await get().run('housekeeping/refresh', {});
        set({ housekeepingRefreshing: false });
        await loadStatus();
      },

      housekeepingChanged(date) {
        // Nothing to keep current until the screen has been opened.
        if (get().housekeepingStatus === null) return;
        void loadStatus();
        if (date === get().housekeepingDate) void loadDay(date);
      },
    };
  };

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

/** A hotel date as people read it: `Mon 23`, `Monday 23 November`; on the calendar, not in any time zone. */
export function dayLabel(date: string): { short: string; long: string } {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  const weekday = WEEKDAYS[new Date(Date.UTC(year, month - 1, day)).getUTCDay()]!;
  return { short: `${weekday.slice(0, 3)} ${day}`, long: `${weekday} ${day} ${MONTHS[month - 1]}` };
}
