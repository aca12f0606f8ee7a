import type { Handlers } from '../api/invoke.js';
import { CallError } from '../api/call-error.js';
import type { ContractEvents } from '../core-events.js';
import type { SafeEmitter } from '../safe-emitter.js';
import type { NotificationStore } from './notification-store.js';

const DEFAULT_LIST_LIMIT = 50;

/** The `notifications/*` calls: the bell's list and marking read. */
export function createNotificationHandlers(deps: { store: NotificationStore; events: SafeEmitter<ContractEvents> }) {
  const { store, events } = deps;
  return {
    'notifications/list': ({ unreadOnly, limit }) => ({
      items: store.list({ unreadOnly: unreadOnly ?? false, limit: limit ?? DEFAULT_LIST_LIMIT }),
      unread: store.unreadCount(),
    }),

    'notifications/mark-read': (args) => {
      if (args.ids !== undefined) {
        // All or nothing: one unknown id refuses the whole call, so nothing is half marked.
        const missing = store.firstMissing(args.ids);
        if (missing) throw new CallError('not_found', `Notification ${missing.id} does not exist`, `ids.${missing.index}`);
        store.markRead(args.ids);
      } else {
        store.markAllRead();
      }
      const unread = store.unreadCount();
      events.emit('notifications/read', () => ({ unread }));
      return { unread };
    },
  } satisfies Partial<Handlers>;
}
