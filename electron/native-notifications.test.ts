import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { Notification as AppNotification } from '../shared/contract.js';
import { SafeEmitter } from '../core/safe-emitter.js';
import { silentLogger } from '../core/logger.js';
import { startNativeNotifications } from './native-notifications.js';

/** Electron's Notification, faked: records what was shown and lets a test click it. */
const electron = vi.hoisted(() => {
  type Listener = () => void;
  class Notification {
    static supported = true;
    static shown: Notification[] = [];
    static isSupported = () => Notification.supported;
    readonly listeners = new Map<string, Listener>();
    closed = false;
    constructor(readonly options: { title: string; body: string }) {}
    on(name: string, listener: Listener) {
      this.listeners.set(name, listener);
      return this;
    }
    show() {
      Notification.shown.push(this);
    }
    close() {
      this.closed = true;
      this.listeners.get('close')?.();
    }
    click() {
      this.listeners.get('click')?.();
    }
  }
  return { Notification };
});
vi.mock('electron', () => ({ Notification: electron.Notification }));

const notification = (id: number, count = 1, screen: AppNotification['screen'] = 'failed'): AppNotification => ({
  id,
  type: 'ERROR',
  title: count === 1 ? 'Rate update failed: too low' : `${count} rate updates failed`,
  message: 'Rate must be at least 50.00',
  read: false,
  count,
  jobId: id,
  screen,
  createdAt: '2026-11-23T09:00:00.000Z',
  updatedAt: '2026-11-23T09:00:00.000Z',
  jobs: null,
});

let events: SafeEmitter<{ 'notification/new': AppNotification }>;
beforeEach(() => {
  electron.Notification.shown = [];
  electron.Notification.supported = true;
  events = new SafeEmitter(silentLogger);
});
const emit = (n: AppNotification) => events.emit('notification/new', () => n);

describe('native notifications', () => {
  it('shows a new notification once, not each time its group grows', () => {
    startNativeNotifications({ events, openScreen: vi.fn() });
    for (let count = 1; count <= 50; count += 1) emit(notification(1, count));
    emit(notification(2, 1, 'sync'));
    expect(electron.Notification.shown.map((toast) => toast.options)).toEqual([
      { title: 'Rate update failed: too low', body: 'Rate must be at least 50.00' },
      { title: 'Rate update failed: too low', body: 'Rate must be at least 50.00' },
    ]);
  });

  it('opens the screen the notification is about when clicked', () => {
    const openScreen = vi.fn();
    startNativeNotifications({ events, openScreen });
    emit(notification(1, 1, 'sync'));
    electron.Notification.shown[0]!.click();
    expect(openScreen).toHaveBeenCalledWith('sync');
  });

  it('shows nothing, and does not fail, where the system has no notifications', () => {
    electron.Notification.supported = false;
    const stop = startNativeNotifications({ events, openScreen: vi.fn() });
    emit(notification(1));
    expect(electron.Notification.shown).toHaveLength(0);
    expect(events.has('notification/new')).toBe(false);
    stop();
  });

  it('stops listening and closes what it showed when stopped', () => {
    const stop = startNativeNotifications({ events, openScreen: vi.fn() });
    emit(notification(1));
    stop();
    emit(notification(2));
    expect(electron.Notification.shown).toHaveLength(1);
    expect(electron.Notification.shown[0]!.closed).toBe(true);
  });
});
