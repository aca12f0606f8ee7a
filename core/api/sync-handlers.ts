import type { Queue } from '../queue/queue.js';
import type { Handlers } from './invoke.js';
import { CallError } from './call-error.js';

/** The `sync/*` calls: lane states and the person's pause and resume. */
export function createSyncHandlers(deps: { queue: Queue }) {
  const { queue } = deps;
  const knownLane = (lane: string | undefined) => {
    if (lane !== undefined && !queue.lanes.includes(lane)) {
      throw new CallError('not_found', `There is no sync lane named "${lane}"; known lanes: ${queue.lanes.join(', ')}`, 'lane');
    }
    return lane;
  };

  return {
    'sync/status': () => queue.status(),
    'sync/pause': ({ lane }) => queue.pause(knownLane(lane)),
    'sync/resume': ({ lane }) => queue.resume(knownLane(lane)),
  } satisfies Partial<Handlers>;
}
