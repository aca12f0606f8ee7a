/**
 * Desktop notifications in the Electron host: each new notification from the core becomes a
 * system Notification (its first appearance only: a growing group stays quiet), and a click
 * brings the window forward on the screen the notification is about.
 */
import { Notification } from 'electron';
import type { Notification as AppNotification, Screen } from '../shared/contract.js';
import { createOsNotificationGate } from '../core/notifications/os-notification-gate.js';

export interface NativeNotificationOptions {
  /** `core.events`: only `notification/new` is heard. */
  events: { on(name: 'notification/new', listener: (notification: AppNotification) => void): () => void };
  /** Shows and focuses the window and navigates it to `screen`. */
  openScreen(screen: Screen): void;
  /** What Settings say of desktop notifications (`core.settings.wantsOsNotification`). */
  wanted?: (notification: AppNotification) => boolean;
}

/** Starts showing notifications; returns a stop that unsubscribes and closes those on screen. */
export function startNativeNotifications(options: NativeNotificationOptions): () => void {
  // Some platforms (Linux without a notification server) cannot show any; the bell still can.
  if (!Notification.isSupported()) return () => {};
  const shouldShow = createOsNotificationGate(options.wanted);
  // Held until closed: a Notification that is garbage-collected loses its click handler.
  const onScreen = new Set<Notification>();

  const unsubscribe = options.events.on('notification/new', (notification) => {
    if (!shouldShow(notification)) return;
    const toast = new Notification({ title: notification.title, body: notification.message });
    onScreen.add(toast);
    toast.on('click', () => options.openScreen(notification.screen));
    toast.on('close', () => onScreen.delete(toast));
    toast.show();
  });

  return () => {
    unsubscribe();
    for (const toast of onScreen) toast.close();
    onScreen.clear();
  };
}
