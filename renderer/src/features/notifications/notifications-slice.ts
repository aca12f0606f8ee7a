import type { Notification } from '../../../../shared/notifications-contract.js';
import type { AppSlice } from '../../store.js';

/** The bell lists this many; older ones stay in the database. */
const RECENT = 50;

export interface NotificationsSlice {
  notifications: Notification[];
  unread: number;
  bellOpen: boolean;
  setBellOpen(open: boolean): void;
  loadNotifications(): Promise<void>;
  markNotificationsRead(ids: number[] | 'all'): Promise<void>;
  /** Marks it read, closes the bell and shows what it is about (its job, when it has one). */
  openNotification(notification: Notification): Promise<void>;
  notificationArrived(notification: Notification): void;
  /** Its jobs were resolved: replaced where it is (the unread count comes with `notifications/read`). */
  notificationChanged(notification: Notification): void;
}

export const createNotificationsSlice: AppSlice<NotificationsSlice> = (set, get) => ({
  notifications: [],
  unread: 0,
  bellOpen: false,
  setBellOpen: (open) => set({ bellOpen: open }),
  async loadNotifications() {
    const list = await get().run('notifications/list', { limit: RECENT });
    if (list) set({ notifications: list.items, unread: list.unread });
  },
  async markNotificationsRead(ids) {
    if (ids !== 'all' && ids.length === 0) return;
    const marked = (notification: Notification) => ids === 'all' || ids.includes(notification.id);
    // Shown read at once; the host's answer (and the `notifications/read` event) set the true count.
    set((state) => ({ notifications: state.notifications.map((item) => (marked(item) ? { ...item, read: true } : item)) }));
    const answer = await get().run('notifications/mark-read', ids === 'all' ? { all: true } : { ids });
    if (answer) set({ unread: answer.unread });
  },
  async openNotification(notification) {
    set({ bellOpen: false });
    get().showScreen(notification.screen);
    if (notification.jobId !== null && (notification.screen === 'activity' || notification.screen === 'failed')) void get().openJob(notification.jobId);
    if (!notification.read) await get().markNotificationsRead([notification.id]);
  },
  notificationArrived(notification) {
    set((state) => {
      // A grouped notification that grew comes again with the same id: it moves to the top.
      const before = state.notifications.find((item) => item.id === notification.id);
      const rest = state.notifications.filter((item) => item.id !== notification.id);
      const unread = state.unread + (notification.read ? 0 : 1) - (before && !before.read ? 1 : 0);
      return { notifications: [notification, ...rest].slice(0, RECENT), unread: Math.max(0, unread) };
    });
  },
  notificationChanged(notification) {
    set((state) => ({ notifications: state.notifications.map((item) => (item.id === notification.id ? notification : item)) }));
  },
});
