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
}

/** What a new notification (or the next event of a group) says. */
export interface NotificationDraft {
  type: NotificationType;
  groupKey: string;
  screen: Screen;
  jobId: number | null;
  /** Title and message for a group of `count` events. */
  describe(count: number): { title: string; message: string };
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
  };
}

/** Every statement on the `notifications` table, prepared once. */
export function createNotificationStore(db: Db) {
  const statements = {
    openGroup: db.prepare<[string, number], NotificationRow>(
      'SELECT * FROM notifications WHERE group_key = ? AND read = 0 AND created_at >= ? ORDER BY created_at DESC, id DESC LIMIT 1',
    ),
    insert: db.prepare<[NotificationType, string, string, number | null, Screen, string, number, number], NotificationRow>(
      `INSERT INTO notifications (type, title, message, job_id, screen, group_key, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING *`,
    ),
    grow: db.prepare<[string, string, number | null, number, number], NotificationRow>(
      'UPDATE notifications SET count = count + 1, title = ?, message = ?, job_id = ?, updated_at = ? WHERE id = ? RETURNING *',
    ),
    listAll: db.prepare<[number], NotificationRow>('SELECT * FROM notifications ORDER BY updated_at DESC, id DESC LIMIT ?'),
    listUnread: db.prepare<[number], NotificationRow>(
      'SELECT * FROM notifications WHERE read = 0 ORDER BY updated_at DESC, id DESC LIMIT ?',
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
        if (open) {
          const { title, message } = draft.describe(open.count + 1);
          return { notification: toNotification(statements.grow.get(title, message, draft.jobId, now, open.id)!), created: false };
        }
        const { title, message } = draft.describe(1);
        const row = statements.insert.get(draft.type, title, message, draft.jobId, draft.screen, draft.groupKey, now, now)!;
        return { notification: toNotification(row), created: true };
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
