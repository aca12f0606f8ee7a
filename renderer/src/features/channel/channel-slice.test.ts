import { describe, expect, it } from 'vitest';
import type { ChannelEvent, SentinelApi } from '../../../../shared/contract.js';
import { createAppStore } from '../../store.js';
import { matchesChannelFilter } from './channel-slice.js';

const event = (id: number, status: ChannelEvent['status'], updatedAt: string, direction: ChannelEvent['direction'] = 'inbound'): ChannelEvent => ({
  id,
  key: `beds24:${id}`,
  direction,
  eventType: 'booking_created',
  system: 'beds24',
  via: 'webhook',
  externalId: String(61_200_000 + id),
  reservationId: null,
  payload: {},
  status,
  attempts: 1,
  lastError: status === 'failed' ? 'Cloudbeds refused the request' : null,
  jobId: id,
  createdAt: '2026-11-29T10:00:00.000Z',
  updatedAt,
});

/** A store whose host answers each call with `answer(name)`, resolved when the test says. */
function storeWith(answer: (name: string) => unknown) {
  const pending: (() => void)[] = [];
  const api: SentinelApi = {
    call: (name) => new Promise((resolve) => pending.push(() => resolve({ ok: true, data: answer(name) as never }))),
    subscribe: () => () => {},
  };
  return { store: createAppStore(api), answerAll: () => pending.splice(0).forEach((settle) => settle()) };
}

describe('the channel slice', () => {
  it('keeps an event pushed while the page was on its way over the older copy the page brings', async () => {
    const { store, answerAll } = storeWith(() => ({ items: [event(1, 'received', '2026-11-29T10:00:01.000Z')], nextCursor: null }));
    const loading = store.getState().loadChannelEvents({});
    store.getState().channelEventChanged(event(1, 'done', '2026-11-29T10:00:02.000Z'));
    answerAll();
    await loading;
    expect(store.getState().channelEvents.map((e) => e.status)).toEqual(['done']);
  });

  it('puts a new event on top, changes a known one in place, and drops one the filter no longer matches', async () => {
    const { store, answerAll } = storeWith(() => ({ items: [event(1, 'failed', '2026-11-29T10:00:01.000Z')], nextCursor: null }));
    const loading = store.getState().loadChannelEvents({ status: ['failed'] });
    answerAll();
    await loading;
    store.getState().channelEventChanged(event(2, 'failed', '2026-11-29T10:00:03.000Z'));
    expect(store.getState().channelEvents.map((e) => e.id)).toEqual([2, 1]);
    store.getState().channelEventChanged(event(1, 'done', '2026-11-29T10:00:04.000Z'));
    expect(store.getState().channelEvents.map((e) => e.id)).toEqual([2]);
    // An older copy never replaces a newer one.
    store.getState().channelEventChanged(event(2, 'received', '2026-11-29T10:00:02.000Z'));
    expect(store.getState().channelEvents[0]!.status).toBe('failed');
  });

  it('matches events by status and direction', () => {
    expect(matchesChannelFilter(event(1, 'done', 'x', 'outbound'), { direction: 'inbound' })).toBe(false);
    expect(matchesChannelFilter(event(1, 'done', 'x', 'outbound'), { status: ['done'], direction: 'outbound' })).toBe(true);
  });
});
