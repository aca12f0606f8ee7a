import type { JobSummary, LaneState, Notification, StorageStatus, SyncStatus } from '../../shared/contract.js';
import type { Clock } from '../clock.js';
import type { Logger } from '../logger.js';
import type { Queue } from '../queue/queue.js';
import type { NotificationDraft, NotificationStore } from './notification-store.js';
import { GENERIC_JOB_NOUN, jobFailed, laneBack, laneNeedsSignIn, laneOffline, storageBack, storageFailing } from './notification-texts.js';

export const DEFAULT_GROUP_WINDOW_MS = 60_000;
/** Read notifications are history; after this long they are deleted (unread ones never are). */
export const KEEP_READ_MS = 30 * 24 * 3_600_000;

// Failed jobs already told about; bounded so a huge dead-letter queue cannot grow it forever.
const REMEMBERED_FAILURES = 10_000;

export interface NotifierOptions {
  queue: Pick<Queue, 'events' | 'status' | 'kindOf'>;
  store: NotificationStore;
  clock: Clock;
  logger: Logger;
  /** Events of one group inside this window grow one notification instead of adding more. */
  groupWindowMs?: number;
  /** Every notification written, new or grown (the core emits `notification/new` with it). */
  onNotification(notification: Notification, created: boolean): void;
  /** Notifications whose jobs were resolved, and the unread count after (`notification/changed`, `notifications/read`). */
  onResolved(notifications: Notification[], unread: number): void;
}

/**
 * Turns what the queue reports into notifications a person reads: a job that fails, a lane that
 * needs sign-in, goes offline, or comes back. Grouped, so a storm of failures is one line that
 * counts, and once per outage, not once per probe.
 */
export function createNotifier(options: NotifierOptions) {
  const { queue, store, clock, logger } = options;
  const windowMs = options.groupWindowMs ?? DEFAULT_GROUP_WINDOW_MS;
  const toldFailed = new Set<number>();
  const laneStates = new Map<string, LaneState>();
  const inOutage = new Set<string>();
  let storageState: StorageStatus['state'] = 'ok';
  let untoldTroubleSince: string | null = null;
  let unsubscribes: (() => void)[] = [];

  /** Records and announces a notification; false when it could not be recorded. */
  function write(draft: NotificationDraft): boolean {
    try {
      const now = clock.now();
      const { notification, created } = store.record(draft, now, now - windowMs);
      options.onNotification(notification, created);
      return true;
    } catch (error) {
      // A notification must never break the queue that reported the event.
      logger.error('could not record a notification', { group: draft.groupKey, error: String(error) });
      return false;
    }
  }

  /** Once per spell of a disk that cannot be written; told afterwards if it could not be written then. */
  function onStorage(storage: StorageStatus): void {
    const wasOk = storageState === 'ok';
    storageState = storage.state;
    if (storage.state !== 'ok' && wasOk) {
      untoldTroubleSince = write(storageFailing(storage)) ? null : storage.since;
    } else if (storage.state === 'ok' && !wasOk && untoldTroubleSince !== null) {
      write(storageBack(untoldTroubleSince));
      untoldTroubleSince = null;
    }
  }

  /** A job that had failed is done after a retry, superseded or discarded. */
  function resolve(jobId: number): void {
    try {
      const resolved = store.resolveJob(jobId, clock.now());
      if (resolved.length > 0) options.onResolved(resolved, store.unreadCount());
    } catch (error) {
      logger.error('could not mark a notification resolved', { jobId, error: String(error) });
    }
  }

  function onJobChanged(job: JobSummary): void {
    if (job.status !== 'failed') {
      // A retried job that fails again is news again.
      toldFailed.delete(job.id);
      if (job.status === 'done' || job.status === 'cancelled') resolve(job.id);
      return;
    }
    if (toldFailed.has(job.id)) return;
    toldFailed.add(job.id);
    if (toldFailed.size > REMEMBERED_FAILURES) toldFailed.delete(toldFailed.values().next().value!);
    write(jobFailed(job, queue.kindOf(job.type)?.noun ?? GENERIC_JOB_NOUN));
  }

  function onSyncChanged(status: SyncStatus): void {
    onStorage(status.storage);
    for (const lane of status.lanes) {
      const before = laneStates.get(lane.lane);
      laneStates.set(lane.lane, lane.state);
      if (lane.state === before) continue;
      if (lane.state === 'needs_sign_in') write(laneNeedsSignIn(lane.lane, lane.displayName));
      else if (lane.state === 'offline' && !inOutage.has(lane.lane)) {
        inOutage.add(lane.lane);
        write(laneOffline(lane.lane, lane.displayName));
      } else if (lane.state === 'online' && inOutage.delete(lane.lane)) {
        write(laneBack(lane.lane, lane.displayName, lane.depth.queued + lane.depth.sending));
      }
    }
  }

  return {
    /** Starts listening; lane states as they stand now are the baseline, not news. */
    start(): void {
      if (unsubscribes.length > 0) return;
      store.pruneRead(clock.now() - KEEP_READ_MS);
      for (const lane of queue.status().lanes) laneStates.set(lane.lane, lane.state);
      unsubscribes = [queue.events.on('job/changed', onJobChanged), queue.events.on('sync/changed', onSyncChanged)];
    },
    stop(): void {
      for (const unsubscribe of unsubscribes) unsubscribe();
      unsubscribes = [];
    },
  };
}

export type Notifier = ReturnType<typeof createNotifier>;
