import { describe, expect, it } from 'vitest';
import type { JobSummary } from '../../../../shared/contract.js';
import { NO_FILTER, toJobFilter } from './JobFilters.js';
import { matchesFilter } from './jobs-slice.js';

const job: JobSummary = {
  id: 1,
  lane: 'beds24',
  type: 'bookings/push',
  summary: 'Booking · Ana Silva · 2 Dec',
  status: 'failed',
  priority: 0,
  runAt: '2026-11-29T10:00:00.000Z',
  attempts: 1,
  maxAttempts: 10,
  lastError: 'Beds24 answered 400: numAdult must be at least 1',
  errorKind: 'validation',
  idempotencyKey: null,
  orderingKey: null,
  supersededBy: null,
  discardReason: null,
  createdAt: '2026-11-29T10:00:00.000Z',
  updatedAt: '2026-11-29T10:00:00.000Z',
  finishedAt: null,
};

describe('the job filter form', () => {
  it('narrows nothing when empty, and covers whole days between its dates', () => {
    expect(toJobFilter(NO_FILTER, null, 'UTC')).toEqual({});
    expect(toJobFilter({ ...NO_FILTER, type: 'rates/push' }, null, 'UTC')).toEqual({ type: ['rates/push'] });
    expect(toJobFilter({ ...NO_FILTER, text: '  ana ', lane: 'beds24', from: '2026-11-29', to: '2026-11-29' }, 'failed', 'UTC')).toEqual({
      status: ['failed'],
      lane: ['beds24'],
      text: 'ana',
      from: '2026-11-29T00:00:00.000Z',
      to: '2026-11-30T00:00:00.000Z',
    });
  });

  it('takes the whole days of the hotel, not of UTC or the machine: midnight in Lisbon in summer is 23:00 UTC', () => {
    expect(toJobFilter({ ...NO_FILTER, from: '2026-07-01', to: '2026-07-01' }, null, 'Europe/Lisbon')).toEqual({
      from: '2026-06-30T23:00:00.000Z',
      to: '2026-07-01T23:00:00.000Z',
    });
    expect(toJobFilter({ ...NO_FILTER, from: '2026-11-29' }, null, 'Pacific/Auckland')).toEqual({ from: '2026-11-28T11:00:00.000Z' });
  });

  it('keeps a pushed job in the list only when it matches, as the host would', () => {
    expect(matchesFilter(job, {})).toBe(true);
    expect(matchesFilter(job, { text: 'ANA SILVA' })).toBe(true);
    expect(matchesFilter(job, { text: 'numadult' })).toBe(true);
    expect(matchesFilter(job, { text: 'suite' })).toBe(false);
    expect(matchesFilter(job, { lane: ['cloudbeds'] })).toBe(false);
    expect(matchesFilter(job, { status: ['done'] })).toBe(false);
    expect(matchesFilter(job, { type: ['bookings/push'] })).toBe(true);
    expect(matchesFilter(job, { type: ['rates/push'] })).toBe(false);
    expect(matchesFilter(job, { from: '2026-11-30T00:00:00.000Z' })).toBe(false);
    expect(matchesFilter(job, { to: '2026-11-29T10:00:00.000Z' })).toBe(false);
  });
});
