import { accessSync, constants } from 'node:fs';
import { release } from 'node:os';
import { delimiter, join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import type { Notification } from '../shared/contract.js';
import { SafeEmitter } from '../core/safe-emitter.js';
import { silentLogger, type Logger } from '../core/logger.js';
import { createCore } from '../core/core.js';
import { newJob, workerFor } from '../core/queue/job-kind.js';
import { testKind } from '../core/testing/queue-fixture.js';
import { RemoteError } from '../core/queue/remote-error.js';
import { makeTempDir } from '../core/testing/temp-dir.js';
import { startOsNotifier, type ShowToast } from './os-notifier.js';

type Heard = { 'notification/new': Notification };

const notification = (id: number, count = 1, title = `Notice ${id}`): Notification => ({
  id,
  type: 'ERROR',
  title,
  message: 'Rate must be at least 50.00',
  read: false,
  count,
  jobId: id,
  screen: 'failed',
  createdAt: '2026-11-23T09:00:00.000Z',
  updatedAt: '2026-11-23T09:00:00.000Z',
  jobs: null,
});

function setUp(show: ShowToast, logger: Logger = silentLogger) {
  const events = new SafeEmitter<Heard>(silentLogger);
  const stop = startOsNotifier({ events, logger, show });
  return { emit: (n: Notification) => events.emit('notification/new', () => n), stop };
}

describe('the headless OS notifier', () => {
  it('shows only what Settings want on the desktop: desktop notifications on, and the kind on', async () => {
    const dir = makeTempDir();
    const core = createCore({ dataDir: dir.path, logger: silentLogger });
    try {
      const show = vi.fn<ShowToast>((_toast, done) => done(null));
      const events = new SafeEmitter<Heard>(silentLogger);
      startOsNotifier({ events, logger: silentLogger, show, wanted: core.settings.wantsOsNotification });
      const emit = (n: Notification) => events.emit('notification/new', () => n);
      emit(notification(1));
      await core.invoke('settings/update', { notifications: { kinds: { error: false } } });
      emit(notification(2));
      emit({ ...notification(3), type: 'INFO' });
      await core.invoke('settings/update', { notifications: { osNotifications: false } });
      emit({ ...notification(4), type: 'INFO' });
      expect(show.mock.calls.map(([toast]) => toast.title)).toEqual(['Notice 1', 'Notice 3']);
    } finally {
      await core.stop();
      dir.remove();
    }
  });

  it('shows a new notification once, and stays quiet while its group grows', () => {
    const show = vi.fn<ShowToast>((_toast, done) => done(null));
    const { emit } = setUp(show);
    emit(notification(1, 1, 'Rate update failed: too low'));
    for (let count = 2; count <= 50; count += 1) emit(notification(1, count, `${count} rate updates failed`));
    emit(notification(2, 1, 'Cloudbeds is offline; changes are kept and will be sent'));

    expect(show.mock.calls.map(([toast]) => toast.title)).toEqual([
      'Rate update failed: too low',
      'Cloudbeds is offline; changes are kept and will be sent',
    ]);
  });

  it('logs a missing notification binary once, never throws, and stops asking', () => {
    const warn = vi.fn();
    const show = vi.fn<ShowToast>((_toast, done) => done(new Error('notify-send must be installed on the system.')));
    const { emit } = setUp(show, { ...silentLogger, warn });
    for (let id = 1; id <= 20; id += 1) expect(() => emit(notification(id))).not.toThrow();

    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn.mock.calls[0]![1]).toEqual({ error: 'notify-send must be installed on the system.' });
    expect(show).toHaveBeenCalledTimes(1);
  });

  it('survives a notifier that throws instead of calling back, logging it once', () => {
    const warn = vi.fn();
    const { emit } = setUp(
      () => {
        throw new Error('spawn notify-send ENOENT');
      },
      { ...silentLogger, warn },
    );
    for (let id = 1; id <= 5; id += 1) expect(() => emit(notification(id))).not.toThrow();
    expect(warn).toHaveBeenCalledTimes(1);
  });

  it('stops listening when unsubscribed', () => {
    const show = vi.fn<ShowToast>((_toast, done) => done(null));
    const { emit, stop } = setUp(show);
    stop();
    emit(notification(1));
    expect(show).not.toHaveBeenCalled();
  });

  // node-notifier on Linux (not WSL, where it sends Windows toasts) shows toasts with notify-send.
  // On a machine without it (CI, servers) the outcome is certain; on a desktop it depends on the
  // desktop, so the test runs only where there is no notify-send.
  it.runIf(process.platform === 'linux' && !/microsoft/i.test(release()) && !onPath('notify-send'))(
    'logs once that toasts are unavailable, with the real node-notifier on a machine without notify-send',
    async () => {
      const warn = vi.fn<Logger['warn']>();
      const events = new SafeEmitter<Heard>(silentLogger);
      startOsNotifier({ events, logger: { ...silentLogger, warn } });
      for (let id = 1; id <= 3; id += 1) expect(() => events.emit('notification/new', () => notification(id))).not.toThrow();

      await vi.waitFor(() => expect(warn).toHaveBeenCalled(), { timeout: 5_000 });
      events.emit('notification/new', () => notification(4));
      expect(warn.mock.calls).toEqual([
        ['desktop notifications are unavailable on this machine; they stay in the app only', { error: expect.stringContaining('notify-send') }],
      ]);
    },
  );
});

/** Whether an executable of this name is on the PATH, as node-notifier's own lookup (`which`) finds it. */
function onPath(command: string): boolean {
  return (process.env.PATH ?? '').split(delimiter).some((dir) => {
    try {
      accessSync(join(dir || '.', command), constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

describe('the headless OS notifier on a real core', () => {
  const PUSH = testKind('test/push', 'cloudbeds', ['rate update', 'rate updates']);
  it('shows one toast for a burst of failed rate updates, however many the group counts', async () => {
    const dir = makeTempDir();
    const core = createCore({
      dataDir: dir.path,
      logger: silentLogger,
      lanes: [{ name: 'cloudbeds', concurrency: 4 }],
      workers: [
        workerFor(PUSH, async () => {
          throw new RemoteError('validation', 'Rate must be at least 50.00');
        }),
      ],
    });
    const show = vi.fn<ShowToast>((_toast, done) => done(null));
    startOsNotifier({ events: core.events, logger: silentLogger, show });
    let grouped = 0;
    core.events.on('notification/new', (notification) => (grouped = notification.count));
    try {
      await core.start();
      core.queue.enqueue(Array.from({ length: 10 }, (_, i) => newJob(PUSH, i)));
      await vi.waitFor(() => expect(grouped).toBe(10), { timeout: 5_000 });
      expect(show).toHaveBeenCalledTimes(1);
      expect(show.mock.calls[0]![0].title).toBe('Rate update failed: Rate must be at least 50.00');
    } finally {
      await core.stop();
      dir.remove();
    }
  });
});
