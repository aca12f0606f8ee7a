import { baseRoomTypeOf, finalRate } from '../../../../shared/rates-contract.js';
import type { RoomTypeInfo } from '../../../../shared/rates-contract.js';
import { cellKey, splitCellKey } from './pending-edits.js';
import { formatRate } from './rate-input.js';
import type { RatesGrid } from './rates-slice.js';

/** "−25%" or "+45.00": how a room type's rate follows the base rate. */
export function differentialWords({ differential: { kind, value } }: RoomTypeInfo): string {
  const sign = value > 0 ? '+' : '−';
  return kind === 'percent' ? `${sign}${Math.abs(value)}%` : `${sign}${formatRate(Math.abs(value))}`;
}

/**
 * The rates other room types take on by following a pending change of the base room type, by
 * cell key: what the host will store with the submit (see `rates/submit`), shown before it.
 * A cell with its own pending rate, or one set by hand, does not follow.
 */
export function followingRates(pending: ReadonlyMap<string, number>, grid: Pick<RatesGrid, 'roomTypes' | 'cells'>): Map<string, number> {
  const base = baseRoomTypeOf(grid.roomTypes);
  const following = new Map<string, number>();
  if (!base) return following;
  for (const [key, rate] of pending) {
    const { roomTypeId, date } = splitCellKey(key);
    if (roomTypeId !== base.id) continue;
    for (const roomType of grid.roomTypes) {
      const other = cellKey(roomType.id, date);
      if (roomType === base || pending.has(other) || grid.cells.get(other)?.byHand) continue;
      following.set(other, finalRate(rate, roomType.differential));
    }
  }
  return following;
}
