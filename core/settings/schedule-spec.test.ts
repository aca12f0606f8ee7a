import { describe, expect, it } from 'vitest';
import { cronOf, ScheduleSpecError } from './schedule-spec.js';

describe('a schedule as a person writes it', () => {
  it.each([
    ['30m', '*/30 * * * *'],
    ['5 min', '*/5 * * * *'],
    ['60m', '0 * * * *'],
    ['1h', '0 * * * *'],
    ['6 hours', '0 */6 * * *'],
    ['24h', '0 0 * * *'],
    [' 0 6 * * * ', '0 6 * * *'],
  ])('reads %j as the cron pattern %j', (spec, cron) => {
    expect(cronOf(spec)).toBe(cron);
  });

  it.each([
    ['7m', /does not divide the hour evenly/],
    ['5h', /does not divide the day evenly/],
    ['0m', /does not divide/],
    ['every so often', /neither an interval .* nor a cron pattern/],
    ['0 0 30 2 *', /never fires|neither/],
  ])('refuses %j, saying what would do', (spec, message) => {
    expect(() => cronOf(spec)).toThrow(ScheduleSpecError);
    expect(() => cronOf(spec)).toThrow(message);
  });
});
