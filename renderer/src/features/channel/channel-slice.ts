import type { ChannelEvent, ChannelEventFilter } from '../../../../shared/channel-contract.js';
import type { AppSlice } from '../../store.js';

export interface ChannelSlice {
  channelEvents: ChannelEvent[];
  channelCursor: string | null;
  channelFilter: ChannelEventFilter | null;
  loadChannelEvents(filter: ChannelEventFilter): Promise<void>;
  loadMoreChannelEvents(): Promise<void>;
  retryChannelEvent(id: number): Promise<void>;
  /** Retries every failed event the filter shows (its status part aside). */
  retryAllChannelEvents(): Promise<number>;
  channelEventChanged(event: ChannelEvent): void;
}

const PAGE = 100;

/** Whether a pushed event belongs in the list the filter shows. */
export function matchesChannelFilter(event: ChannelEvent, filter: ChannelEventFilter): boolean {
  if (filter.status && !filter.status.includes(event.status)) return false;
  if (filter.direction && filter.direction !== event.direction) return false;
  return true;
}

export const createChannelSlice: AppSlice<ChannelSlice> = (set, get) => ({
  channelEvents: [],
  channelCursor: null,
  channelFilter: null,
  async loadChannelEvents(filter) {
    set({ channelFilter: filter });
    const page = await get().run('channel/events', { filter, limit: PAGE });
    if (page && get().channelFilter === filter) set({ channelEvents: page.items, channelCursor: page.nextCursor });
  },
  async loadMoreChannelEvents() {
    const { channelCursor: cursor, channelFilter: filter } = get();
    if (!cursor || !filter) return;
    const page = await get().run('channel/events', { filter, cursor, limit: PAGE });
    if (page && get().channelFilter === filter) set((state) => ({ channelEvents: [...state.channelEvents, ...page.items], channelCursor: page.nextCursor }));
  },
  async retryChannelEvent(id) {
    const event = await get().run('channel/retry', { id });
    if (event) get().channelEventChanged(event);
  },
  async retryAllChannelEvents() {
    const { status: _status, ...filter } = get().channelFilter ?? {};
    const answer = await get().run('channel/retry-all', { filter });
    return answer?.count ?? 0;
  },
  channelEventChanged(event) {
    const filter = get().channelFilter;
    if (!filter) return;
    set((state) => {
      const known = state.channelEvents.some((item) => item.id === event.id);
      if (!matchesChannelFilter(event, filter)) return known ? { channelEvents: state.channelEvents.filter((item) => item.id !== event.id) } : {};
      if (known) return { channelEvents: state.channelEvents.map((item) => (item.id === event.id ? event : item)) };
      // Newest first: a new event goes on top.
      return { channelEvents: [event, ...state.channelEvents].sort((a, b) => b.id - a.id) };
    });
  },
});
