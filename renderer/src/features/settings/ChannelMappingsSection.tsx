import { useEffect, useState, type FormEvent } from 'react';
import type { ChannelMappings } from '../../../../shared/contract.js';
import { useApp } from '../../store.js';

/** A Beds24 room id as typed: blank unmaps, digits map, anything else is named before it is sent. */
export function readRoomId(text: string): { ok: true; id: number | null } | { ok: false; reason: string } {
  const trimmed = text.trim();
  if (trimmed === '') return { ok: true, id: null };
  if (!/^\d{1,12}$/.test(trimmed)) return { ok: false, reason: `"${trimmed}" is not a Beds24 room id: type its number, or leave it blank to stop syncing` };
  return { ok: true, id: Number(trimmed) };
}

/**
 * Channel sync with Beds24 (issue 9): which Beds24 room each room type is, and whether each
 * Beds24 property is sent availability. The room import fills the mapping by name; here it is
 * corrected or switched off.
 */
export function ChannelMappingsSection() {
  const mappings = useApp((state) => state.mappings);
  const loadMappings = useApp((state) => state.loadMappings);
  const setMappings = useApp((state) => state.setMappings);
  const [typed, setTyped] = useState<Record<number, string>>({});
  const [problem, setProblem] = useState<string | null>(null);
  useEffect(() => void loadMappings(), [loadMappings]);
  useEffect(() => setTyped(typedOf(mappings)), [mappings]);

  if (!mappings) return null;
  const save = (event: FormEvent) => {
    event.preventDefault();
    const roomTypes: { roomTypeId: number; beds24RoomId: number | null }[] = [];
    for (const type of mappings.roomTypes) {
      const read = readRoomId(typed[type.roomTypeId] ?? '');
      if (!read.ok) return setProblem(`${type.name}: ${read.reason}`);
      roomTypes.push({ roomTypeId: type.roomTypeId, beds24RoomId: read.id });
    }
    setProblem(null);
    if (roomTypes.length > 0) void setMappings({ roomTypes });
  };
  return (
    <form className="card settings-form channel-mappings" aria-labelledby="channel-title" onSubmit={save}>
      <h2 id="channel-title">Channel sync (Beds24)</h2>
      {mappings.properties.length === 0 ? (
        <p className="muted">No Beds24 property yet: they are read from Beds24 when Reservations or Channel is first opened.</p>
      ) : (
        mappings.properties.map((property) => (
          <label key={property.id} className="inline">
            <input
              type="checkbox"
              checked={property.availabilitySync}
              onChange={(event) => void setMappings({ properties: [{ id: property.id, availabilitySync: event.target.checked }] })}
            />{' '}
            Send availability of {property.name} to Beds24
          </label>
        ))
      )}
      <table className="mappings">
        <caption className="muted">Each room type's Beds24 room id; blank: not synced.</caption>
        <thead>
          <tr>
            <th scope="col">Room type</th>
            <th scope="col">Beds24 room id</th>
          </tr>
        </thead>
        <tbody>
          {mappings.roomTypes.map((type) => (
            <tr key={type.roomTypeId}>
              <td>
                <label htmlFor={`beds24-room-${type.roomTypeId}`}>{type.name}</label>
              </td>
              <td>
                <input
                  id={`beds24-room-${type.roomTypeId}`}
                  inputMode="numeric"
                  value={typed[type.roomTypeId] ?? ''}
                  onChange={(event) => setTyped({ ...typed, [type.roomTypeId]: event.target.value })}
                />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {problem && (
        <p className="error-text" role="alert">
          {problem}
        </p>
      )}
      <div className="actions">
        <button type="submit" disabled={mappings.roomTypes.length === 0}>
          Save room mapping
        </button>
      </div>
    </form>
  );
}

const typedOf = (mappings: ChannelMappings | null): Record<number, string> =>
  Object.fromEntries((mappings?.roomTypes ?? []).map((type) => [type.roomTypeId, type.beds24RoomId === null ? '' : String(type.beds24RoomId)]));
