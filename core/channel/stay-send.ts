import type { Clock } from '../clock.js';
import { newJob, PERSON_PRIORITY, type JobKind } from '../queue/job-kind.js';
import type { Queue } from '../queue/queue.js';
import type { ChannelEventStore } from './channel-event-store.js';
import type { ChannelMirror, MirrorRow } from './channel-mirror.js';

export interface StaySendDeps {
  clock: Clock;
  queue: () => Queue;
  events: ChannelEventStore;
  mirror: ChannelMirror;
  eventChanged(id: number): void;
}

/** Where a stay's state is sent: the system, what it calls a stay, the job that sends it and its order. */
export interface StaySend {
  system: 'beds24' | 'cloudbeds';
  noun: 'booking' | 'reservation';
  kind: JobKind<{ reservationId: number; eventId: number }>;
  orderingKey: string;
}

/**
 * Records the send of a stay's current state as an outbound channel event and queues its job.
 * The event's key is the stay's state, so the same state is queued once; the job coalesces per
 * stay, so a change made while an earlier one waits replaces it (the last state wins), and runs
 * in order with the stay's other sends to that system.
 */
export function queueStaySend(deps: StaySendDeps, row: MirrorRow, send: StaySend): void {
  const reservationId = row.id;
  const linked = deps.mirror.linkOf(reservationId, send.system);
  const eventId = deps.events.insert(
    {
      key: `out:${send.system}:${send.noun}:${reservationId}:${row.updated_at}:${row.status}`,
      direction: 'outbound',
      eventType: linked === undefined ? 'booking_created' : row.status === 'cancelled' ? 'booking_cancelled' : 'booking_changed',
      system: send.system,
      via: 'app',
      externalId: linked ?? null,
      reservationId,
      payload: { guestName: row.guest_name, arrival: row.arrival, departure: row.departure, status: row.status, roomTypeId: row.room_type_id },
    },
    deps.clock.now(),
  );
  if (eventId === undefined) return;
  const [job] = deps.queue().enqueue(
    newJob(send.kind, { reservationId, eventId }, { orderingKey: send.orderingKey, coalesceKey: `${send.kind.type}:${reservationId}`, priority: PERSON_PRIORITY }),
  );
  deps.events.setJob(eventId, job!.id);
  deps.eventChanged(eventId);
}
