import type { ChannelEvent, JobSummary, TimelineEntry } from '../../../../shared/contract.js';

/** Something the host pushed that may be part of a stay's panel. */
export type PushedChange = { kind: 'reservations'; ids: number[] } | { kind: 'event'; event: ChannelEvent } | { kind: 'job'; job: JobSummary };

/**
 * Whether a pushed change may alter the open stay's panel: its row, its channel events, or a job
 * of its timeline (a booking push or a door PIN, known by ordering key, or a job already shown).
 */
export function touchesStay(stayId: number, timeline: readonly TimelineEntry[], change: PushedChange): boolean {
  switch (change.kind) {
    case 'reservations':
      return change.ids.includes(stayId);
    case 'event':
      return change.event.reservationId === stayId;
    case 'job':
      return (
        change.job.orderingKey === `reservation:${stayId}` ||
        change.job.orderingKey === `door-pin:${stayId}` ||
        timeline.some((entry) => entry.kind === 'job' && entry.id === change.job.id)
      );
  }
}
