import type { ChannelEvent, ChannelEventFilter } from '../../shared/channel-contract.js';
import type { Db } from '../store/database.js';

export type EventStatus = ChannelEvent['status'];

interface EventRow {
  id: number;
  idempotency_key: string;
  direction: ChannelEvent['direction'];
  event_type: string;
  system: string;
  via: string;
  external_id: string | null;
  reservation_id: number | null;
  payload: string;
  status: EventStatus;
  attempts: number;
  last_error: string | null;
  job_id: number | null;
  created_at: number;
  updated_at: number;
}

export interface NewChannelEvent {
  key: string;
  direction: ChannelEvent['direction'];
  eventType: string;
  system: string;
  via: string;
  externalId: string | null;
  reservationId: number | null;
  payload: unknown;
}

const iso = (ms: number) => new Date(ms).toISOString();

export function toChannelEvent(row: EventRow): ChannelEvent {
  return {
    id: row.id,
    key: row.idempotency_key,
    direction: row.direction,
    eventType: row.event_type,
    system: row.system,
    via: row.via,
    externalId: row.external_id,
    reservationId: row.reservation_id,
    payload: JSON.parse(row.payload) as unknown,
    status: row.status,
    attempts: row.attempts,
    lastError: row.last_error,
    jobId: row.job_id,
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
  };
}

/** The channel events table (`channel_events`) and the poll cursors (`channel_cursors`). */
export function createChannelEventStore(db: Db) {
  const statements = {
    insert: db.prepare(`INSERT INTO channel_events (idempotency_key, direction, event_type, system, via, external_id, reservation_id, payload,
        status, created_at, updated_at)
      VALUES (@key, @direction, @eventType, @system, @via, @externalId, @reservationId, @payload, 'received', @now, @now)
      ON CONFLICT (idempotency_key) DO NOTHING RETURNING id`).pluck(),
    byId: db.prepare('SELECT * FROM channel_events WHERE id = ?'),
    byJob: db.prepare('SELECT * FROM channel_events WHERE job_id = ?'),
    setJob: db.prepare('UPDATE channel_events SET job_id = ? WHERE id = ?'),
    setReservation: db.prepare('UPDATE channel_events SET reservation_id = ? WHERE id = ?'),
    setStatus: db.prepare(`UPDATE channel_events SET status = @status, last_error = @error, updated_at = @now,
        attempts = attempts + @attempt WHERE id = @id`),
    withoutJob: db.prepare(`SELECT * FROM channel_events WHERE status = 'received' AND job_id IS NULL ORDER BY id`),
    ofReservation: db.prepare('SELECT * FROM channel_events WHERE reservation_id = ? ORDER BY id DESC LIMIT 100'),
    count: db.prepare('SELECT COUNT(*) FROM channel_events').pluck(),
    list: db.prepare(`SELECT * FROM channel_events
      WHERE (@statuses IS NULL OR status IN (SELECT value FROM json_each(@statuses)))
        AND (@direction IS NULL OR direction = @direction)
        AND (@text IS NULL OR instr(lower(payload || ' ' || coalesce(last_error, '') || ' ' || coalesce(external_id, '')), @text) > 0)
        AND (@from IS NULL OR created_at >= @from) AND (@to IS NULL OR created_at < @to)
        AND (@before IS NULL OR id < @before)
      ORDER BY id DESC LIMIT @limit`),
    failedIds: db.prepare(`SELECT id, job_id FROM channel_events WHERE status = 'failed'
        AND (@direction IS NULL OR direction = @direction)
        AND (@text IS NULL OR instr(lower(payload || ' ' || coalesce(last_error, '') || ' ' || coalesce(external_id, '')), @text) > 0)
        AND (@from IS NULL OR created_at >= @from) AND (@to IS NULL OR created_at < @to) ORDER BY id`),
    cursor: db.prepare('SELECT value FROM channel_cursors WHERE name = ?').pluck(),
    setCursor: db.prepare(`INSERT INTO channel_cursors (name, value, updated_at) VALUES (?, ?, ?)
      ON CONFLICT (name) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`),
  };

  const rowOf = (row: unknown) => (row === undefined ? undefined : toChannelEvent(row as EventRow));
  const filterParams = (filter: ChannelEventFilter) => ({
    direction: filter.direction ?? null,
    text: filter.text?.toLowerCase() ?? null,
    from: filter.from === undefined ? null : Date.parse(filter.from),
    to: filter.to === undefined ? null : Date.parse(filter.to),
  });

  return {
    /** Stores an event unless one with its key exists; the new id, or undefined for a duplicate. */
    insert(event: NewChannelEvent, now: number): number | undefined {
      return statements.insert.get({ ...event, payload: JSON.stringify(event.payload), now }) as number | undefined;
    },
    get: (id: number) => rowOf(statements.byId.get(id)),
    ofJob: (jobId: number) => rowOf(statements.byJob.get(jobId)),
    setJob: (id: number, jobId: number) => void statements.setJob.run(jobId, id),
    setReservation: (id: number, reservationId: number) => void statements.setReservation.run(reservationId, id),
    /** A new status; `attempt` counts one more try (processing). */
    setStatus(id: number, status: EventStatus, now: number, error: string | null = null): void {
      statements.setStatus.run({ id, status, error, now, attempt: status === 'processing' ? 1 : 0 });
    },
    /** Stored, but their job was never queued (the app stopped in between). */
    withoutJob: () => (statements.withoutJob.all() as EventRow[]).map(toChannelEvent),
    ofReservation: (reservationId: number) => (statements.ofReservation.all(reservationId) as EventRow[]).map(toChannelEvent),
    count: () => statements.count.get() as number,
    list(filter: ChannelEventFilter, before: number | null, limit: number): ChannelEvent[] {
      const statuses = filter.status ? JSON.stringify(filter.status) : null;
      return (statements.list.all({ ...filterParams(filter), statuses, before, limit }) as EventRow[]).map(toChannelEvent);
    },
    failed: (filter: ChannelEventFilter) => statements.failedIds.all(filterParams(filter)) as { id: number; job_id: number | null }[],
    cursor: (name: string) => statements.cursor.get(name) as string | undefined,
    setCursor: (name: string, value: string, now: number) => void statements.setCursor.run(name, value, now),
  };
}

export type ChannelEventStore = ReturnType<typeof createChannelEventStore>;
