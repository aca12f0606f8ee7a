import { useEffect, type ReactElement } from 'react';
import { ChannelEventsScreen } from './features/channel/ChannelEventsScreen.js';
import { HotelIdentity } from './features/hotel/HotelIdentity.js';
import { HousekeepingScreen } from './features/housekeeping/HousekeepingScreen.js';
import { JobsScreen } from './features/jobs/JobsScreen.js';
import { NotificationBell } from './features/notifications/NotificationBell.js';
import { RatesScreen } from './features/rates/RatesScreen.js';
import { ReconciliationScreen } from './features/reconciliation/ReconciliationScreen.js';
import { ReservationsScreen } from './features/reservations/ReservationsScreen.js';
import { SettingsScreen } from './features/settings/SettingsScreen.js';
import { WelcomePanel } from './features/settings/WelcomePanel.js';
import { progressCounts } from './features/rates/submit-progress.js';
import { syncIndicator } from './features/sync/sync-slice.js';
import { SyncStatusScreen } from './features/sync/SyncStatusScreen.js';
import { useApp, type Screen } from './store.js';

const SCREENS: { id: Screen; label: string }[] = [
  { id: 'rates', label: 'Rates' },
  { id: 'reservations', label: 'Reservations' },
  { id: 'channel', label: 'Channel' },
  { id: 'reconciliation', label: 'Reconciliation' },
  { id: 'housekeeping', label: 'Housekeeping' },
  { id: 'activity', label: 'Activity' },
  { id: 'failed', label: 'Failed' },
  { id: 'sync', label: 'Sync status' },
];

const SCREEN_VIEWS: Record<Screen, () => ReactElement> = {
  rates: () => <RatesScreen />,
  reservations: () => <ReservationsScreen />,
  channel: () => <ChannelEventsScreen />,
  reconciliation: () => <ReconciliationScreen />,
  housekeeping: () => <HousekeepingScreen />,
  activity: () => <JobsScreen mode="activity" />,
  failed: () => <JobsScreen mode="failed" />,
  sync: () => <SyncStatusScreen />,
  settings: () => <SettingsScreen />,
};

export function App() {
  const screen = useApp((state) => state.screen);
  const showScreen = useApp((state) => state.showScreen);
  const sync = useApp((state) => state.sync);
  const loadSync = useApp((state) => state.loadSync);
  const loadSettings = useApp((state) => state.loadSettings);
  const problem = useApp((state) => state.problem);
  const dismissProblem = useApp((state) => state.dismissProblem);
  const ratesProgress = useApp((state) => state.ratesProgress);
  const indicator = syncIndicator(sync, progressCounts(ratesProgress));
  // The same count as the header's "n failed" and the Failed list: the lanes' dead letters.
  const failedCount = sync?.lanes.reduce((sum, lane) => sum + lane.depth.failed, 0) ?? 0;

  useEffect(() => {
    void loadSync();
    void loadSettings();
  }, [loadSync, loadSettings]);

  return (
    <div className="app">
      <header className="topbar">
        <HotelIdentity />
        <nav>
          {SCREENS.map((item) => (
            <button
              key={item.id}
              type="button"
              className={item.id === screen ? 'active' : ''}
              aria-current={item.id === screen ? 'page' : undefined}
              onClick={() => showScreen(item.id)}
            >
              {item.label}
              {item.id === 'failed' && failedCount > 0 && <span className="nav-count"> {failedCount}</span>}
            </button>
          ))}
        </nav>
        <span className={`indicator indicator-${indicator.tone}`} role="status" aria-label="Sync indicator">
          {indicator.text}
        </span>
        <NotificationBell />
        <button
          type="button"
          className={`settings-button${screen === 'settings' ? ' active' : ''}`}
          aria-label="Settings"
          aria-current={screen === 'settings' ? 'page' : undefined}
          title="Settings"
          onClick={() => showScreen('settings')}
        >
          <svg viewBox="0 0 24 24" width="20" height="20" aria-hidden="true" fill="currentColor">
            <path d="M19.4 13a7.6 7.6 0 0 0 0-2l2.1-1.6-2-3.5-2.5 1a7.3 7.3 0 0 0-1.7-1L15 3.2h-4l-.3 2.7a7.3 7.3 0 0 0-1.7 1l-2.5-1-2 3.5L6.6 11a7.6 7.6 0 0 0 0 2l-2.1 1.6 2 3.5 2.5-1c.5.4 1.1.7 1.7 1l.3 2.7h4l.3-2.7c.6-.3 1.2-.6 1.7-1l2.5 1 2-3.5L19.4 13zM13 15.5a3.5 3.5 0 1 1 0-7 3.5 3.5 0 0 1 0 7z" transform="translate(-1 0)" />
          </svg>
        </button>
      </header>
      {problem && (
        <div className="problem" role="alert">
          {problem.message}
          <button type="button" onClick={dismissProblem} aria-label="Dismiss">
            ×
          </button>
        </div>
      )}
      <main>{SCREEN_VIEWS[screen]()}</main>
      <WelcomePanel />
    </div>
  );
}
