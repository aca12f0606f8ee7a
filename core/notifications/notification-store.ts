import type { Notification, NotificationType, Screen } from '../../shared/contract.js';
import type { Db } from '../store/database.js';

/** A `notifications` row as SQLite returns it. */
interface NotificationRow {
  id: number;
  type: NotificationType;
  title: string;
  message: string;
  read: 0 | 1;
  count: number;
  job_id: number | null;
  screen: Screen;
  group_key: string;
  created_at: number;
  updated_at: number;
  /** The failed jobs it tells about (notification_jobs), and how many of them are resolved. */
  job_count: number;
  resolved_count: number;
}

/** What a new notification (or the next event of a group) says. */
export interface NotificationDraft {
  type: NotificationType;
  groupKey: string;
  screen: Screen;
  jobId: number | null;
  /** Title and message for a group of `count` events. */
  describe(count: number): { title: string; message: string };
  /** It tells of `jobId` failing: resolved when that job is retried and done, superseded or discarded. */
  resolvable?: boolean;
}

export interface RecordResult {
  notification: Notification;
  /** False when the event grew an existing unread notification of its group. */
  created: boolean;
}

function toNotification(row: NotificationRow): Notification {
  return {
    id: row.id,
    type: row.type,
    title: row.title,
    message: row.message,
    read: row.read === 1,
    count: row.count,
    jobId: row.job_id,
    screen: row.screen,
    createdAt: new Date(row.created_at).toISOString(),
    updatedAt: new Date(row.updated_at).toISOString(),
    jobs: row.job_count > 0 ? { total: row.job_count, resolved: row.resolved_count } : null,
  };
}

/** A notification with the counts of the jobs it tells about. */
const WITH_JOBS = `SELECT n.*,
  (SELECT COUNT(*) FROM notification_jobs j WHERE j.notification_id = n.id) AS job_count,
  (SELECT COUNT(*) FROM notification_jobs j WHERE j.notification_id = n.id AND j.resolved_at IS NOT NULL) AS resolved_count
  FROM notifications n`;

/** Every statement on the `notifications` table, prepared once. */
export function createNotificationStore(db: Db) {
  const statements = {
    openGroup: db.prepare<[string, number], { id: number; count: number }>(
      'SELECT id, count FROM notifications WHERE group_key = ? AND read = 0 AND created_at >= ? ORDER BY created_at DESC, id DESC LIMIT 1',
    ),
    insert: db.prepare<[NotificationType, string, string, number | null, Screen, string, number, number], { id: number }>(
      `INSERT INTO notifications (type, title, message, job_id, screen, group_key, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
    ),
    grow: db.prepare<[string, string, number | null, number, number], unknown>(
      'UPDATE notifications SET count = count + 1, title = ?, message = ?, job_id = ?, updated_at = ? WHERE id = ?',
    ),
    byId: db.prepare<[number], NotificationRow>(`${WITH_JOBS} WHERE n.id = ?`),
    listAll: db.prepare<[number], NotificationRow>(`${WITH_JOBS} ORDER BY n.updated_at DESC, n.id DESC LIMIT ?`),
    listUnread: db.prepare<[number], NotificationRow>(`${WITH_JOBS} WHERE n.read = 0 ORDER BY n.updated_at DESC, n.id DESC LIMIT ?`),
    tellOfJob: db.prepare<[number, number], unknown>(
      `INSERT INTO notification_jobs (notification_id, job_id) VALUES (?, ?)
       ON CONFLICT (notification_id, job_id) DO UPDATE SET resolved_at = NULL`,
    ),
    toldOfJob: db.prepare<[number], { one: number }>('SELECT 1 AS one FROM notification_jobs WHERE job_id = ? AND resolved_at IS NULL LIMIT 1'),
    resolveJob: db.prepare<[number, number], { notification_id: number }>(
      'UPDATE notification_jobs SET resolved_at = ? WHERE job_id = ? AND resolved_at IS NULL RETURNING notification_id',
    ),
    // Every job it tells about is resolved: nothing left to act on, so it no longer counts as unread.
    readIfAllResolved: db.prepare<[{ id: number }], unknown>(
      `UPDATE notifications SET read = 1 WHERE id = @id AND read = 0
       AND NOT EXISTS (SELECT 1 FROM notification_jobs WHERE notification_id = @id AND resolved_at IS NULL)`,
    ),
    unread: db.prepare<[], { n: number }>('SELECT COUNT(*) AS n FROM notifications WHERE read = 0'),
    exists: db.prepare<[number], { id: number }>('SELECT id FROM notifications WHERE id = ?'),
    markRead: db.prepare<[number], unknown>('UPDATE notifications SET read = 1 WHERE id = ?'),
    markAllRead: db.prepare('UPDATE notifications SET read = 1 WHERE read = 0'),
    pruneRead: db.prepare<[number], unknown>('DELETE FROM notifications WHERE read = 1 AND updated_at < ?'),
  };

  return {
    /**
     * Records one event: grows the newest unread notification of its group created at or after
     * `windowStart`, or inserts a new one. One transaction, so two events never race to insert.
     */
    record(draft: NotificationDraft, now: number, windowStart: number): RecordResult {
      return db.transaction((): RecordResult => {
        const open = statements.openGroup.get(draft.groupKey, windowStart);
        let id: number;
        if (open) {
          const { title, message } = draft.describe(open.count + 1);
          statements.grow.run(title, message, draft.jobId, now, open.id);
          id = open.id;
        } else {
          const { title, message } = draft.describe(1);
          id = statements.insert.get(draft.type, title, message, draft.jobId, draft.screen, draft.groupKey, now, now)!.id;
        }
        if (draft.resolvable && draft.jobId !== null) statements.tellOfJob.run(id, draft.jobId);
        return { notification: toNotification(statements.byId.get(id)!), created: !open };
      })();
    },

    /**
     * The job no longer failed for good (done after a retry, superseded, discarded): the
     * notifications that told of it count it resolved, and one with every job resolved is read.
     * Returns those notifications as they are now; none when no notification told of the job.
     */
    resolveJob(jobId: number, now: number): Notification[] {
      // Every job that finishes passes here; most were never told of: a read, not a write transaction.
      if (!statements.toldOfJob.get(jobId)) return [];
      return db.transaction(() => {
        const ids = statements.resolveJob.all(now, jobId).map((row) => row.notification_id);
        for (const id of ids) statements.readIfAllResolved.run({ id });
        return ids.map((id) => toNotification(statements.byId.get(id)!));
      })();
    },

    /** Newest first (a grouped notification moves up when it grows). */
    list(options: { unreadOnly: boolean; limit: number }): Notification[] {
      const rows = options.unreadOnly ? statements.listUnread.all(options.limit) : statements.listAll.all(options.limit);
      return rows.map(toNotification);
    },

    unreadCount(): number {
      return statements.unread.get()!.n;
    },

    /** The first of `ids` that does not exist, if any. */
    firstMissing(ids: number[]): { id: number; index: number } | undefined {
      const index = ids.findIndex((id) => statements.exists.get(id) === undefined);
      return index === -1 ? undefined : { id: ids[index]!, index };
    },

    markRead(ids: number[]): void {
      db.transaction(() => {
        for (const id of ids) statements.markRead.run(id);
      })();
    },

    markAllRead(): void {
      statements.markAllRead.run();
    },

    /** Deletes read notifications last changed before `before`; unread ones always stay. */
    pruneRead(before: number): number {
      return statements.pruneRead.run(before).changes;
    },
  };
}

export type NotificationStore = ReturnType<typeof createNotificationStore>;
