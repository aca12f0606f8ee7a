import type { Notification } from '../../shared/contract.js';

// Ids already shown; a few hundred is far more than one grouping window ever holds.
const REMEMBERED_IDS = 500;

/**
 * Decides which `notification/new` events deserve an OS notification (a toast): only a
 * notification's first appearance. A grouped one that grows ("3 rate updates failed" → "4 …")
 * keeps its id and stays quiet, and the notifier opens a new row per group at most once per
 * grouping window, so a storm of failures is one toast per window, never fifty.
 */
export function createOsNotificationGate(wanted: (notification: Notification) => boolean = () => true) {
  const shown = new Set<number>();
  return (notification: Notification): boolean => {
    // Settings may turn desktop notifications, or one kind of them, off (the bell keeps them all).
    if (!wanted(notification)) return false;
    if (notification.count > 1 || shown.has(notification.id)) return false;
    shown.add(notification.id);
    if (shown.size > REMEMBERED_IDS) shown.delete(shown.values().next().value!);
    return true;
  };
}
