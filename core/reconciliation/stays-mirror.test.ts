import { describe, expect, it } from 'vitest';
import type { StaysReservation } from '../integrations/stays/stays.js';
import { toMirrorRecord } from './stays-mirror.js';

const stay: StaysReservation = {
  _id: '67055ab9bee5da5680309c1e',
  id: 'HL05K',
  creationDate: '2026-10-01',
  checkInDate: '2026-12-01',
  checkInTime: '15:00',
  checkOutDate: '2026-12-04',
  checkOutTime: '11:00:00',
  _idlisting: '9b0c0e7a1f2d3c4b5a697887',
  _idclient: null,
  type: 'booked',
  price: { currency: 'EUR', _f_total: 420 },
  guests: 2,
  partner: { _id: null, name: 'Airbnb' },
  partnerCode: 'HM12345678',
};

describe('a Stays reservation in the mirror', () => {
  it('keeps its dates, room, channel and times, and a hash that changes only when one of them does', () => {
    const record = toMirrorRecord(stay);
    expect(record).toMatchObject({ code: 'HL05K', arrival: '2026-12-01', departure: '2026-12-04', status: 'confirmed', checkOutTime: '11:00', channel: 'Airbnb' });
    expect(toMirrorRecord({ ...stay }).contentHash).toBe(record.contentHash);
    for (const change of [{ checkOutDate: '2026-12-05' }, { _idlisting: 'ffffffffffffffffffffffff' }, { checkInTime: '16:00' }, { type: 'canceled' }, { type: 'reserved' }, { guests: 3 }]) {
      expect(toMirrorRecord({ ...stay, ...change }).contentHash).not.toBe(record.contentHash);
    }
    expect(toMirrorRecord({ ...stay, type: 'canceled' }).status).toBe('cancelled');
  });

  it.each([
    [{ checkInDate: '2026-12-32' }, /^checkInDate "2026-12-32" is not a date/],
    [{ checkOutDate: '2026-12-01' }, /^checkOutDate 2026-12-01 is not after checkInDate 2026-12-01/],
    [{ checkInTime: '3 PM' }, /^checkInTime "3 PM" is not a time/],
    [{ type: 'blocked' }, /^type "blocked" is not a guest stay/],
  ])('refuses %j, naming the field', (change, message) => {
    expect(() => toMirrorRecord({ ...stay, ...change })).toThrow(message);
  });
});
