import type { EventName, EventPayload } from '../shared/contract.js';
import type { Logger } from './logger.js';
import type { Queue } from './queue/queue.js';
import { SafeEmitter } from './safe-emitter.js';

export type ContractEvents = { [E in EventName]: EventPayload<E> };

const QUEUE_EVENTS = new Set<EventName>(['job/changed', 'sync/changed']);

/**
 * Every pushed event of the contract behind one `on`. Queue events are subscribed on the queue
 * itself, so a job change builds its payload only while someone listens; the domains (rates,
 * notifications) emit the rest on `domain`.
 */
export function createCoreEvents(queue: Queue, logger: Logger) {
  const domain = new SafeEmitter<ContractEvents>(logger);
  return {
    domain,
    on<E extends EventName>(name: E, listener: (payload: ContractEvents[E]) => void): () => void {
      if (QUEUE_EVENTS.has(name)) return queue.events.on(name as 'job/changed', listener as (payload: ContractEvents['job/changed']) => void);
      return domain.on(name, listener);
    },
    /** How many listen (hosts must unsubscribe when their clients go). */
    listenerCount(name: EventName): number {
      return QUEUE_EVENTS.has(name) ? queue.events.listenerCount(name as 'job/changed') : domain.listenerCount(name);
    },
  };
}
