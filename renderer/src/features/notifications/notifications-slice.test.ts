import { describe, expect, it } from 'vitest';
import type { Notification, SentinelApi } from '../../../../shared/contract.js';
import { createAppStore } from '../../store.js';

const note = (id: number, read = false, extra: Partial<Notification> = {}): Notification => ({
  id,
  type: 'ERROR',
  title: 'Rate update failed',
  message: 'Invalid rate',
  read,
  count: 1,
  jobId: 40 + id,
  screen: 'failed',
  createdAt: '2030-01-01T10:00:00Z',
  updatedAt: '2030-01-01T10:00:00Z',
  ...extra,
});

function fakeHost() {
  const calls: { name: string; args: unknown }[] = [];
  const api: SentinelApi = {
    async call(name, args) {
      calls.push({ name, args });
      if (name === 'notifications/list') return { ok: true, data: { items: [note(2), note(1, true)], unread: 1 } } as never;
      if (name === 'notifications/mark-read') return { ok: true, data: { unread: 0 } } as never;
      return { ok: false, error: { code: 'not_found', message: 'no such job' } } as never;
    },
    subscribe: () => () => {},
  };
  return { api, calls };
}

describe('the notifications slice', () => {
  it('puts a new notification on top and counts it unread, once even when a grouped one grows', async () => {
    const store = createAppStore(fakeHost().api);
    await store.getState().loadNotifications();
    store.getState().notificationArrived(note(3));
    expect(store.getState().unread).toBe(2);
    store.getState().notificationArrived(note(3, false, { title: '2 rate updates failed', count: 2 }));
    expect(store.getState().unread).toBe(2);
    expect(store.getState().notifications.map((item) => item.id)).toEqual([3, 2, 1]);
    expect(store.getState().notifications[0]!.title).toBe('2 rate updates failed');
  });

  it('opens a notification: marks it read, closes the bell, shows its screen and its job', async () => {
    const host = fakeHost();
    const store = createAppStore(host.api);
    await store.getState().loadNotifications();
    store.getState().setBellOpen(true);
    await store.getState().openNotification(store.getState().notifications[0]!);
    expect(store.getState().screen).toBe('failed');
    expect(store.getState().bellOpen).toBe(false);
    expect(host.calls.map((call) => call.name)).toEqual(['notifications/list', 'jobs/get', 'notifications/mark-read']);
    expect(host.calls.at(-1)!.args).toEqual({ ids: [2] });
    expect(store.getState().unread).toBe(0);
    expect(store.getState().notifications[0]!.read).toBe(true);
  });
});
