import { Cron } from 'croner';
import type { ScheduleName } from '../../shared/settings-contract.js';

/** What the flows run on until a person changes it (the flows' own defaults, as intervals). */
export const DEFAULT_SCHEDULES: Record<ScheduleName, string> = {
  reconciliation: '30m',
  housekeeping: '1h',
  beds24Polling: '5m',
};

/** A schedule a person wrote that cannot be used; the message says what would do. */
export class ScheduleSpecError extends Error {
  readonly kind = 'schedule';
}

const INTERVAL = /^(\d{1,3})\s*(m|min|mins|minutes?|h|hours?)$/i;

/**
 * The cron pattern of a schedule as a person writes it: an interval (`30m`, `2h`) that divides
 * the hour or the day evenly, so runs land on the same minutes every day, or a cron pattern
 * (`*\/30 * * * *`) that croner reads and that fires at all.
 */
export function cronOf(spec: string): string {
  const text = spec.trim();
  const interval = INTERVAL.exec(text);
  if (interval) {
    const amount = Number(interval[1]);
    const hours = interval[2]!.toLowerCase().startsWith('h');
    if (!hours && amount >= 1 && amount <= 60 && 60 % amount === 0) return amount === 60 ? '0 * * * *' : `*/${amount} * * * *`;
    if (hours && amount >= 1 && amount <= 24 && 24 % amount === 0) return amount === 24 ? '0 0 * * *' : amount === 1 ? '0 * * * *' : `0 */${amount} * * *`;
    throw new ScheduleSpecError(
      `"${text}" does not divide ${hours ? 'the day' : 'the hour'} evenly; use minutes such as 5m, 15m, 30m or hours such as 1h, 2h, 6h`,
    );
  }
  let next: Date | null;
  try {
    next = new Cron(text).nextRun();
  } catch (error) {
    throw new ScheduleSpecError(`"${text}" is neither an interval (such as 30m or 1h) nor a cron pattern (${(error as Error).message})`);
  }
  if (!next) throw new ScheduleSpecError(`"${text}" never fires; use an interval such as 30m or a cron pattern such as */30 * * * *`);
  return text;
}
