import { formatDay } from '../../../../shared/hotel-time.js';
import { useHotelClock } from '../../hotel-clock.js';
import { useApp } from '../../store.js';

const SYSTEMS: Record<string, string> = { beds24: 'Beds24', cloudbeds: 'Cloudbeds' };

/** One reservation: where it lives in each system, and its timeline of channel events and jobs. */
export function ReservationPanel() {
  const open = useApp((state) => state.openReservation);
  const close = useApp((state) => state.closeReservation);
  const cancel = useApp((state) => state.cancelReservation);
  const hotel = useHotelClock();
  if (!open) return null;
  const { reservation, timeline } = open;
  const editable = reservation.source === 'local';
  return (
    <aside className="detail reservation-detail" aria-label={`Reservation ${reservation.guestName}`}>
      <div className="detail-head">
        <h2>{reservation.guestName}</h2>
        <button type="button" onClick={close} aria-label="Close reservation">
          ×
        </button>
      </div>
      <p>
        {formatDay(reservation.arrival)} – {formatDay(reservation.departure)} · {reservation.adults} adult{reservation.adults === 1 ? '' : 's'} ·{' '}
        <span data-status={reservation.status}>{reservation.status.replace('_', ' ')}</span>
      </p>
      <p className="muted">
        {reservation.links.length === 0
          ? 'Not at any other system yet.'
          : reservation.links.map((link) => `${SYSTEMS[link.system] ?? link.system} #${link.externalId}`).join(' · ')}
      </p>
      {editable && reservation.status !== 'cancelled' && (
        <button type="button" onClick={() => void cancel(reservation.id)}>
          Cancel reservation
        </button>
      )}
      <h3>Timeline</h3>
      <ol className="timeline" aria-label="Timeline">
        {timeline.map((entry) => (
          <li key={`${entry.kind}-${entry.id}`}>
            <span className="muted">{hotel.instant(entry.at)}</span> {entry.title} · <strong>{entry.status}</strong>
            {entry.error && (
              <details>
                <summary>Details</summary>
                {entry.error}
              </details>
            )}
          </li>
        ))}
      </ol>
    </aside>
  );
}
