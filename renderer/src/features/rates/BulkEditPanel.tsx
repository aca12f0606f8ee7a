import { useState, type FormEvent } from 'react';
import type { RoomTypeInfo } from '../../../../shared/rates-contract.js';
import { bulkKeys, changeCells, type CellEdit, type InvalidEntry } from './pending-edits.js';
import { parseRateChange, ROUNDING_LABEL, ROUNDINGS, type Rounding } from './rate-change.js';
import { formatDay } from '../../../../shared/hotel-time.js';

const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

interface BulkEditPanelProps {
  roomTypes: RoomTypeInfo[];
  dates: string[];
  /** Where it starts: the selected cells' room types and dates, never the whole year. */
  initial: { roomTypeIds: number[]; from: string; to: string };
  /** Each cell's rate now (its pending edit, else the host's), for relative changes. */
  rateAt(key: string): number | undefined;
  onApply(edits: CellEdit[], invalid: InvalidEntry[]): void;
  onClose(): void;
}


/**
 * Sets, or changes by an amount or a percent, the rates of chosen room types on chosen weekdays
 * in a date range, rounded as chosen; the cells become pending.
 */
export function BulkEditPanel({ roomTypes, dates, initial, rateAt, onApply, onClose }: BulkEditPanelProps) {
  const [roomTypeIds, setRoomTypeIds] = useState<number[]>(initial.roomTypeIds);
  const [from, setFrom] = useState(initial.from);
  const [to, setTo] = useState(initial.to);
  const [weekdays, setWeekdays] = useState<Set<number>>(() => new Set([0, 1, 2, 3, 4, 5, 6]));
  const [value, setValue] = useState('');
  const [rounding, setRounding] = useState<Rounding>('cent');
  const [message, setMessage] = useState<{ error: boolean; text: string } | null>(null);

  const toggle = <T,>(list: Set<T>, item: T) => {
    const next = new Set(list);
    if (next.has(item)) next.delete(item);
    else next.add(item);
    return next;
  };

  function apply(event: FormEvent) {
    event.preventDefault();
    const parsed = parseRateChange(value);
    if (!parsed.ok) return setMessage({ error: true, text: parsed.reason });
    if (to < from) return setMessage({ error: true, text: 'The end date must not be before the start date' });
    if (roomTypeIds.length === 0) return setMessage({ error: true, text: 'Choose at least one room type' });
    if (weekdays.size === 0) return setMessage({ error: true, text: 'Choose at least one weekday' });
    const keys = bulkKeys({ roomTypeIds, from, to, weekdays }, { roomTypeIds: roomTypes.map((roomType) => roomType.id), dates });
    if (keys.length === 0) return setMessage({ error: true, text: 'No dates in the grid match those days' });
    const { edits, invalid, skipped } = changeCells(keys, rateAt, parsed.change, rounding);
    onApply(edits, invalid);
    const notes = [`${edits.length} ${edits.length === 1 ? 'rate' : 'rates'} changed`];
    if (invalid.length > 0) notes.push(`${invalid.length} would not be a rate (marked in the grid)`);
    if (skipped > 0) notes.push(`${skipped} without a rate left alone`);
    setMessage({ error: invalid.length > 0, text: `${notes.join('; ')}.` });
  }

  return (
    <form className="bulk-edit" aria-label="Bulk edit" onSubmit={apply}>
      <fieldset>
        <legend>Room types</legend>
        {roomTypes.map((roomType) => (
          <label key={roomType.id}>
            <input
              type="checkbox"
              checked={roomTypeIds.includes(roomType.id)}
              onChange={() => setRoomTypeIds([...toggle(new Set(roomTypeIds), roomType.id)])}
            />
            {roomType.name}
          </label>
        ))}
      </fieldset>
      <fieldset>
        <legend>Dates</legend>
        <label>
          From{' '}
          <select aria-label="From" value={from} onChange={(event) => setFrom(event.target.value)}>
            {dates.map((date) => (
              <option key={date} value={date}>
                {formatDay(date)}
              </option>
            ))}
          </select>
        </label>
        <label>
          To{' '}
          <select aria-label="To" value={to} onChange={(event) => setTo(event.target.value)}>
            {dates.map((date) => (
              <option key={date} value={date}>
                {formatDay(date)}
              </option>
            ))}
          </select>
        </label>
      </fieldset>
      <fieldset>
        <legend>Weekdays</legend>
        {WEEKDAYS.map((day, index) => (
          <label key={day}>
            <input type="checkbox" checked={weekdays.has(index)} onChange={() => setWeekdays(toggle(weekdays, index))} />
            {day}
          </label>
        ))}
      </fieldset>
      <fieldset>
        <legend>Rate</legend>
        <input
          aria-label="Bulk rate"
          aria-describedby="bulk-rate-help"
          inputMode="decimal"
          value={value}
          onChange={(event) => setValue(event.target.value)}
          placeholder="149, +10, -5 %"
        />
        <select aria-label="Round" value={rounding} onChange={(event) => setRounding(event.target.value as Rounding)}>
          {ROUNDINGS.map((option) => (
            <option key={option} value={option}>
              Round {ROUNDING_LABEL[option]}
            </option>
          ))}
        </select>
        <button type="submit">Set rates</button>
        <button type="button" onClick={onClose}>
          Close
        </button>
        <small id="bulk-rate-help" className="muted">
          A rate sets it; +10 or −5 moves each rate by that much; +10% or −15% by that share.
        </small>
        {message && (
          <span className={message.error ? 'error-text' : 'muted'} role={message.error ? 'alert' : 'status'}>
            {message.text}
          </span>
        )}
      </fieldset>
    </form>
  );
}
