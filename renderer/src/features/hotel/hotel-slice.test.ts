import { describe, expect, it } from 'vitest';
import type { CallName, CallOutcome, EventName, EventPayload, HotelDetails, SentinelApi } from '../../../../shared/contract.js';
import { createAppStore } from '../../store.js';
import type { Settings } from '../../../../shared/contract.js';
import { currencyCodeOf, hotelIdentity } from './hotel-slice.js';

const UNKNOWN: HotelDetails = { name: null, currency: null, timeZone: 'Europe/Lisbon', fetchedAt: null };
const KNOWN: HotelDetails = {
  name: 'Harbour Light Hotel',
  currency: { code: 'EUR', symbol: '€', position: 'after', decimalSeparator: ',', thousandsSeparator: '.' },
  timeZone: 'Europe/Lisbon',
  fetchedAt: '2030-03-04T09:00:00.000Z',
};

/** A host stand-in whose `hotel/details` answers when the test says, and that pushes events. */
function fakeHost() {
  const listeners = new Map<string, ((payload: unknown) => void)[]>();
  const pending: ((outcome: CallOutcome<CallName>) => void)[] = [];
  const api: SentinelApi = {
    call: (name) => (name === 'hotel/details' ? new Promise((resolve) => pending.push(resolve as never)) : Promise.resolve({ ok: false, error: { code: 'internal', message: `${name} not faked` } })) as never,
    subscribe(name, listener) {
      listeners.set(name, [...(listeners.get(name) ?? []), listener as (payload: unknown) => void]);
      return () => {};
    },
  };
  const emit = <E extends EventName>(name: E, payload: EventPayload<E>) => listeners.get(name)?.forEach((listener) => listener(payload));
  const answer = (data: HotelDetails) => pending.shift()!({ ok: true, data });
  return { api, emit, answer };
}

describe('the hotel slice', () => {
  it('holds what the host answers, and the details hotel/changed brings', async () => {
    const host = fakeHost();
    const store = createAppStore(host.api);
    const loading = store.getState().loadHotel();
    host.answer(UNKNOWN);
    await loading;
    expect(store.getState().hotel).toEqual(UNKNOWN);
    expect(currencyCodeOf(store.getState().hotel)).toBeNull();
    host.emit('hotel/changed', KNOWN);
    expect(store.getState().hotel).toEqual(KNOWN);
    expect(currencyCodeOf(store.getState().hotel)).toBe('EUR');
  });

  it('keeps the details an event brought when a slower first answer still says unknown', async () => {
    const host = fakeHost();
    const store = createAppStore(host.api);
    const loading = store.getState().loadHotel();
    host.emit('hotel/changed', KNOWN);
    host.answer(UNKNOWN);
    await loading;
    expect(store.getState().hotel).toEqual(KNOWN);
  });

  it('names the hotel as Settings does, else as Cloudbeds did, and says when Cloudbeds keeps rates in another currency', () => {
    const settings = (hotelName: string | null, currency: string | null) => ({ property: { hotelName, currency } }) as Settings;
    expect(hotelIdentity(null, null)).toEqual({ name: null, currency: null, cloudbedsCurrencyDiffers: null });
    expect(hotelIdentity(KNOWN, settings(null, null))).toEqual({ name: 'Harbour Light Hotel', currency: 'EUR', cloudbedsCurrencyDiffers: null });
    expect(hotelIdentity(KNOWN, settings('Harbour Light', 'EUR'))).toEqual({ name: 'Harbour Light', currency: 'EUR', cloudbedsCurrencyDiffers: null });
    expect(hotelIdentity(KNOWN, settings(null, 'USD'))).toEqual({ name: 'Harbour Light Hotel', currency: 'USD', cloudbedsCurrencyDiffers: 'EUR' });
    expect(hotelIdentity(UNKNOWN, settings('Casa Azul', 'USD'))).toEqual({ name: 'Casa Azul', currency: 'USD', cloudbedsCurrencyDiffers: null });
  });
});
