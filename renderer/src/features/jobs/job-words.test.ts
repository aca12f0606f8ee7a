import { formatClock } from '../../../../shared/hotel-time.js';
import { describe, expect, it } from 'vitest';
import type { JobSummary } from '../../../../shared/contract.js';
import { attemptsText, statusText } from './job-words.js';

const NOW = Date.parse('2026-11-29T12:00:00.000Z');
const job = (patch: Partial<JobSummary>): JobSummary => ({
  id: 1,
  lane: 'cloudbeds',
  type: 'rates/push',
  summary: 'Rates · Single Room · 5 Dec → 150.00',
  status: 'queued',
  priority: 0,
  runAt: '2026-11-29T12:00:00.000Z',
  attempts: 0,
  maxAttempts: 10,
  lastError: null,
  errorKind: null,
  idempotencyKey: null,
  orderingKey: null,
  supersededBy: null,
  discardReason: null,
  createdAt: '2026-11-29T11:00:00.000Z',
  updatedAt: '2026-11-29T11:00:00.000Z',
  finishedAt: null,
  ...patch,
});

/** The hotel's clock: Lisbon, in winter on UTC. */
const lisbon = (iso: string) => formatClock(iso, 'Europe/Lisbon');

describe('what a job says of its attempts', () => {
  it('says a refusal was not retried, rather than "1/10"', () => {
    expect(attemptsText(job({ status: 'failed', attempts: 1, errorKind: 'validation', lastError: 'bad' }), NOW, lisbon)).toBe('refused, not retried');
  });

  it('says when a job out of attempts gave up, and when one waiting will try again', () => {
    expect(attemptsText(job({ status: 'failed', attempts: 10, errorKind: 'server', lastError: '503' }), NOW, lisbon)).toBe('gave up after 10');
    const waiting = job({ attempts: 2, lastError: '503', errorKind: 'server', runAt: '2026-11-29T12:00:08.000Z' });
    expect(attemptsText(waiting, NOW, lisbon)).toBe('2 of 10, next at 12:00');
    expect(attemptsText(job({}), NOW, lisbon)).toBe('—');
  });

  it('calls a job another took over superseded', () => {
    expect(statusText(job({ status: 'cancelled', supersededBy: 7 }))).toBe('Superseded');
    expect(statusText(job({ status: 'cancelled' }))).toBe('Cancelled');
  });
});
