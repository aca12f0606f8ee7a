import { describe, expect, it } from 'vitest';
import type { ChannelEvent, JobSummary, SentinelApi, TimelineEntry } from '../../../../shared/contract.js';
import { createAppStore } from '../../store.js';
import { touchesStay } from './open-stay.js';

const job = (id: number, orderingKey: string | null, status: JobSummary['status'] = 'done') => ({ id, orderingKey, status }) as JobSummary;
const event = (reservationId: number | null) => ({ id: 3, reservationId }) as ChannelEvent;
const entry = (kind: TimelineEntry['kind'], id: number, status: string): TimelineEntry => ({ at: '2026-11-29T16:16:00.000Z', kind, id, title: 'To Beds24', status, error: null });

describe('touchesStay', () => {
  it('is true for the stay’s own row, events, booking pushes, door PINs and jobs its timeline shows', () => {
    expect(touchesStay(7, [], { kind: 'reservations', ids: [5, 7] })).toBe(true);
    expect(touchesStay(7, [], { kind: 'event', event: event(7) })).toBe(true);
    expect(touchesStay(7, [], { kind: 'job', job: job(1, 'reservation:7') })).toBe(true);
    expect(touchesStay(7, [], { kind: 'job', job: job(1, 'door-pin:7') })).toBe(true);
    expect(touchesStay(7, [entry('job', 9, 'sending')], { kind: 'job', job: job(9, null) })).toBe(true);
  });

  it('is false for other stays, unlinked events and other jobs', () => {
    expect(touchesStay(7, [], { kind: 'reservations', ids: [70] })).toBe(false);
    expect(touchesStay(7, [], { kind: 'event', event: event(null) })).toBe(false);
    expect(touchesStay(7, [], { kind: 'job', job: job(1, 'reservation:70') })).toBe(false);
    expect(touchesStay(7, [entry('event', 9, 'done')], { kind: 'job', job: job(9, null) })).toBe(false);
  });
});

describe('the open stay’s panel', () => {
  it('reads the stay again when its push ends while the first read is on its way, and shows the later answer', async () => {
    // The walk-in race: the panel's first read is answered "sending", and the push's end was
    // pushed before that answer arrived. The panel must not stay on "sending".
    const answers: ((status: string) => void)[] = [];
    const api: SentinelApi = {
      call: (name) => {
        if (name !== 'reservations/get') return Promise.resolve({ ok: true, data: null as never });
        return new Promise((resolve) =>
          answers.push((status) => resolve({ ok: true, data: { reservation: { id: 7 }, timeline: [entry('job', 9, status)] } as never })),
        );
      },
      subscribe: () => () => {},
    };
    const store = createAppStore(api);
    const first = store.getState().showReservation(7);
    store.getState().followOpenReservation({ kind: 'job', job: job(9, 'reservation:7') });
    expect(answers).toHaveLength(2);
    answers[1]!('done');
    answers[0]!('sending');
    await first;
    await Promise.resolve();
    expect(store.getState().openReservation?.timeline[0]?.status).toBe('done');

    store.getState().closeReservation();
    store.getState().followOpenReservation({ kind: 'job', job: job(9, 'reservation:7') });
    expect(answers).toHaveLength(2);
  });
});
