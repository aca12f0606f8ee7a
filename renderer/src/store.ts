import { createContext, useContext } from 'react';
import { createStore, useStore, type StateCreator, type StoreApi } from 'zustand';
import type { ApiError, CallArgs, CallName, CallResult, Screen, SentinelApi } from '../../shared/contract.js';
import { createChannelSlice, type ChannelSlice } from './features/channel/channel-slice.js';
import { createHotelSlice, type HotelSlice } from './features/hotel/hotel-slice.js';
import { createChannelSetupSlice, type ChannelSetupSlice } from './features/reservations/channel-setup-slice.js';
import { createHousekeepingSlice, type HousekeepingSlice } from './features/housekeeping/housekeeping-slice.js';
import { createJobsSlice, type JobsSlice } from './features/jobs/jobs-slice.js';
import { createNotificationsSlice, type NotificationsSlice } from './features/notifications/notifications-slice.js';
import { createRatesSlice, type RatesSlice } from './features/rates/rates-slice.js';
import { createReconciliationSlice, type ReconciliationSlice } from './features/reconciliation/reconciliation-slice.js';
import { createReservationsSlice, type ReservationsSlice } from './features/reservations/reservations-slice.js';
import { createSettingsSlice, type SettingsSlice } from './features/settings/settings-slice.js';
import { createSyncSlice, type SyncSlice } from './features/sync/sync-slice.js';

export type { Screen };

interface ShellSlice {
  screen: Screen;
  showScreen(screen: Screen): void;
  /** The last refusal or failure of a call, shown until dismissed. */
  problem: ApiError | null;
  dismissProblem(): void;
  /** Runs a call; a refusal lands in `problem` and yields null. */
  run<K extends CallName>(name: K, args: CallArgs<K>): Promise<CallResult<K> | null>;
}

export type AppState = ShellSlice &
  SyncSlice &
  JobsSlice &
  RatesSlice &
  NotificationsSlice &
  HousekeepingSlice &
  ReconciliationSlice &
  ReservationsSlice &
  ChannelSetupSlice &
  ChannelSlice &
  HotelSlice &
  SettingsSlice;
export type AppSlice<T> = StateCreator<AppState, [], [], T>;

const createShellSlice =
  (api: SentinelApi): AppSlice<ShellSlice> =>
  (set) => ({
    screen: 'rates',
    showScreen: (screen) => set({ screen }),
    problem: null,
    dismissProblem: () => set({ problem: null }),
    async run(name, args) {
      const outcome = await api.call(name, args);
      if (outcome.ok) return outcome.data;
      set({ problem: outcome.error });
      return null;
    },
  });

/** One store of slices; pushed events keep it current, nothing polls. */
export function createAppStore(api: SentinelApi): StoreApi<AppState> {
  const store = createStore<AppState>()((...a) => ({
    ...createShellSlice(api)(...a),
    ...createSyncSlice(...a),
    ...createJobsSlice(...a),
    ...createRatesSlice(...a),
    ...createNotificationsSlice(...a),
    ...createHousekeepingSlice(api)(...a),
    ...createReconciliationSlice(...a),
    ...createReservationsSlice(...a),
    ...createChannelSetupSlice(...a),
    ...createChannelSlice(...a),
    ...createHotelSlice(...a),
    ...createSettingsSlice(...a),
  }));
  api.subscribe('sync/changed', (status) => store.setState({ sync: status }));
  api.subscribe('job/changed', (job) => store.getState().jobChanged(job));
  // The first room import ends: the walk-in form and blocks have their room types and rooms.
  api.subscribe('job/changed', (job) => job.type === 'channel/import-rooms' && job.status === 'done' && void store.getState().loadMappings());
  api.subscribe('rates/changed', ({ cells }) => store.getState().ratesChanged(cells));
  api.subscribe('notification/new', (notification) => store.getState().notificationArrived(notification));
  api.subscribe('notification/changed', (notification) => store.getState().notificationChanged(notification));
  api.subscribe('notifications/read', ({ unread }) => store.setState({ unread }));
  api.subscribe('housekeeping/changed', ({ date }) => store.getState().housekeepingChanged(date));
  api.subscribe('reconciliation/changed', (run) => store.getState().reconciliationChanged(run));
  api.subscribe('reservation/changed', ({ reservations }) => store.getState().reservationsChanged(reservations));
  api.subscribe('channel/event', (event) => store.getState().channelEventChanged(event));
  // The open stay's panel shows its events and jobs as they change.
  api.subscribe('channel/event', (event) => store.getState().followOpenReservation({ kind: 'event', event }));
  api.subscribe('job/changed', (job) => store.getState().followOpenReservation({ kind: 'job', job }));
  api.subscribe('hotel/changed', (details) => store.getState().hotelChanged(details));
  api.subscribe('settings/changed', (settings) => store.getState().settingsChanged(settings));
  // The desktop host asks for a screen when an OS notification or a tray item is clicked.
  api.subscribe('app/navigate', ({ screen }) => store.getState().showScreen(screen));
  return store;
}

export const StoreContext = createContext<StoreApi<AppState> | null>(null);

export function useApp<T>(selector: (state: AppState) => T): T {
  const store = useContext(StoreContext);
  if (!store) throw new Error('useApp outside StoreContext');
  return useStore(store, selector);
}
