/**
 * The tray icon: mirrors the header's sync indicator (idle / syncing / offline / error /
 * paused) with the unread count, and offers Open, Pause or Resume sync, Retry failed and Quit.
 * Driven by the core's pushed events, so it never polls.
 */
import { Menu, Tray, type MenuItemConstructorOptions } from 'electron';
import type { CallArgs, CallName, CallOutcome, CallResult, EventName, EventPayload, SyncStatus } from '../shared/contract.js';
import { trayIcon, type TrayIndicator } from './tray-icons.js';

/** What the tray shows for a sync status, and the words for its tooltip. */
export function trayIndicator(status: SyncStatus): { indicator: TrayIndicator; summary: string } {
  const total = (part: 'queued' | 'sending' | 'failed') => status.lanes.reduce((sum, lane) => sum + lane.depth[part], 0);
  const waiting = total('queued') + total('sending');
  const failed = total('failed');
  const signIn = status.lanes.filter((lane) => lane.state === 'needs_sign_in').map((lane) => lane.displayName);
  if (signIn.length > 0) return { indicator: 'error', summary: `Sign-in needed: ${signIn.join(', ')}` };
  if (status.paused) return { indicator: 'paused', summary: `Sync paused, ${waiting} queued` };
  if (status.lanes.some((lane) => lane.state === 'offline')) return { indicator: 'offline', summary: `Offline, ${waiting} queued` };
  if (failed > 0) return { indicator: 'error', summary: `${failed} failed` };
  if (waiting > 0) return { indicator: 'syncing', summary: `Syncing ${waiting}` };
  return { indicator: 'idle', summary: 'All changes sent' };
}

export function trayTooltip(summary: string, unread: number): string {
  const notes = unread === 0 ? '' : ` · ${unread} unread ${unread === 1 ? 'notification' : 'notifications'}`;
  return `Sentinel Control Room: ${summary}${notes}`;
}

export interface TrayActions {
  open(): void;
  pause(): void;
  resume(): void;
  retryFailed(): void;
  quit(): void;
}

export function trayMenuTemplate(state: { paused: boolean; failed: number }, actions: TrayActions): MenuItemConstructorOptions[] {
  return [
    { label: 'Open Sentinel Control Room', click: () => actions.open() },
    { type: 'separator' },
    state.paused ? { label: 'Resume sync', click: () => actions.resume() } : { label: 'Pause sync', click: () => actions.pause() },
    {
      label: state.failed > 0 ? `Retry failed (${state.failed})` : 'Retry failed',
      enabled: state.failed > 0,
      click: () => actions.retryFailed(),
    },
    { type: 'separator' },
    { label: 'Quit', click: () => actions.quit() },
  ];
}

/** What the tray needs of the core: its one boundary and its pushed events. */
export interface TrayCore {
  /** `core.invoke`: validates and runs one call; never throws. */
  invoke(name: CallName, args: unknown): Promise<CallOutcome<CallName>>;
  events: { on<E extends EventName>(name: E, listener: (payload: EventPayload<E>) => void): () => void };
}

export interface SentinelTrayOptions {
  core: TrayCore;
  /** Shows and focuses the main window (creating it if needed). */
  open(): void;
  /** Quits for real (the tray's Quit, unlike closing the window). */
  quit(): void;
  platform?: NodeJS.Platform;
  onError?(message: string, error: unknown): void;
}

/** Creates the tray and keeps it in step with the core; returns `destroy` for quit. */
export async function createSentinelTray(options: SentinelTrayOptions) {
  const { core } = options;
  const platform = options.platform ?? process.platform;
  const report = options.onError ?? ((message, error) => console.error(`Sentinel: ${message}`, error));
  const tray = new Tray(trayIcon('idle'));
  let status: SyncStatus | undefined;
  let unread = 0;
  let menuKey = '';

  const run = <K extends CallName>(name: K, args: CallArgs<K>, then?: (data: CallResult<K>) => void) => {
    core.invoke(name, args).then(
      (outcome) => (outcome.ok ? then?.(outcome.data as CallResult<K>) : report(`${name} from the tray was refused: ${outcome.error.message}`, outcome.error)),
      (error: unknown) => report(`${name} from the tray failed`, error),
    );
  };
  const actions: TrayActions = {
    open: options.open,
    pause: () => run('sync/pause', {}, show),
    resume: () => run('sync/resume', {}, show),
    retryFailed: () => run('jobs/retry-all', {}),
    quit: options.quit,
  };

  function render(): void {
    if (tray.isDestroyed()) return;
    const { indicator, summary } = status ? trayIndicator(status) : { indicator: 'idle' as const, summary: 'Starting' };
    tray.setImage(trayIcon(indicator));
    tray.setToolTip(trayTooltip(summary, unread));
    // macOS shows text beside a menu-bar icon; elsewhere the tooltip carries the count.
    if (platform === 'darwin') tray.setTitle(unread > 0 ? String(unread) : '');
    const menuState = { paused: status?.paused ?? false, failed: status?.lanes.reduce((sum, lane) => sum + lane.depth.failed, 0) ?? 0 };
    // Rebuilding a native menu on every depth change would flicker an open menu; only on change.
    const key = JSON.stringify(menuState);
    if (key !== menuKey) {
      menuKey = key;
      tray.setContextMenu(Menu.buildFromTemplate(trayMenuTemplate(menuState, actions)));
    }
  }
  function show(next: SyncStatus): void {
    status = next;
    render();
  }
  const refreshUnread = () =>
    run('notifications/list', { limit: 1 }, (data) => {
      unread = data.unread;
      render();
    });

  // Windows and Linux open the app on a click; macOS opens the menu (set above) instead.
  if (platform !== 'darwin') tray.on('click', () => options.open());
  const unsubscribes = [
    core.events.on('sync/changed', show),
    core.events.on('notification/new', refreshUnread),
    core.events.on('notifications/read', ({ unread: count }) => {
      unread = count;
      render();
    }),
  ];
  render();
  run('sync/status', {}, show);
  refreshUnread();

  return {
    destroy(): void {
      for (const unsubscribe of unsubscribes) unsubscribe();
      if (!tray.isDestroyed()) tray.destroy();
    },
  };
}

/**
 * Close-to-tray: closing the window hides it and sync carries on in the background; only a real
 * quit (tray or app menu, which set the quitting flag in `before-quit`) lets it close.
 */
export function hideOnClose(
  window: { on(name: 'close', listener: (event: { preventDefault(): void }) => void): unknown; hide(): void },
  isQuitting: () => boolean,
): void {
  window.on('close', (event) => {
    if (isQuitting()) return;
    event.preventDefault();
    window.hide();
  });
}
