import { useState, type FormEvent } from 'react';
import type { RoomTypeInfo } from '../../../../shared/rates-contract.js';
import { bulkEdits, type CellEdit } from './pending-edits.js';
import { parseRateInput } from './rate-input.js';

const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

interface BulkEditPanelProps {
  roomTypes: RoomTypeInfo[];
  dates: string[];
  onApply(edits: CellEdit[]): void;
  onClose(): void;
}

/** Sets one rate for chosen room types on chosen weekdays in a date range; the cells become pending. */
export function BulkEditPanel({ roomTypes, dates, onApply, onClose }: BulkEditPanelProps) {
  const [roomTypeIds, setRoomTypeIds] = useState<number[]>(() => roomTypes.map((roomType) => roomType.id));
  const [from, setFrom] = useState(dates[0] ?? '');
  const [to, setTo] = useState(dates.at(-1) ?? '');
  const [weekdays, setWeekdays] = useState<Set<number>>(() => new Set([0, 1, 2, 3, 4, 5, 6]));
  const [value, setValue] = useState('');
  const [reason, setReason] = useState<string | null>(null);

  const toggle = <T,>(list: Set<T>, item: T) => {
    const next = new Set(list);
    if (next.has(item)) next.delete(item);
    else next.add(item);
    return next;
  };

  function apply(event: FormEvent) {
    event.preventDefault();
    const parsed = parseRateInput(value);
    if (!parsed.ok) return setReason(parsed.reason);
    if (!from || !to || to < from) return setReason('The end date must not be before the start date');
    if (roomTypeIds.length === 0) return setReason('Choose at least one room type');
    if (weekdays.size === 0) return setReason('Choose at least one weekday');
    const edits = bulkEdits({ roomTypeIds, from, to, weekdays, rate: parsed.rate }, { roomTypeIds: roomTypes.map((roomType) => roomType.id), dates });
    if (edits.length === 0) return setReason('No dates in the grid match those days');
    setReason(null);
    onApply(edits);
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
          From <input type="date" value={from} min={dates[0]} max={dates.at(-1)} onChange={(event) => setFrom(event.target.value)} />
        </label>
        <label>
          To <input type="date" value={to} min={dates[0]} max={dates.at(-1)} onChange={(event) => setTo(event.target.value)} />
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
        <input aria-label="Bulk rate" inputMode="decimal" value={value} onChange={(event) => setValue(event.target.value)} placeholder="e.g. 149" />
        <button type="submit">Set rates</button>
        <button type="button" onClick={onClose}>
          Close
        </button>
        {reason && (
          <span className="error-text" role="alert">
            {reason}
          </span>
        )}
      </fieldset>
    </form>
  );
}
