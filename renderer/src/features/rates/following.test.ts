import { describe, expect, it } from 'vitest';
import type { RateCell, RoomTypeInfo } from '../../../../shared/rates-contract.js';
import { followingRates } from './following.js';
import { cellKey } from './pending-edits.js';

const roomTypes: RoomTypeInfo[] = [
  { id: 1, name: 'Standard', shortName: 'STD', differential: { kind: 'amount', value: 0 } },
  { id: 2, name: 'Single', shortName: 'SGL', differential: { kind: 'percent', value: -25 } },
  { id: 3, name: 'Superior', shortName: 'SUP', differential: { kind: 'percent', value: 20 } },
];
const cell = (roomTypeId: number, date: string, byHand: boolean): RateCell => ({
  roomTypeId,
  date,
  rate: 100,
  state: 'synced',
  error: null,
  jobId: 1,
  byHand,
  closed: false,
});

describe('followingRates', () => {
  it('moves the other room types of a night with a pending base rate, except those set by hand or typed too', () => {
    const cells = new Map([[cellKey(3, '2026-12-05'), cell(3, '2026-12-05', true)]]);
    const pending = new Map([
      [cellKey(1, '2026-12-05'), 200],
      [cellKey(1, '2026-12-06'), 150],
      [cellKey(2, '2026-12-06'), 99],
    ]);
    expect([...followingRates(pending, { roomTypes, cells })]).toEqual([
      [cellKey(2, '2026-12-05'), 150],
      [cellKey(3, '2026-12-06'), 180],
    ]);
  });

  it('moves nothing for a pending rate of another room type, or when no room type is the base', () => {
    const pending = new Map([[cellKey(2, '2026-12-05'), 80]]);
    expect(followingRates(pending, { roomTypes, cells: new Map() }).size).toBe(0);
    const noBase = roomTypes.map((roomType, i) => (i === 0 ? { ...roomType, differential: { kind: 'amount' as const, value: 10 } } : roomType));
    expect(followingRates(new Map([[cellKey(1, '2026-12-05'), 200]]), { roomTypes: noBase, cells: new Map() }).size).toBe(0);
  });
});
