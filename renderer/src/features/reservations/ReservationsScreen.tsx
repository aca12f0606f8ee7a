import { useEffect, useState } from 'react';
import type { PinState, ReservationItem } from '../../../../shared/reconciliation-contract.js';
import { dateAt, formatDay } from '../../../../shared/hotel-time.js';
import { useHotelClock, useHotelTimeZone } from '../../hotel-clock.js';
import { LabelOptions, ShowMore } from '../../list-controls.js';
import { useApp } from '../../store.js';
import { BlocksPanel } from './BlocksPanel.js';
import { ReservationPanel } from './ReservationPanel.js';
import { WalkInForm } from './WalkInForm.js';

const SOURCE_LABEL: Record<ReservationItem['source'], string> = { cloudbeds: 'Cloudbeds', beds24: 'Beds24', stays: 'Stays', local: 'Walk-in' };
const STATUS_LABEL: Record<ReservationItem['status'], string> = {
  confirmed: 'Confirmed',
  cancelled: 'Cancelled',
  checked_in: 'Checked in',
  checked_out: 'Checked out',
  no_show: 'No-show',
};
const PIN_LABEL: Record<PinState, string> = { none: 'No PIN', scheduled: 'Scheduled', active: 'Active', revoked: 'Revoked', failed: 'Failed' };
const PIN_PILL: Record<PinState, string> = { none: 'cancelled', scheduled: 'queued', active: 'done', revoked: 'cancelled', failed: 'failed' };


/** The reservation mirror: stays from every source, with their door PIN (masked until revealed). */
export function ReservationsScreen() {
  const items = useApp((state) => state.reservations);
  const cursor = useApp((state) => state.reservationsCursor);
  const load = useApp((state) => state.loadReservations);
  const loadMore = useApp((state) => state.loadMoreReservations);
  const timeZone = useHotelTimeZone();
  // The hotel's today, not the machine's.
  const [from, setFrom] = useState(() => dateAt(Date.now(), timeZone));
  const [text, setText] = useState('');
  const [source, setSource] = useState<ReservationItem['source'] | ''>('');
  const [status, setStatus] = useState<ReservationItem['status'] | ''>('');
  const loadMappings = useApp((state) => state.loadMappings);
  const loadBlocks = useApp((state) => state.loadBlocks);
  const opened = useApp((state) => state.openReservation !== null);
  const today = dateAt(Date.now(), timeZone);

  useEffect(() => {
    void load({ from, text, source, status });
  }, [load, from, text, source, status]);
  useEffect(() => {
    void loadMappings();
    void loadBlocks();
  }, [loadMappings, loadBlocks]);

  return (
    <section className={`screen reservations-screen${opened ? ' with-detail' : ''}`}>
      <div className="toolbar">
        <h1>Reservations</h1>
        <label>
          From{' '}
          <input type="date" aria-label="From" value={from} onChange={(event) => event.target.value && setFrom(event.target.value)} />
        </label>
        <input type="search" aria-label="Search reservations" placeholder="Guest, code, channel, room…" value={text} onChange={(event) => setText(event.target.value)} />
        <select aria-label="Source" value={source} onChange={(event) => setSource(event.target.value as typeof source)}>
          <option value="">Every source</option>
          <LabelOptions labels={SOURCE_LABEL} />
        </select>
        <select aria-label="Status" value={status} onChange={(event) => setStatus(event.target.value as typeof status)}>
          <option value="">Any status</option>
          <LabelOptions labels={STATUS_LABEL} />
        </select>
      </div>
      <ReservationPanel />
      <div className="desk">
        <WalkInForm today={today} />
        <BlocksPanel today={today} />
      </div>
      {items.length === 0 ? (
        <p className="empty">No stays from {formatDay(from)} on{text ? ` matching "${text}"` : ''}. Stays arrive with each reconciliation run, channel bookings as Beds24 sends them.</p>
      ) : (
        <table className="jobs reservations" aria-label="Reservations">
          <thead>
            <tr>
              <th>Reservation</th>
              <th>Source</th>
              <th>Room</th>
              <th>Arrival</th>
              <th>Departure</th>
              <th>Status</th>
              <th>Door PIN</th>
              <th>Code</th>
            </tr>
          </thead>
          <tbody>
            {items.map((item) => (
              <ReservationRow key={item.id} item={item} />
            ))}
          </tbody>
        </table>
      )}
      <ShowMore cursor={cursor} onMore={() => void loadMore()} />
    </section>
  );
}

function ReservationRow({ item }: { item: ReservationItem }) {
  const revealed = useApp((state) => state.revealedPins.get(item.id));
  const revealPin = useApp((state) => state.revealPin);
  const hidePin = useApp((state) => state.hidePin);
  const retryPin = useApp((state) => state.retryPin);
  const { pin } = item;
  const hotel = useHotelClock();
  const show = useApp((state) => state.showReservation);
  return (
    <tr data-reservation-id={item.id}>
      <td>
        <button type="button" className="link" onClick={() => void show(item.id)}>
          <strong>{item.guestName}</strong>
        </button>
        {item.channel && <div className="muted">{item.channel}</div>}
      </td>
      <td>{SOURCE_LABEL[item.source]}</td>
      <td>{item.room ?? '—'}</td>
      <td>{formatDay(item.arrival)}</td>
      <td>{formatDay(item.departure)}</td>
      <td>{STATUS_LABEL[item.status]}</td>
      <td>
        <span className={`pill pill-${PIN_PILL[pin.state]}`} data-pin-state={pin.state}>
          {PIN_LABEL[pin.state]}
        </span>
        {pin.startsAt && pin.state !== 'revoked' && (
          <div className="muted">
            {hotel.instant(pin.startsAt)} – {pin.endsAt ? hotel.instant(pin.endsAt) : ''}
          </div>
        )}
        {pin.state === 'failed' && (
          <div className="error-text">
            {pin.error}{' '}
            {pin.failedJobId !== null && (
              <button type="button" onClick={() => void retryPin(pin.failedJobId!)} aria-label={`Retry door PIN for ${item.guestName}`}>
                Retry
              </button>
            )}
          </div>
        )}
      </td>
      <td className="pin-cell">
        {pin.hasCode &&
          (revealed ? (
            <>
              <code className="pin" aria-label={`Door PIN for ${item.guestName}`}>
                {revealed}
              </code>{' '}
              <button type="button" onClick={() => hidePin(item.id)} aria-label={`Hide door PIN for ${item.guestName}`}>
                Hide
              </button>
            </>
          ) : (
            <>
              <span className="pin masked" aria-label="PIN hidden">
                ••••••
              </span>{' '}
              <button type="button" onClick={() => void revealPin(item.id)} aria-label={`Reveal door PIN for ${item.guestName}`}>
                Reveal
              </button>
            </>
          ))}
      </td>
    </tr>
  );
}
