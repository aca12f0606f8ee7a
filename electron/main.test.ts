import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { DATABASE_FILE } from '../core/core.js';
import { freePort } from '../core/testing/free-port.js';
import { ipcCallChannel, ipcEventChannel } from '../shared/bridge.js';
import { CALL_NAMES } from '../shared/contract.js';

/** Just enough of Electron for main.ts: an `app` whose whenReady resolves at once, and recorders. */
const fake = vi.hoisted(() => {
  type Listener = (...args: unknown[]) => void;
  const appListeners = new Map<string, Listener[]>();
  const handlers = new Map<string, (event: unknown, args: unknown) => Promise<unknown>>();
  const app = {
    isPackaged: false,
    userData: '',
    requestSingleInstanceLock: vi.fn(() => true),
    whenReady: vi.fn(() => Promise.resolve()),
    getPath: vi.fn((name: string) => (name === 'logs' ? join(app.userData, 'logs') : app.userData)),
    getAppPath: () => join('/nonexistent', 'sentinel'),
    on: vi.fn((name: string, listener: Listener) => {
      appListeners.set(name, [...(appListeners.get(name) ?? []), listener]);
      return app;
    }),
    emit: (name: string, ...args: unknown[]) => appListeners.get(name)?.forEach((listener) => listener(...args)),
    quit: vi.fn(),
    exit: vi.fn(),
  };
  class BrowserWindow {
    static windows: BrowserWindow[] = [];
    static getAllWindows = () => BrowserWindow.windows;
    readonly webContents = {
      send: vi.fn(),
      isDestroyed: () => false,
      once: vi.fn(),
      on: vi.fn(),
      removeListener: vi.fn(),
      setWindowOpenHandler: vi.fn(),
      getURL: () => '',
    };
    readonly loadFile = vi.fn(async () => {});
    readonly loadURL = vi.fn(async () => {});
    readonly focus = vi.fn();
    readonly show = vi.fn();
    readonly hide = vi.fn();
    readonly maximize = vi.fn();
    readonly listeners = new Map<string, Listener[]>();
    isMaximized = () => false;
    getNormalBounds = () => ({ x: 40, y: 30, width: 1300, height: 850 });
    constructor(readonly options: { webPreferences: { preload: string }; width: number }) {
      BrowserWindow.windows.push(this);
    }
    on(name: string, listener: Listener) {
      this.listeners.set(name, [...(this.listeners.get(name) ?? []), listener]);
      return this;
    }
    emit(name: string, ...args: unknown[]) {
      this.listeners.get(name)?.forEach((listener) => listener(...args));
    }
    once() {
      return this;
    }
    isDestroyed = () => false;
    isMinimized = () => false;
    restore() {}
  }
  class Tray {
    static trays: Tray[] = [];
    tooltip = '';
    destroyed = false;
    constructor() {
      Tray.trays.push(this);
    }
    setImage() {}
    setToolTip(text: string) {
      this.tooltip = text;
    }
    setTitle() {}
    setContextMenu() {}
    on() {}
    isDestroyed = () => this.destroyed;
    destroy() {
      this.destroyed = true;
    }
  }
  class Notification {
    static shown: Notification[] = [];
    static isSupported = () => true;
    readonly listeners = new Map<string, Listener>();
    constructor(readonly options: { title: string; body: string }) {}
    on(name: string, listener: Listener) {
      this.listeners.set(name, listener);
    }
    show() {
      Notification.shown.push(this);
    }
    close() {}
  }
  const defaultSession = {
    webRequest: { onHeadersReceived: vi.fn() },
    setPermissionRequestHandler: vi.fn(),
    setPermissionCheckHandler: vi.fn(),
  };
  return {
    app,
    handlers,
    BrowserWindow,
    ipcMain: { handle: vi.fn((channel: string, h: never) => handlers.set(channel, h)), removeHandler: vi.fn((c: string) => handlers.delete(c)) },
    session: { defaultSession },
    dialog: { showErrorBox: vi.fn() },
    screen: { getAllDisplays: () => [{ workArea: { x: 0, y: 0, width: 1920, height: 1080 } }] },
    Tray,
    Menu: { buildFromTemplate: (items: unknown[]) => items },
    nativeImage: { createFromBitmap: () => ({ addRepresentation: () => {} }) },
    Notification,
  };
});

vi.mock('electron', () => ({
  app: fake.app,
  BrowserWindow: fake.BrowserWindow,
  ipcMain: fake.ipcMain,
  session: fake.session,
  dialog: fake.dialog,
  screen: fake.screen,
  Tray: fake.Tray,
  Menu: fake.Menu,
  nativeImage: fake.nativeImage,
  Notification: fake.Notification,
  // No keychain in tests: nothing is saved, and nothing needs decrypting.
  safeStorage: {
    isAsyncEncryptionAvailable: async () => false,
    encryptStringAsync: async () => Buffer.alloc(0),
    decryptStringAsync: async () => ({ shouldReEncrypt: false, result: '' }),
  },
}));

// electron-store imports the real electron, which loads only inside Electron: a memory store here.
vi.mock('electron-store', () => ({
  default: class {
    static saved = new Map<string, unknown>();
    get = (key: string) => (this.constructor as unknown as { saved: Map<string, unknown> }).saved.get(key);
    set = (key: string, value: unknown) => (this.constructor as unknown as { saved: Map<string, unknown> }).saved.set(key, value);
  },
}));

// main.ts resolves its renderer folder beside itself; from source that is <repo>/renderer.
const ourPage = { senderFrame: { url: pathToFileURL(join(dirname(fileURLToPath(import.meta.url)), '..', 'renderer', 'index.html')).href } };

describe('the main process', () => {
  let quitEvent: { preventDefault: ReturnType<typeof vi.fn> } | undefined;
  let webhookPort = 0;

  beforeAll(async () => {
    fake.app.userData = await mkdtemp(join(tmpdir(), 'sentinel-main-'));
    await import('./main.js');
    await vi.waitFor(() => expect(fake.BrowserWindow.windows).toHaveLength(1));
  });

  afterAll(async () => {
    if (!quitEvent) fake.app.emit('before-quit', { preventDefault: vi.fn() });
    await vi.waitFor(() => expect(fake.app.quit).toHaveBeenCalled());
    await rm(fake.app.userData, { recursive: true, force: true });
  });

  it('on ready starts a core in userData, registers every contract call and opens the window', async () => {
    expect(fake.app.requestSingleInstanceLock).toHaveBeenCalledTimes(1);
    expect(existsSync(join(fake.app.userData, DATABASE_FILE))).toBe(true);
    expect([...fake.handlers.keys()].sort()).toEqual(CALL_NAMES.map(ipcCallChannel).sort());
    expect(fake.session.defaultSession.webRequest.onHeadersReceived).toHaveBeenCalled();

    const [window] = fake.BrowserWindow.windows;
    expect(window!.options.webPreferences).toMatchObject({ contextIsolation: true, sandbox: true });
    expect(window!.options.webPreferences.preload).toMatch(/preload\.cjs$/);
    expect(window!.loadFile).toHaveBeenCalledWith(expect.stringMatching(/renderer[/\\]index\.html$/));
    expect(fake.app.on).toHaveBeenCalledWith('web-contents-created', expect.any(Function));
  });

  it('guards every webContents created, closing DevTools once packaged; from source the window keeps them', () => {
    const contents = { setWindowOpenHandler: vi.fn(), on: vi.fn(), getURL: () => '', closeDevTools: vi.fn() };
    fake.app.isPackaged = true;
    try {
      fake.app.emit('web-contents-created', {}, contents);
    } finally {
      fake.app.isPackaged = false;
    }
    const events = contents.on.mock.calls.map(([name]) => name);
    expect(events).toEqual(expect.arrayContaining(['will-navigate', 'will-frame-navigate', 'will-redirect', 'devtools-opened']));
    expect(fake.BrowserWindow.windows[0]!.options.webPreferences).toMatchObject({ devTools: true });
  });

  it("keeps its log in the OS's logs folder", () => {
    expect(fake.app.getPath).toHaveBeenCalledWith('logs');
    expect(existsSync(join(fake.app.userData, 'logs', 'sentinel.log'))).toBe(true);
  });

  it("answers our page's calls from the real core and forwards its events to the window", async () => {
    const status = await fake.handlers.get(ipcCallChannel('sync/pause'))!(ourPage, {});
    expect(status).toMatchObject({ ok: true, data: { paused: true } });
    const stranger = await fake.handlers.get(ipcCallChannel('sync/status'))!({ senderFrame: { url: 'https://evil.example/' } }, {});
    expect(stranger).toMatchObject({ ok: false, error: { code: 'unauthorized' } });

    const [window] = fake.BrowserWindow.windows;
    await vi.waitFor(() =>
      expect(window!.webContents.send).toHaveBeenCalledWith(ipcEventChannel('sync/changed'), expect.objectContaining({ paused: true })),
    );
  });

  it('puts a tray icon up that follows the sync status', async () => {
    expect(fake.Tray.trays).toHaveLength(1);
    await vi.waitFor(() => expect(fake.Tray.trays[0]!.tooltip).toMatch(/^Sentinel Control Room: /));
  });

  it('hides the window in the tray when it is closed, remembering where it was', async () => {
    const [window] = fake.BrowserWindow.windows;
    const closing = { preventDefault: vi.fn() };
    window!.emit('close', closing);
    expect(closing.preventDefault).toHaveBeenCalled();
    expect(window!.hide).toHaveBeenCalled();
    const Store = (await import('electron-store')).default as unknown as { saved: Map<string, unknown> };
    expect(Store.saved.get('windowState')).toEqual({ bounds: { x: 40, y: 30, width: 1300, height: 850 }, maximized: false });
  });

  it('focuses the existing window when a second instance starts', () => {
    fake.app.emit('second-instance');
    expect(fake.BrowserWindow.windows[0]!.focus).toHaveBeenCalled();
  });

  it('receives Beds24 webhooks on the port Settings give, and closes it on quit', async () => {
    webhookPort = await freePort();
    const update = await fake.handlers.get(ipcCallChannel('settings/update'))!(ourPage, { channelWebhook: { enabled: true, port: webhookPort } });
    expect(update).toMatchObject({ ok: true });
    // No secret is saved (this test's keychain keeps nothing): the listener answers, and refuses.
    await vi.waitFor(async () => expect((await fetch(`http://127.0.0.1:${webhookPort}/webhooks/beds24`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })).status).toBe(401));
    const settings = await fake.handlers.get(ipcCallChannel('settings/get'))!(ourPage, {});
    expect(settings).toMatchObject({ ok: true, data: { channelWebhook: { listener: { state: 'listening' } } } });
  });

  it('on quit holds the quit until the core has stopped, then quits for real', async () => {
    quitEvent = { preventDefault: vi.fn() };
    fake.app.emit('before-quit', quitEvent);
    expect(quitEvent.preventDefault).toHaveBeenCalledTimes(1);
    expect(fake.handlers.size).toBe(0);

    await vi.waitFor(() => expect(fake.app.quit).toHaveBeenCalledTimes(1));
    expect(fake.Tray.trays[0]!.destroyed).toBe(true);
    await expect(fetch(`http://127.0.0.1:${webhookPort}/webhooks/beds24`, { method: 'POST' })).rejects.toThrow();
    // Quitting, the window really closes.
    const closing = { preventDefault: vi.fn() };
    fake.BrowserWindow.windows[0]!.emit('close', closing);
    expect(closing.preventDefault).not.toHaveBeenCalled();
    const second = { preventDefault: vi.fn() };
    fake.app.emit('before-quit', second);
    expect(second.preventDefault).not.toHaveBeenCalled();
  });
});
