import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { CallName, EventName, LaneStatus, SyncStatus } from '../shared/contract.js';
import { silentLogger } from '../core/logger.js';
import { SafeEmitter } from '../core/safe-emitter.js';
import type { ContractEvents } from '../core/core-events.js';
import { createSentinelTray, trayIndicator, trayMenuTemplate, trayTooltip, type TrayCore } from './tray.js';
import { drawTrayIcon, TRAY_INDICATORS } from './tray-icons.js';

/** Electron's Tray, Menu and nativeImage, faked: records what the tray shows. */
const electron = vi.hoisted(() => {
  type Item = { label?: string; enabled?: boolean; click?: () => void; type?: string };
  class Tray {
    static last: Tray;
    image: unknown;
    tooltip = '';
    title = '';
    menu: Item[] = [];
    menusBuilt = 0;
    destroyed = false;
    readonly listeners = new Map<string, () => void>();
    constructor(image: unknown) {
      this.image = image;
      Tray.last = this;
    }
    setImage = (image: unknown) => void (this.image = image);
    setToolTip = (text: string) => void (this.tooltip = text);
    setTitle = (text: string) => void (this.title = text);
    setContextMenu = (menu: Item[]) => {
      this.menu = menu;
      this.menusBuilt += 1;
    };
    on = (name: string, listener: () => void) => void this.listeners.set(name, listener);
    isDestroyed = () => this.destroyed;
    destroy = () => void (this.destroyed = true);
    item = (label: string) => this.menu.find((item) => item.label?.startsWith(label));
  }
  const nativeImage = {
    createFromBitmap: (_buffer: Buffer, options: { width: number }) => ({ kind: 'image', width: options.width, addRepresentation: () => {} }),
  };
  return { Tray, nativeImage, Menu: { buildFromTemplate: (items: Item[]) => items } };
});
vi.mock('electron', () => electron);

const lane = (name: string, state: LaneStatus['state'], depth: Partial<LaneStatus['depth']> = {}): LaneStatus => ({
  lane: name,
  displayName: name === 'cloudbeds' ? 'Cloudbeds' : name,
  jobKinds: [],
  jobTypes: [],
  state,
  depth: { queued: 0, scheduled: 0, sending: 0, failed: 0, ...depth },
  lastSuccessAt: null,
  lastError: null,
  rateHeadroom: null,
  rateLimit: null,
  connection: 'demo',
});
const status = (lanes: LaneStatus[], paused = false): SyncStatus => ({ paused, storage: { state: 'ok', since: null, message: null, detail: null }, lanes });

describe('trayIndicator', () => {
  it('mirrors the header: idle, syncing, offline with the queue, error, paused', () => {
    expect(trayIndicator(status([lane('cloudbeds', 'online')]))).toEqual({ indicator: 'idle', summary: 'All changes sent' });
    expect(trayIndicator(status([lane('cloudbeds', 'online', { queued: 3, sending: 2 })]))).toEqual({ indicator: 'syncing', summary: 'Syncing 5' });
    expect(trayIndicator(status([lane('cloudbeds', 'offline', { queued: 7 })]))).toEqual({ indicator: 'offline', summary: 'Offline, 7 queued' });
    expect(trayIndicator(status([lane('cloudbeds', 'online', { failed: 2 })]))).toEqual({ indicator: 'error', summary: '2 failed' });
    expect(trayIndicator(status([lane('cloudbeds', 'needs_sign_in')]))).toMatchObject({ indicator: 'error', summary: 'Sign-in needed: Cloudbeds' });
    expect(trayIndicator(status([lane('cloudbeds', 'paused', { queued: 1 })], true))).toEqual({ indicator: 'paused', summary: 'Sync paused, 1 queued' });
  });

  it('puts the unread count in the tooltip', () => {
    expect(trayTooltip('All changes sent', 0)).toBe('Sentinel Control Room: All changes sent');
    expect(trayTooltip('Syncing 5', 3)).toBe('Sentinel Control Room: Syncing 5 · 3 unread notifications');
  });

  it('offers Pause or Resume by state, and Retry failed only when something failed', () => {
    const actions = { open: vi.fn(), pause: vi.fn(), resume: vi.fn(), retryFailed: vi.fn(), quit: vi.fn() };
    const labels = (state: { paused: boolean; failed: number }) =>
      trayMenuTemplate(state, actions).filter((item) => item.label).map((item) => [item.label, item.enabled ?? true]);
    expect(labels({ paused: false, failed: 0 })).toEqual([
      ['Open Sentinel Control Room', true],
      ['Pause sync', true],
      ['Retry failed', false],
      ['Quit', true],
    ]);
    expect(labels({ paused: true, failed: 4 })).toContainEqual(['Resume sync', true]);
    expect(labels({ paused: true, failed: 4 })).toContainEqual(['Retry failed (4)', true]);
  });
});

describe('tray icons', () => {
  it('draws a distinct, partly transparent icon for every state at 1x and 2x', () => {
    const drawn = TRAY_INDICATORS.map((indicator) => drawTrayIcon(indicator, 16).toString('base64'));
    expect(new Set(drawn).size).toBe(TRAY_INDICATORS.length);
    const big = drawTrayIcon('idle', 32);
    expect(big.length).toBe(32 * 32 * 4);
    expect(big[3]).toBe(0); // a corner is transparent
    expect(big[(16 * 32 + 16) * 4 + 3]).toBe(255); // the centre is opaque
  });
});

describe('the tray', () => {
  let events: SafeEmitter<ContractEvents>;
  let calls: { name: CallName; args: unknown }[];
  let syncStatus: SyncStatus;
  let unread: number;
  let core: TrayCore;

  beforeEach(() => {
    events = new SafeEmitter(silentLogger);
    calls = [];
    unread = 2;
    syncStatus = status([lane('cloudbeds', 'online', { queued: 4 })]);
    core = {
      events: { on: (name: EventName, listener: never) => events.on(name, listener) } as TrayCore['events'],
      invoke: (async (name: CallName, args: unknown) => {
        calls.push({ name, args });
        if (name === 'sync/status') return { ok: true, data: syncStatus };
        if (name === 'sync/pause') return { ok: true, data: (syncStatus = { ...syncStatus, paused: true }) };
        if (name === 'sync/resume') return { ok: true, data: (syncStatus = { ...syncStatus, paused: false }) };
        if (name === 'notifications/list') return { ok: true, data: { items: [], unread } };
        if (name === 'jobs/retry-all') return { ok: true, data: { count: 1 } };
        return { ok: false, error: { code: 'unknown_call', message: name } };
      }) as TrayCore['invoke'],
    };
  });
  afterEach(() => vi.restoreAllMocks());

  const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

  it('starts from the current sync status and unread count, then follows pushed events', async () => {
    const tray = await createSentinelTray({ core, open: vi.fn(), quit: vi.fn(), platform: 'darwin' });
    await settle();
    const shown = electron.Tray.last;
    expect(shown.tooltip).toBe('Sentinel Control Room: Syncing 4 · 2 unread notifications');
    expect(shown.title).toBe('2');

    events.emit('sync/changed', () => status([lane('cloudbeds', 'offline', { queued: 9 })]));
    expect(shown.tooltip).toMatch(/^Sentinel Control Room: Offline, 9 queued/);
    unread = 3;
    events.emit('notification/new', () => ({}) as never);
    await settle();
    expect(shown.title).toBe('3');
    events.emit('notifications/read', () => ({ unread: 0 }));
    expect(shown.tooltip).toBe('Sentinel Control Room: Offline, 9 queued');
    expect(shown.title).toBe('');

    tray.destroy();
    expect(shown.destroyed).toBe(true);
    expect(events.has('sync/changed')).toBe(false);
  });

  it('pauses and resumes all sync, retries failed jobs, opens and quits from the menu', async () => {
    const open = vi.fn();
    const quit = vi.fn();
    await createSentinelTray({ core, open, quit, platform: 'linux' });
    await settle();
    const shown = electron.Tray.last;

    shown.item('Pause sync')!.click!();
    await settle();
    expect(calls.at(-1)).toEqual({ name: 'sync/pause', args: {} });
    expect(shown.tooltip).toMatch(/Sync paused/);
    shown.item('Resume sync')!.click!();
    await settle();
    expect(calls.at(-1)).toEqual({ name: 'sync/resume', args: {} });

    events.emit('sync/changed', () => status([lane('cloudbeds', 'online', { failed: 2 })]));
    shown.item('Retry failed (2)')!.click!();
    await settle();
    expect(calls.at(-1)).toEqual({ name: 'jobs/retry-all', args: {} });

    shown.item('Open')!.click!();
    shown.listeners.get('click')!();
    expect(open).toHaveBeenCalledTimes(2);
    shown.item('Quit')!.click!();
    expect(quit).toHaveBeenCalledTimes(1);
  });

  it('does not rebuild its menu when only the queue depth changes', async () => {
    await createSentinelTray({ core, open: vi.fn(), quit: vi.fn(), platform: 'linux' });
    await settle();
    const built = electron.Tray.last.menusBuilt;
    for (let queued = 1; queued < 20; queued += 1) events.emit('sync/changed', () => status([lane('cloudbeds', 'online', { queued })]));
    expect(electron.Tray.last.menusBuilt).toBe(built);
  });
});

describe('hideOnClose', () => {
  it('hides the window instead of closing it, unless the app is quitting', async () => {
    const { hideOnClose } = await import('./tray.js');
    let listener: ((event: { preventDefault(): void }) => void) | undefined;
    const window = { on: (_name: 'close', l: typeof listener) => (listener = l), hide: vi.fn() };
    let quitting = false;
    hideOnClose(window, () => quitting);

    const closing = { preventDefault: vi.fn() };
    listener!(closing);
    expect(closing.preventDefault).toHaveBeenCalled();
    expect(window.hide).toHaveBeenCalledTimes(1);

    quitting = true;
    const quittingClose = { preventDefault: vi.fn() };
    listener!(quittingClose);
    expect(quittingClose.preventDefault).not.toHaveBeenCalled();
    expect(window.hide).toHaveBeenCalledTimes(1);
  });
});
