import { describe, expect, it } from 'vitest';
import type { LaneStatus, SyncStatus } from '../../../../shared/contract.js';
import { headroomText, syncIndicator } from './sync-slice.js';

const lane = (state: LaneStatus['state'], queued = 0, failed = 0): LaneStatus => ({
  lane: 'cloudbeds',
  displayName: 'Cloudbeds',
  jobKinds: ['rate updates'],
  jobTypes: [{ type: 'rates/push', noun: 'rate updates' }],
  state,
  depth: { queued, scheduled: 0, sending: 0, failed },
  lastSuccessAt: null,
  lastError: null,
  rateHeadroom: 3,
  rateLimit: { requests: 5, windowMs: 1_000, unit: 'requests' },
  connection: 'demo',
});
const OK_STORAGE: SyncStatus['storage'] = { state: 'ok', since: null, message: null, detail: null };
const status = (paused: boolean, ...lanes: LaneStatus[]): SyncStatus => ({ paused, storage: OK_STORAGE, lanes });

describe('syncIndicator', () => {
  it('says all synced when nothing waits', () => {
    expect(syncIndicator(status(false, lane('online')))).toEqual({ tone: 'idle', text: 'All synced' });
  });
  it('counts a running rates submit as n of m', () => {
    expect(syncIndicator(status(false, lane('online', 3)), { done: 20, total: 50 })).toEqual({ tone: 'busy', text: 'Syncing 20 of 50' });
  });
  it('puts offline, with what is queued, before the submit count', () => {
    expect(syncIndicator(status(false, lane('offline', 4)), { done: 0, total: 50 })).toEqual({ tone: 'warn', text: 'Offline — 4 queued' });
  });
  it('puts a pause before everything, and failures after a running submit', () => {
    expect(syncIndicator(status(true, lane('offline', 4)))).toEqual({ tone: 'warn', text: 'Sync paused, 4 queued' });
    expect(syncIndicator(status(false, lane('online', 0, 2)))).toEqual({ tone: 'error', text: '2 failed' });
  });
});

describe('syncIndicator with a lane paused on its own', () => {
  it('says which lane is paused, and never a count of syncing that does not move', () => {
    const paused = { ...lane('paused', 2), displayName: 'Cloudbeds' };
    expect(syncIndicator(status(false, paused), { done: 0, total: 5 })).toEqual({ tone: 'warn', text: 'Paused: Cloudbeds, 2 queued' });
  });
});

describe('syncIndicator on a full disk', () => {
  it('says the disk is full before anything else, even paused or offline', () => {
    const full: SyncStatus['storage'] = { state: 'full', since: '2026-11-29T11:00:00.000Z', message: 'The disk holding the data folder is full', detail: 'SQLITE_FULL' };
    expect(syncIndicator({ ...status(true, lane('offline', 3)), storage: full })).toEqual({ tone: 'error', text: 'Disk full — not saving' });
    expect(syncIndicator({ ...status(false, lane('online')), storage: { ...full, state: 'unwritable' } })).toEqual({ tone: 'error', text: 'Cannot save — data folder' });
  });
});

describe('headroomText', () => {
  it('says what is left of the limit in the API’s own unit and window', () => {
    expect(headroomText(lane('online'))).toBe('3 of 5 requests a second free');
    expect(headroomText({ rateHeadroom: 87, rateLimit: { requests: 100, windowMs: 300_000, unit: 'credits' } })).toBe('87 of 100 credits per 5 minutes free');
    expect(headroomText({ rateHeadroom: null, rateLimit: null })).toBe('no limit');
  });
});
