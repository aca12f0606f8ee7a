import { describe, expect, it } from 'vitest';
import type { ReconciliationRun } from '../../../../shared/reconciliation-contract.js';
import { withRun, type ReconciliationStatus } from './reconciliation-slice.js';

const run = (id: number, status: ReconciliationRun['status']): ReconciliationRun => ({
  id,
  jobId: id,
  trigger: 'manual',
  startedAt: `2026-11-23T09:0${id}:00.000Z`,
  finishedAt: status === 'running' ? null : `2026-11-23T09:0${id}:01.000Z`,
  windowFrom: '2026-11-16',
  windowTo: '2029-11-23',
  createdFrom: '2026-11-22',
  fetched: 10,
  created: 1,
  updated: 0,
  unchanged: 9,
  orphaned: 0,
  errors: 0,
  requests: 2,
  durationMs: status === 'running' ? null : 1000,
  status,
  message: null,
});
const status: ReconciliationStatus = {
  lastRun: run(1, 'ok'),
  lastSuccessAt: run(1, 'ok').startedAt,
  nextRunAt: null,
  schedule: null,
  pending: false,
  stats: { reservations: 10, pins: { none: 0, scheduled: 5, active: 1, revoked: 0, failed: 0 } },
  runs: [run(1, 'ok')],
};

describe('the reconciliation status on screen', () => {
  it('puts a new run first and replaces it when it ends', () => {
    const started = withRun(status, run(2, 'running'));
    expect(started.runs.map((r) => [r.id, r.status])).toEqual([[2, 'running'], [1, 'ok']]);
    expect(started).toMatchObject({ pending: true, lastRun: { id: 2 } });
    const ended = withRun(started, run(2, 'failed'));
    expect(ended.runs.map((r) => [r.id, r.status])).toEqual([[2, 'failed'], [1, 'ok']]);
    expect(ended.pending).toBe(false);
    expect(ended.lastSuccessAt).toBe(status.lastSuccessAt);
    expect(withRun(ended, run(3, 'partial')).lastSuccessAt).toBe(run(3, 'partial').startedAt);
  });
});
