import type { Db } from '../store/database.js';
import type { MirrorRecord } from './stays-mirror.js';

/** A mirrored Stays reservation, as much as reconciliation compares. */
export interface MirroredStay {
  id: number;
  source_id: string;
  content_hash: string;
  status: string;
  guest_name: string;
  arrival: string;
  departure: string;
}

/** What an orphan's hash becomes: a stay that comes back from Stays is then an update. */
export const ORPHANED_HASH = 'orphaned';

/** The statements reconciliation writes the mirror with (`reservations`, `reservation_links`), source 'stays'. */
export function createMirrorStore(db: Db) {
  const statements = {
    all: db.prepare(`SELECT id, source_id, content_hash, status, guest_name, arrival, departure FROM reservations WHERE source = 'stays'`),
    insert: db.prepare(`INSERT INTO reservations (source, source_id, channel, guest_name, arrival, departure, status, room_id, adults, children,
        total, currency, source_version, content_hash, created_at, updated_at)
      VALUES ('stays', @sourceId, @channel, @code, @arrival, @departure, @status, @listingId, @guests, 0, @total, @currency, NULL, @contentHash, @now, @now)
      RETURNING id`).pluck(),
    update: db.prepare(`UPDATE reservations SET channel = @channel, guest_name = @code, arrival = @arrival, departure = @departure,
        status = @status, room_id = @listingId, adults = @guests, total = @total, currency = @currency, content_hash = @contentHash,
        updated_at = @now WHERE id = @id`),
    orphan: db.prepare(`UPDATE reservations SET status = 'cancelled', content_hash = '${ORPHANED_HASH}', updated_at = @now WHERE id = @id`),
    dropLinks: db.prepare('DELETE FROM reservation_links WHERE reservation_id = ?'),
    // The OTA's reference (an Airbnb confirmation code): the same stay in the channel's terms.
    link: db.prepare('INSERT OR IGNORE INTO reservation_links (reservation_id, system, external_id) VALUES (?, ?, ?)'),
  };

  function link(id: number, record: MirrorRecord): void {
    statements.dropLinks.run(id);
    if (record.channel && record.partnerCode) statements.link.run(id, record.channel, record.partnerCode);
  }

  return {
    /** Every mirrored Stays reservation, by its Stays `_id`. */
    all(): Map<string, MirroredStay> {
      return new Map((statements.all.all() as MirroredStay[]).map((row) => [row.source_id, row]));
    },
    insert(record: MirrorRecord, now: number): number {
      const id = statements.insert.get({ ...record, now }) as number;
      link(id, record);
      return id;
    },
    update(id: number, record: MirrorRecord, now: number): void {
      statements.update.run({ ...record, id, now });
      link(id, record);
    },
    /** Gone from Stays: kept as cancelled (the front desk still sees it), with a hash no reservation has. */
    markOrphaned(id: number, now: number): void {
      statements.orphan.run({ id, now });
    },
  };
}

export type MirrorStore = ReturnType<typeof createMirrorStore>;
