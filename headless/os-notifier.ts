/**
 * Desktop notifications for the headless host, through node-notifier (notify-send on Linux,
 * Notification Center on macOS, toasts on Windows). A server or CI machine often has no
 * notification daemon or binary: that is logged once and the host carries on without toasts.
 */
import nodeNotifier from 'node-notifier';
import type { Notification } from '../shared/contract.js';
import type { Logger } from '../core/logger.js';
import { createOsNotificationGate } from '../core/notifications/os-notification-gate.js';

/** Shows one toast; calls back with an error when it could not. Injected by tests. */
export type ShowToast = (toast: { title: string; message: string }, done: (error: Error | null) => void) => void;

export const nodeNotifierToast: ShowToast = (toast, done) => {
  nodeNotifier.notify({ title: toast.title, message: toast.message, wait: false }, (error) => done(error));
};

export interface OsNotifierOptions {
  /** `core.events`: only `notification/new` is heard. */
  events: { on(name: 'notification/new', listener: (notification: Notification) => void): () => void };
  logger: Logger;
  show?: ShowToast;
  /** What Settings say of desktop notifications (`core.settings.wantsOsNotification`). */
  wanted?: (notification: Notification) => boolean;
}

const APP_NAME = 'Sentinel Control Room';

/** Subscribes to new notifications and shows each one's first appearance; returns the unsubscribe. */
export function startOsNotifier(options: OsNotifierOptions): () => void {
  const show = options.show ?? nodeNotifierToast;
  const shouldShow = createOsNotificationGate(options.wanted);
  let unavailable = false;

  const giveUp = (error: unknown) => {
    if (unavailable) return;
    unavailable = true;
    options.logger.warn('desktop notifications are unavailable on this machine; they stay in the app only', {
      error: error instanceof Error ? error.message : String(error),
    });
  };

  return options.events.on('notification/new', (notification) => {
    // Once the system said it cannot show toasts, asking again would only fail again.
    if (unavailable || !shouldShow(notification)) return;
    try {
      show({ title: notification.title, message: `${notification.message}\n${APP_NAME}` }, (error) => {
        if (error) giveUp(error);
      });
    } catch (error) {
      giveUp(error);
    }
  });
}
