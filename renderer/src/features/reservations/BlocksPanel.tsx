import { useState, type FormEvent } from 'react';
import { formatDay } from '../../../../shared/hotel-time.js';
import { LabelOptions } from '../../list-controls.js';
import { useApp } from '../../store.js';

const KIND_LABEL = { maintenance: 'Maintenance', out_of_order: 'Out of order' } as const;

/** Rooms out of sale: listed, made and removed here; their nights' availability goes to Beds24. */
export function BlocksPanel({ today }: { today: string }) {
  const blocks = useApp((state) => state.blocks);
  const mappings = useApp((state) => state.mappings);
  const createBlock = useApp((state) => state.createBlock);
  const deleteBlock = useApp((state) => state.deleteBlock);
  const rooms = (mappings?.roomTypes ?? []).flatMap((type) => type.rooms.map((room) => ({ ...room, typeName: type.name })));
  const [roomId, setRoomId] = useState('');
  const [kind, setKind] = useState<keyof typeof KIND_LABEL>('maintenance');
  const [firstNight, setFirstNight] = useState(today);
  const [lastNight, setLastNight] = useState(today);

  async function submit(event: FormEvent) {
    event.preventDefault();
    await createBlock({ roomId: roomId || rooms[0]!.id, kind, firstNight, lastNight });
  }

  return (
    <section className="blocks" aria-label="Room blocks">
      <h2>Room blocks</h2>
      <form className="block-form" aria-label="New block" onSubmit={(event) => void submit(event)}>
        <label>
          Room{' '}
          <select value={roomId} onChange={(event) => setRoomId(event.target.value)}>
            {rooms.map((room) => (
              <option key={room.id} value={room.id}>
                {room.name} ({room.typeName})
              </option>
            ))}
          </select>
        </label>
        <label>
          Kind{' '}
          <select value={kind} onChange={(event) => setKind(event.target.value as keyof typeof KIND_LABEL)}>
            <LabelOptions labels={KIND_LABEL} />
          </select>
        </label>
        <label>
          First night <input type="date" required value={firstNight} onChange={(event) => setFirstNight(event.target.value)} />
        </label>
        <label>
          Last night <input type="date" required value={lastNight} onChange={(event) => setLastNight(event.target.value)} />
        </label>
        <button type="submit" disabled={rooms.length === 0}>
          Block room
        </button>
      </form>
      {blocks.length === 0 ? (
        <p className="empty">No room is blocked.</p>
      ) : (
        <ul className="block-list">
          {blocks.map((block) => (
            <li key={block.id}>
              {block.roomName} · {KIND_LABEL[block.kind]} · {formatDay(block.firstNight)} – {formatDay(block.lastNight)}{' '}
              <button type="button" onClick={() => void deleteBlock(block.id)} aria-label={`Remove block of ${block.roomName} from ${block.firstNight}`}>
                Remove
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
