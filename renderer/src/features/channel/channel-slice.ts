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

/**
 * Events pushed while a page was on its way are newer than the page: they win. (The page's
 * answer may be written before a pushed change and arrive after it.)
 */
let pushedSinceLoad = new Map<number, ChannelEvent>();
const newest = (items: ChannelEvent[]) =>
  items.map((item) => {
    const pushed = pushedSinceLoad.get(item.id);
    return pushed && pushed.updatedAt >= item.updatedAt ? pushed : item;
  });

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
    pushedSinceLoad = new Map();
    const page = await get().run('channel/events', { filter, limit: PAGE });
    if (page && get().channelFilter === filter) set({ channelEvents: newest(page.items), channelCursor: page.nextCursor });
  },
  async loadMoreChannelEvents() {
    const { channelCursor: cursor, channelFilter: filter } = get();
    if (!cursor || !filter) return;
    const page = await get().run('channel/events', { filter, cursor, limit: PAGE });
    if (page && get().channelFilter === filter) set((state) => ({ channelEvents: [...state.channelEvents, ...newest(page.items)], channelCursor: page.nextCursor }));
  },
  async retryChannelEvent(id) {
    // Its answer may come after the pushed events of the run it started: those tell the status.
    await get().run('channel/retry', { id });
  },
  async retryAllChannelEvents() {
    const { status: _status, ...filter } = get().channelFilter ?? {};
    const answer = await get().run('channel/retry-all', { filter });
    return answer?.count ?? 0;
  },
  channelEventChanged(event) {
    pushedSinceLoad.set(event.id, event);
    const filter = get().channelFilter;
    if (!filter) return;
    set((state) => {
      const shown = state.channelEvents.find((item) => item.id === event.id);
      // An answer can arrive after pushed events that are newer: an older copy changes nothing.
      if (shown && event.updatedAt < shown.updatedAt) return {};
      if (!matchesChannelFilter(event, filter)) return shown ? { channelEvents: state.channelEvents.filter((item) => item.id !== event.id) } : {};
      if (shown) return { channelEvents: state.channelEvents.map((item) => (item.id === event.id ? event : item)) };
      // Newest first: a new event goes on top.
      return { channelEvents: [event, ...state.channelEvents].sort((a, b) => b.id - a.id) };
    });
  },
});
