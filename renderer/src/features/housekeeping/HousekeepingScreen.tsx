import type { HousekeepingDayStatus } from '../../../../shared/contract.js';
import { useHotelClock } from '../../hotel-clock.js';
import { useApp } from '../../store.js';
import { timeAgo } from '../notifications/time-ago.js';
import { CleaningGroups } from './CleaningGroups.js';
import { useHousekeepingOnOpen, useReloadAtNextChange, useTabKeys } from './housekeeping-hooks.js';
import { dayLabel } from './housekeeping-slice.js';
import './housekeeping.css';

/** 24-hour, as MaidCentral's scheduled times are shown. */

/** What a day's tab says under its date. */
function tabNote(day: HousekeepingDayStatus): string {
  if (day.state === 'failed') return day.fetchedAt ? 'Last fetch failed' : 'Fetch failed';
  if (day.state === 'missing') return day.fetching ? 'Fetching…' : 'Not fetched';
  return `${day.cleanings} ${day.cleanings === 1 ? 'cleaning' : 'cleanings'}`;
}

/** Housekeeping: the MaidCentral schedule of the next seven days, as stored, by person and by team. */
export function HousekeepingScreen() {
  const status = useApp((state) => state.housekeepingStatus);
  const date = useApp((state) => state.housekeepingDate);
  const pick = useApp((state) => state.pickHousekeepingDay);
  const refresh = useApp((state) => state.refreshHousekeeping);
  const asked = useApp((state) => state.housekeepingRefreshing);
  useHousekeepingOnOpen();
  useReloadAtNextChange();
  const hotel = useHotelClock();
  const days = status?.days ?? [];
  const current = Math.max(0, days.findIndex((day) => day.date === date));
  const { tabs, onKeyDown } = useTabKeys(days.length, current, (index) => void pick(days[index]!.date));

  if (!status) return <section className="screen"><div className="empty">Loading housekeeping…</div></section>;
  const busy = asked || status.refreshing;
  return (
    <section className="screen housekeeping-screen">
      <div className="toolbar">
        <h1>Housekeeping</h1>
        <span className="muted" data-testid="next-run">
          {status.schedule.nextRunAt ? `Next fetch from MaidCentral at ${hotel.clock(status.schedule.nextRunAt)}` : 'Fetched from MaidCentral every hour'}
        </span>
        <button type="button" className="primary" onClick={() => void refresh()} disabled={asked} aria-describedby="refresh-note">
          {busy ? 'Refreshing…' : 'Refresh now'}
        </button>
        <span id="refresh-note" className="visually-hidden">
          Fetches the staff and the next seven days from MaidCentral now
        </span>
      </div>
      {!status.connected && (
        <p className="banner banner-warn" role="status">
          MaidCentral is not connected: add its credentials in Settings. The days already stored are still shown.
        </p>
      )}
      <div className="day-tabs" role="tablist" aria-label="Day" onKeyDown={onKeyDown}>
        {days.map((day, index) => {
          const selected = index === current;
          return (
            <button
              key={day.date}
              ref={(element) => void (tabs.current[index] = element)}
              type="button"
              role="tab"
              id={`day-tab-${day.date}`}
              aria-selected={selected}
              aria-controls="housekeeping-day"
              tabIndex={selected ? 0 : -1}
              className={`day-tab day-${day.state}${day.fetching ? ' fetching' : ''}`}
              data-date={day.date}
              onClick={() => void pick(day.date)}
            >
              <strong>{index === 0 ? `Today · ${dayLabel(day.date).short}` : dayLabel(day.date).short}</strong>
              <small>{tabNote(day)}</small>
            </button>
          );
        })}
      </div>
      {days[current] && <DayPanel status={days[current]} />}
    </section>
  );
}

/** The picked day: when it was fetched, what went wrong if anything, and its cleanings. */
function DayPanel({ status }: { status: HousekeepingDayStatus }) {
  const day = useApp((state) => state.housekeepingDay);
  const error = useApp((state) => state.housekeepingError);
  const shown = day?.date === status.date ? day : null;
  const now = Date.now();
  const hotel = useHotelClock();

  return (
    <div className="day-panel" role="tabpanel" id="housekeeping-day" aria-labelledby={`day-tab-${status.date}`} tabIndex={0}>
      <header className="day-header">
        <h2>{dayLabel(status.date).long}</h2>
        <span className="muted" data-testid="fetched-at">
          {status.fetchedAt ? `Fetched at ${hotel.clock(status.fetchedAt)} (${timeAgo(status.fetchedAt, now)})` : 'Never fetched'}
          {status.fetching && (status.fetchedAt ? ' · fetching again…' : ' · fetching…')}
        </span>
        {shown && shown.cleanings.length > 0 && (
          <span className="day-counts" aria-label="Cleanings by state">
            <span className="pill pill-clean-done">{shown.counts.done} done</span>
            <span className="pill pill-clean-in_progress">{shown.counts.in_progress} in progress</span>
            <span className="pill pill-clean-not_started">{shown.counts.not_started} not started</span>
          </span>
        )}
      </header>
      {error && (
        <p className="banner banner-error" role="alert">
          {error.message.replace(/^date: /, '')}
        </p>
      )}
      {status.state === 'failed' && status.lastError && !error && (
        <p className={`banner ${status.fetchedAt ? 'banner-warn' : 'banner-error'}`} role="status">
          The last fetch of this day failed{status.failedAt ? ` at ${hotel.clock(status.failedAt)}` : ''}: {status.lastError}.{' '}
          {status.fetchedAt ? `Showing the copy fetched at ${hotel.clock(status.fetchedAt)}.` : ''}{' '}
          {status.fetching ? 'It is being fetched again.' : 'It is fetched again at the next hour, or press Refresh now.'}
        </p>
      )}
      <DayBody status={status} failedWithoutCopy={status.state === 'failed' && !status.fetchedAt} />
    </div>
  );
}

/** The day's cleanings, or why there are none to show. */
function DayBody({ status, failedWithoutCopy }: { status: HousekeepingDayStatus; failedWithoutCopy: boolean }) {
  const day = useApp((state) => state.housekeepingDay);
  const error = useApp((state) => state.housekeepingError);
  const groupBy = useApp((state) => state.housekeepingGroupBy);
  const setGroupBy = useApp((state) => state.groupHousekeepingBy);
  const shown = day?.date === status.date ? day : null;
  // A refusal or a failed first fetch is said above, in its banner.
  if (error || failedWithoutCopy) return null;
  if (status.state === 'missing') {
    return (
      <div className="empty">
        {status.fetching ? 'This day has not been fetched yet; it is on its way from MaidCentral.' : 'This day has not been fetched yet. Press Refresh now to fetch it.'}
      </div>
    );
  }
  if (!shown) return <div className="empty">Reading the stored day…</div>;
  if (shown.cleanings.length === 0) return <div className="empty">No cleanings are scheduled for this day.</div>;
  return (
    <>
      <div className="group-by" role="group" aria-label="Group cleanings by">
        <span className="muted">Group by</span>
        <button type="button" aria-pressed={groupBy === 'person'} onClick={() => setGroupBy('person')}>
          Person
        </button>
        <button type="button" aria-pressed={groupBy === 'team'} onClick={() => setGroupBy('team')}>
          Team
        </button>
        <span className="muted state-rule">
          States follow the schedule on the hotel’s clock (as of {shown.asOf.slice(11)}): done once a cleaning’s end has passed, in progress
          between its start and end.
        </span>
      </div>
      <CleaningGroups day={shown} groupBy={groupBy} />
    </>
  );
}
