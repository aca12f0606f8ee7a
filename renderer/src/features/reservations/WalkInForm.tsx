import { useState, type FormEvent } from 'react';
import { addDays } from '../../../../shared/iso-date.js';
import { useApp } from '../../store.js';

/** A walk-in at the desk: saved at once, then sent to Beds24 in the background. */
export function WalkInForm({ today }: { today: string }) {
  const mappings = useApp((state) => state.mappings);
  const createWalkIn = useApp((state) => state.createWalkIn);
  const [guestName, setGuestName] = useState('');
  const [arrival, setArrival] = useState(today);
  const [departure, setDeparture] = useState(addDays(today, 1));
  const [roomTypeId, setRoomTypeId] = useState('');
  const [adults, setAdults] = useState('1');
  const types = mappings?.roomTypes ?? [];

  async function submit(event: FormEvent) {
    event.preventDefault();
    const chosen = Number(roomTypeId || types[0]?.roomTypeId);
    const made = await createWalkIn({ guestName, arrival, departure, roomTypeId: chosen, adults: Number(adults) });
    if (made) setGuestName('');
  }

  return (
    <form className="walk-in" aria-label="New walk-in" onSubmit={(event) => void submit(event)}>
      <h2>New walk-in</h2>
      <label>
        Guest <input required value={guestName} onChange={(event) => setGuestName(event.target.value)} />
      </label>
      <label>
        Room type{' '}
        <select value={roomTypeId} onChange={(event) => setRoomTypeId(event.target.value)}>
          {types.map((type) => (
            <option key={type.roomTypeId} value={type.roomTypeId}>
              {type.name}
            </option>
          ))}
        </select>
      </label>
      <label>
        Arrival <input type="date" required value={arrival} onChange={(event) => setArrival(event.target.value)} />
      </label>
      <label>
        Departure <input type="date" required value={departure} onChange={(event) => setDeparture(event.target.value)} />
      </label>
      <label>
        Adults <input type="number" min={1} max={20} required value={adults} onChange={(event) => setAdults(event.target.value)} />
      </label>
      <button type="submit" disabled={types.length === 0}>
        Book walk-in
      </button>
    </form>
  );
}
