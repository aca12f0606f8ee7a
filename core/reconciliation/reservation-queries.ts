import { PIN_STATES, type PinState, type ReservationItem } from '../../shared/reconciliation-contract.js';
import type { Db } from '../store/database.js';

interface ItemRow {
  id: number;
  source: ReservationItem['source'];
  source_id: string | null;
  channel: string | null;
  guest_name: string;
  arrival: string;
  departure: string;
  status: ReservationItem['status'];
  room_id: string | null;
  lock_name: string | null;
  pin_state: Exclude<PinState, 'failed'> | null;
  starts_at: number | null;
  ends_at: number | null;
  has_code: 0 | 1;
  failed_job_id: number | null;
  failed_error: string | null;
}

// A stay's PIN is failed while one of its current PIN jobs is in Failed (jobs of an older plan
// were discarded). The PIN itself never leaves SQL here: only whether there is one.
const ITEM_SELECT = `SELECT r.id, r.source, r.source_id, r.channel, r.guest_name, r.arrival, r.departure, r.status, r.room_id,
    l.name AS lock_name, p.state AS pin_state, p.starts_at, p.ends_at, (p.pin_secret IS NOT NULL) AS has_code,
    f.id AS failed_job_id, f.last_error AS failed_error
  FROM reservations r
  LEFT JOIN door_pins p ON p.reservation_id = r.id
  LEFT JOIN door_locks l ON l.listing_id = r.room_id
  LEFT JOIN jobs f ON f.id = (SELECT j.id FROM jobs j WHERE j.id IN (p.program_job_id, p.revoke_job_id) AND j.status = 'failed' ORDER BY j.id DESC LIMIT 1)`;

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

function toItem(row: ItemRow): ReservationItem {
  const state: PinState = row.failed_job_id !== null ? 'failed' : (row.pin_state ?? 'none');
  return {
    id: row.id,
    source: row.source,
    sourceId: row.source_id,
    channel: row.channel,
    guestName: row.guest_name,
    arrival: row.arrival,
    departure: row.departure,
    status: row.status,
    room: row.lock_name ?? row.room_id,
    pin: {
      state,
      startsAt: row.pin_state === null || row.pin_state === 'none' ? null : iso(row.starts_at),
      endsAt: row.pin_state === null || row.pin_state === 'none' ? null : iso(row.ends_at),
      hasCode: row.has_code === 1,
      failedJobId: row.failed_job_id,
      error: row.failed_error,
    },
  };
}

/** Reads of the reservation mirror with its PINs, for the Reservations screen. */
export function createReservationQueries(db: Db) {
  const statements = {
    list: db.prepare(`${ITEM_SELECT}
      WHERE r.arrival <= @to AND r.departure >= @from
        AND (@text IS NULL OR instr(lower(r.guest_name || ' ' || coalesce(r.channel, '') || ' ' || coalesce(r.source_id, '') || ' '
          || coalesce(l.name, r.room_id, '')), @text) > 0)
        AND (@sources IS NULL OR r.source IN (SELECT value FROM json_each(@sources)))
        AND (@statuses IS NULL OR r.status IN (SELECT value FROM json_each(@statuses)))
        AND (@afterArrival IS NULL OR r.arrival > @afterArrival OR (r.arrival = @afterArrival AND r.id > @afterId))
      ORDER BY r.arrival, r.id LIMIT @limit`),
    item: db.prepare(`${ITEM_SELECT} WHERE r.id = ?`),
    exists: db.prepare('SELECT 1 FROM reservations WHERE id = ?').pluck(),
    secret: db.prepare('SELECT pin_secret, code_starts_at, code_ends_at, starts_at, ends_at FROM door_pins WHERE reservation_id = ?'),
    staysCount: db.prepare(`SELECT COUNT(*) FROM reservations WHERE source = 'stays'`).pluck(),
    pinStates: db.prepare(`SELECT CASE WHEN EXISTS (SELECT 1 FROM jobs j WHERE j.id IN (p.program_job_id, p.revoke_job_id) AND j.status = 'failed')
        THEN 'failed' ELSE p.state END AS state, COUNT(*) AS count FROM door_pins p GROUP BY 1`),
  };

  return {
    /** Stays touching [from, to], by arrival then id, after the cursor; one more than `limit` tells a next page. */
    list(filter: {
      from: string;
      to: string;
      text: string | null;
      sources?: readonly string[] | undefined;
      statuses?: readonly string[] | undefined;
      after: { arrival: string; id: number } | null;
      limit: number;
    }): ReservationItem[] {
      return (
        statements.list.all({
          from: filter.from,
          to: filter.to,
          text: filter.text?.toLowerCase() ?? null,
          sources: filter.sources ? JSON.stringify(filter.sources) : null,
          statuses: filter.statuses ? JSON.stringify(filter.statuses) : null,
          afterArrival: filter.after?.arrival ?? null,
          afterId: filter.after?.id ?? null,
          limit: filter.limit,
        }) as ItemRow[]
      ).map(toItem);
    },
    item(id: number): ReservationItem | undefined {
      const row = statements.item.get(id) as ItemRow | undefined;
      return row ? toItem(row) : undefined;
    },
    exists: (id: number) => statements.exists.get(id) !== undefined,
    /** The PIN and the time frame it works in; null when there is none (not made yet, or removed). */
    secret(id: number): { code: string; startsAt: string | null; endsAt: string | null } | null {
      const row = statements.secret.get(id) as
        | { pin_secret: string | null; code_starts_at: number | null; code_ends_at: number | null; starts_at: number; ends_at: number }
        | undefined;
      if (!row || row.pin_secret === null) return null;
      return { code: row.pin_secret, startsAt: iso(row.code_starts_at ?? row.starts_at), endsAt: iso(row.code_ends_at ?? row.ends_at) };
    },
    stats(): { reservations: number; pins: Record<PinState, number> } {
      const pins = Object.fromEntries(PIN_STATES.map((state) => [state, 0])) as Record<PinState, number>;
      for (const row of statements.pinStates.all() as { state: PinState; count: number }[]) pins[row.state] += row.count;
      return { reservations: statements.staysCount.get() as number, pins };
    },
  };
}

export type ReservationQueries = ReturnType<typeof createReservationQueries>;
