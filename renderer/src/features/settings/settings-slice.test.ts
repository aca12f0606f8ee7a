import { describe, expect, it } from 'vitest';
import type { EventName, EventPayload, HotelDetails, SentinelApi, Settings } from '../../../../shared/contract.js';
import { createAppStore } from '../../store.js';
import { isDemo } from './settings-slice.js';

const HOTEL: HotelDetails = { name: 'Harbour Light Hotel', currency: null, timeZone: 'UTC', fetchedAt: null };

const settingsIn = (timeZone: string, demo: boolean): Settings => ({
  property: { hotelName: null, timeZone, currency: null, weekendNights: ['fri', 'sat'], cloudbedsPropertyId: null },
  connections: [],
  schedules: { reconciliation: '30m', housekeeping: '1h', beds24Polling: '5m' },
  notifications: { kinds: { error: true, success: true, info: true }, osNotifications: true },
  welcomed: true,
  demo,
});

/** A host stand-in that only pushes events. */
function fakeHost() {
  const listeners = new Map<string, ((payload: unknown) => void)[]>();
  const api: SentinelApi = {
    call: () => Promise.resolve({ ok: false, error: { code: 'internal', message: 'not faked' } }) as never,
    subscribe(name, listener) {
      listeners.set(name, [...(listeners.get(name) ?? []), listener as (payload: unknown) => void]);
      return () => {};
    },
  };
  const emit = <E extends EventName>(name: E, payload: EventPayload<E>) => listeners.get(name)?.forEach((listener) => listener(payload));
  return { api, emit };
}

describe('the settings slice', () => {
  it('moves every screen to the zone settings/changed brings, and tells whether the header says Demo', () => {
    const host = fakeHost();
    const store = createAppStore(host.api);
    host.emit('hotel/changed', HOTEL);
    host.emit('settings/changed', settingsIn('Pacific/Auckland', true));
    expect(store.getState().hotel).toEqual({ ...HOTEL, timeZone: 'Pacific/Auckland' });
    expect(isDemo(store.getState().settings)).toBe(true);
    host.emit('settings/changed', settingsIn('Pacific/Auckland', false));
    expect(isDemo(store.getState().settings)).toBe(false);
  });
});
