import type { ReservationItem } from '../../../../shared/reconciliation-contract.js';
import type { AppSlice } from '../../store.js';

export interface ReservationsFilter {
  from: string;
  text: string;
  /** Empty: every source. */
  source: ReservationItem['source'] | '';
  status: ReservationItem['status'] | '';
}

export interface ReservationsSlice {
  reservations: ReservationItem[];
  reservationsCursor: string | null;
  reservationsFilter: ReservationsFilter | null;
  /** PINs the person chose to see, by reservation id; kept in memory only, until hidden. */
  revealedPins: ReadonlyMap<number, string>;
  loadReservations(filter: ReservationsFilter): Promise<void>;
  loadMoreReservations(): Promise<void>;
  revealPin(id: number): Promise<void>;
  hidePin(id: number): void;
  /** Puts the stay's failed PIN job back in the queue (`jobs/retry`). */
  retryPin(jobId: number): Promise<void>;
  reservationsChanged(items: readonly ReservationItem[]): void;
}

const PAGE = 100;

const argsOf = (filter: ReservationsFilter) => ({
  from: filter.from,
  ...(filter.text.trim() ? { text: filter.text.trim() } : {}),
  ...(filter.source ? { source: [filter.source] } : {}),
  ...(filter.status ? { status: [filter.status] } : {}),
  limit: PAGE,
});

/** The list with the host's newer copies of some items; a PIN gone from a stay is hidden again. */
export function withItems(list: readonly ReservationItem[], items: readonly ReservationItem[]): ReservationItem[] {
  const byId = new Map(items.map((item) => [item.id, item]));
  return list.map((item) => byId.get(item.id) ?? item);
}

export const createReservationsSlice: AppSlice<ReservationsSlice> = (set, get) => ({
  reservations: [],
  reservationsCursor: null,
  reservationsFilter: null,
  revealedPins: new Map(),
  async loadReservations(filter) {
    set({ reservationsFilter: filter });
    const page = await get().run('reservations/list', argsOf(filter));
    // A later filter's answer may have come first: keep only the latest one's.
    if (page && get().reservationsFilter === filter) set({ reservations: page.items, reservationsCursor: page.nextCursor });
  },
  async loadMoreReservations() {
    const { reservationsCursor: cursor, reservationsFilter: filter } = get();
    if (!cursor || !filter) return;
    const page = await get().run('reservations/list', { ...argsOf(filter), cursor });
    if (page && get().reservationsFilter === filter) {
      set((state) => ({ reservations: [...state.reservations, ...page.items], reservationsCursor: page.nextCursor }));
    }
  },
  async revealPin(id) {
    const pin = await get().run('reservations/reveal-pin', { id });
    if (pin) set((state) => ({ revealedPins: new Map(state.revealedPins).set(id, pin.code) }));
  },
  hidePin(id) {
    set((state) => {
      const revealedPins = new Map(state.revealedPins);
      revealedPins.delete(id);
      return { revealedPins };
    });
  },
  async retryPin(jobId) {
    await get().run('jobs/retry', { id: jobId });
  },
  reservationsChanged(items) {
    const filter = get().reservationsFilter;
    // A stay the list does not show yet (a channel booking just in, a walk-in): read the page again.
    const known = new Set(get().reservations.map((item) => item.id));
    if (items.length === 0 || items.some((item) => !known.has(item.id))) {
      if (filter) void get().loadReservations(filter);
      if (items.length === 0) return;
    }
    get().followOpenReservation({ kind: 'reservations', ids: items.map((item) => item.id) });
    set((state) => {
      const revealedPins = new Map(state.revealedPins);
      for (const item of items) if (!item.pin.hasCode) revealedPins.delete(item.id);
      return { reservations: withItems(state.reservations, items), revealedPins };
    });
  },
});
