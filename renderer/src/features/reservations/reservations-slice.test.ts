import { describe, expect, it } from 'vitest';
import type { ReservationItem } from '../../../../shared/reconciliation-contract.js';
import { createAppStore } from '../../store.js';
import { withItems } from './reservations-slice.js';
import type { SentinelApi } from '../../../../shared/contract.js';

const item = (id: number, hasCode: boolean): ReservationItem => ({
  id,
  source: 'stays',
  sourceId: `s${id}`,
  channel: 'Airbnb',
  guestName: `HL0${id}K`,
  arrival: '2026-11-23',
  departure: '2026-11-25',
  status: 'confirmed',
  room: 'Room 101 door',
  pin: { state: hasCode ? 'active' : 'revoked', startsAt: null, endsAt: null, hasCode, failedJobId: null, error: null },
});

function storeWith(answers: Record<string, unknown>) {
  const api: SentinelApi = {
    call: async (name) => ({ ok: true, data: answers[name] as never }),
    subscribe: () => () => {},
  };
  return createAppStore(api);
}

describe('the reservations slice', () => {
  it('replaces the items the host sent again, in place', () => {
    expect(withItems([item(1, true), item(2, true)], [item(2, false)]).map((i) => [i.id, i.pin.state])).toEqual([
      [1, 'active'],
      [2, 'revoked'],
    ]);
  });

  it('keeps a revealed PIN in memory until hidden, and forgets it when the stay’s PIN is removed', async () => {
    const store = storeWith({ 'reservations/list': { items: [item(1, true)], nextCursor: null }, 'reservations/reveal-pin': { id: 1, code: '482913', startsAt: null, endsAt: null } });
    await store.getState().loadReservations({ from: '2026-11-23', text: '', source: '', status: '' });
    await store.getState().revealPin(1);
    expect(store.getState().revealedPins.get(1)).toBe('482913');
    store.getState().reservationsChanged([item(1, false)]);
    expect(store.getState().revealedPins.has(1)).toBe(false);
    await store.getState().revealPin(1);
    store.getState().hidePin(1);
    expect(store.getState().revealedPins.size).toBe(0);
  });

  it('reads the page again when a stay it does not show yet arrives (a channel booking, a walk-in)', async () => {
    let lists = 0;
    const api: SentinelApi = {
      call: async (name) => {
        if (name === 'reservations/list') lists += 1;
        return { ok: true, data: { items: lists > 1 ? [item(1, true), item(2, true)] : [item(1, true)], nextCursor: null } as never };
      },
      subscribe: () => () => {},
    };
    const store = createAppStore(api);
    await store.getState().loadReservations({ from: '2026-11-23', text: '', source: '', status: '' });
    store.getState().reservationsChanged([item(1, true)]);
    expect(lists).toBe(1);
    store.getState().reservationsChanged([item(2, true)]);
    await Promise.resolve();
    await Promise.resolve();
    expect(lists).toBe(2);
  });
});
