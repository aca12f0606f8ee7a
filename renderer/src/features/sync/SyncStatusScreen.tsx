import { useHotelClock } from '../../hotel-clock.js';
import { useApp } from '../../store.js';
import { headroomText } from './sync-slice.js';

const STATE_LABEL = { online: 'Online', offline: 'Offline', paused: 'Paused', needs_sign_in: 'Needs sign-in' } as const;

/** Each connector's lane: state, queue depth, last success, rate-limit headroom, pause/resume. */
export function SyncStatusScreen() {
  const sync = useApp((state) => state.sync);
  const hotel = useHotelClock();
  const pauseSync = useApp((state) => state.pauseSync);
  const resumeSync = useApp((state) => state.resumeSync);
  if (!sync) return <p className="empty">Loading…</p>;
  const anyPaused = sync.paused || sync.lanes.some((lane) => lane.state === 'paused');
  return (
    <section className="screen">
      <div className="toolbar">
        <h1>Sync status</h1>
        <button type="button" onClick={() => void (anyPaused ? resumeSync() : pauseSync())}>
          {anyPaused ? 'Resume all' : 'Pause all sync'}
        </button>
      </div>
      {sync.storage.state !== 'ok' && (
        <p className="banner banner-error" role="alert">
          {sync.storage.message}
          {sync.storage.detail && <span className="muted"> (details: {sync.storage.detail})</span>}
        </p>
      )}
      <div className="lanes">
        {sync.lanes.map((lane) => (
          <article key={lane.lane} className="lane" data-lane={lane.lane}>
            <header>
              <h2>{lane.displayName}</h2>
              <span className={`pill pill-lane-${lane.state}`}>{STATE_LABEL[lane.state]}</span>
            </header>
            <dl>
              <dt>Queued</dt>
              <dd>{lane.depth.queued}</dd>
              <dt>Scheduled</dt>
              <dd title="Waiting for their time, such as a door PIN made 2 h before check-in">{lane.depth.scheduled}</dd>
              <dt>Sending</dt>
              <dd>{lane.depth.sending}</dd>
              <dt>Failed</dt>
              <dd>{lane.depth.failed}</dd>
              <dt>Last success</dt>
              <dd>{lane.lastSuccessAt ? hotel.instant(lane.lastSuccessAt) : 'never'}</dd>
              <dt>Connection</dt>
              <dd>
                {lane.connection === 'demo' ? (
                  <span className="pill pill-demo" title="Talks to the simulated hotel built into the app: no credentials configured">
                    Demo (simulated)
                  </span>
                ) : lane.connection === 'live' ? (
                  'Live'
                ) : lane.rateLimit ? (
                  'Not connected'
                ) : (
                  'Local'
                )}
              </dd>
              <dt>Rate limit</dt>
              <dd>{headroomText(lane)}</dd>
              <dt>Used for</dt>
              <dd>{lane.jobKinds.length > 0 ? lane.jobKinds.join(', ') : <span className="muted">nothing yet: no sync flow uses {lane.displayName}</span>}</dd>
            </dl>
            {lane.lastError && <p className="error-text">Last error: {lane.lastError}</p>}
            <button type="button" onClick={() => void (lane.state === 'paused' || lane.state === 'needs_sign_in' ? resumeSync(lane.lane) : pauseSync(lane.lane))}>
              {lane.state === 'paused' ? 'Resume' : lane.state === 'needs_sign_in' ? 'Try again' : 'Pause'}
            </button>
          </article>
        ))}
      </div>
    </section>
  );
}
