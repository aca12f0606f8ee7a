import { useEffect, useState } from 'react';
import type { ChannelEvent, ChannelEventFilter } from '../../../../shared/channel-contract.js';
import { useHotelClock } from '../../hotel-clock.js';
import { LabelOptions, ShowMore } from '../../list-controls.js';
import { useApp } from '../../store.js';

const STATUS_LABEL: Record<ChannelEvent['status'], string> = { received: 'Received', processing: 'Applying', done: 'Done', failed: 'Failed' };
const STATUS_PILL: Record<ChannelEvent['status'], string> = { received: 'queued', processing: 'sending', done: 'done', failed: 'failed' };
const SYSTEM: Record<string, string> = { beds24: 'Beds24', cloudbeds: 'Cloudbeds' };
const EVENT_WORDS: Record<string, string> = {
  booking_created: 'New booking',
  booking_changed: 'Booking changed',
  booking_cancelled: 'Booking cancelled',
  availability: 'Availability',
};

/** What an event is about, in a few words: the booking and its stay, or the nights of availability sent. */
function subjectOf(event: ChannelEvent): string {
  const payload = event.payload as { arrival?: string; departure?: string; firstName?: string; lastName?: string; guestName?: string } | unknown[];
  if (Array.isArray(payload)) {
    const ranges = payload.reduce((sum: number, item) => sum + ((item as { calendar?: unknown[] }).calendar?.length ?? 0), 0);
    return `${payload.length} room type${payload.length === 1 ? '' : 's'}, ${ranges} date range${ranges === 1 ? '' : 's'}`;
  }
  const guest = payload.guestName ?? [payload.firstName, payload.lastName].filter(Boolean).join(' ');
  const stay = payload.arrival && payload.departure ? ` · ${payload.arrival} → ${payload.departure}` : '';
  const booking = event.externalId ? `${SYSTEM[event.system] ?? event.system} #${event.externalId}` : event.reservationId ? `Reservation ${event.reservationId}` : '';
  return [booking, guest].filter(Boolean).join(' · ') + stay;
}

/** Every event exchanged with the channel, inbound and outbound; a failed one is retried here. */
export function ChannelEventsScreen() {
  const events = useApp((state) => state.channelEvents);
  const cursor = useApp((state) => state.channelCursor);
  const load = useApp((state) => state.loadChannelEvents);
  const loadMore = useApp((state) => state.loadMoreChannelEvents);
  const retry = useApp((state) => state.retryChannelEvent);
  const retryAll = useApp((state) => state.retryAllChannelEvents);
  const hotel = useHotelClock();
  const [direction, setDirection] = useState<'' | 'inbound' | 'outbound'>('');
  const [status, setStatus] = useState<'' | ChannelEvent['status']>('');

  useEffect(() => {
    const filter: ChannelEventFilter = { ...(direction ? { direction } : {}), ...(status ? { status: [status] } : {}) };
    void load(filter);
  }, [load, direction, status]);
  const failed = events.filter((event) => event.status === 'failed').length;

  return (
    <section className="screen channel-screen">
      <div className="toolbar">
        <h1>Channel events</h1>
        <label>
          Direction{' '}
          <select aria-label="Direction" value={direction} onChange={(event) => setDirection(event.target.value as typeof direction)}>
            <option value="">In and out</option>
            <option value="inbound">From the channel</option>
            <option value="outbound">To the channel</option>
          </select>
        </label>
        <label>
          Status{' '}
          <select aria-label="Status" value={status} onChange={(event) => setStatus(event.target.value as typeof status)}>
            <option value="">Any</option>
            <LabelOptions labels={STATUS_LABEL} />
          </select>
        </label>
        <button type="button" disabled={failed === 0} onClick={() => void retryAll()}>
          Retry all failed
        </button>
      </div>
      {events.length === 0 ? (
        <p className="empty">No channel events{direction || status ? ' match these filters' : ' yet: bookings from Beds24 and changes sent to it appear here'}.</p>
      ) : (
        <table className="jobs" aria-label="Channel events">
          <thead>
            <tr>
              <th>Received</th>
              <th>Direction</th>
              <th>Event</th>
              <th>About</th>
              <th>Via</th>
              <th>Status</th>
              <th>Tries</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {events.map((event) => (
              <tr key={event.id} data-event-id={event.id}>
                <td>{hotel.instant(event.createdAt)}</td>
                <td>{event.direction === 'inbound' ? `From ${SYSTEM[event.system] ?? event.system}` : `To ${SYSTEM[event.system] ?? event.system}`}</td>
                <td>{EVENT_WORDS[event.eventType] ?? event.eventType}</td>
                <td>{subjectOf(event)}</td>
                <td>{event.via === 'app' ? 'This app' : event.via === 'webhook' ? 'Webhook' : 'Poll'}</td>
                <td>
                  <span className={`pill pill-${STATUS_PILL[event.status]}`}>{STATUS_LABEL[event.status]}</span>
                  {event.status === 'failed' && (
                    <div className="error-text">
                      {event.direction === 'inbound' ? 'Not applied' : 'Not sent'}: fix the cause (a mapping, a connection), then retry.
                      {event.lastError && (
                        <details>
                          <summary>Details</summary>
                          {event.lastError}
                        </details>
                      )}
                    </div>
                  )}
                </td>
                <td>{event.attempts}</td>
                <td>
                  {event.status === 'failed' && (
                    <button type="button" onClick={() => void retry(event.id)} aria-label={`Retry channel event ${event.id}`}>
                      Retry
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <ShowMore cursor={cursor} onMore={() => void loadMore()} />
    </section>
  );
}
