import { useApp } from '../../store.js';

/** The first start: says plainly that this is a simulated hotel, and where to connect a real one. */
export function WelcomePanel() {
  const settings = useApp((state) => state.settings);
  const updateSettings = useApp((state) => state.updateSettings);
  const showScreen = useApp((state) => state.showScreen);
  if (!settings || settings.welcomed) return null;
  const close = async (then?: () => void) => {
    if (await updateSettings({ welcomed: true })) then?.();
  };
  return (
    <div className="welcome-backdrop">
      <section className="welcome" role="dialog" aria-modal="true" aria-labelledby="welcome-title" aria-describedby="welcome-text">
        <h2 id="welcome-title">Welcome to Sentinel Control Room</h2>
        <div id="welcome-text">
          <p>
            <strong>You are in demo mode.</strong> Everything you see comes from a simulated hotel built into the app: its rates, bookings, housekeeping and door
            locks are made up, and nothing you do here reaches a real system.
          </p>
          <p>When you are ready, connect your own Cloudbeds, Beds24, Stays, MaidCentral and Seam accounts in Settings. Until then, try anything.</p>
        </div>
        <div className="actions">
          <button type="button" className="primary" onClick={() => void close(() => showScreen('settings'))}>
            Connect my hotel
          </button>
          <button type="button" onClick={() => void close()}>
            Explore the demo
          </button>
        </div>
      </section>
    </div>
  );
}
