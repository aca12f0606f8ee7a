import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it, vi } from 'vitest';
import { CONTENT_SECURITY_POLICY, DEV_CONTENT_SECURITY_POLICY } from '../shared/content-security-policy.js';
import {
  createMainWindow,
  guardWebContents,
  hardenSession,
  isAllowedNavigation,
  parseDevServerUrl,
  secureWebPreferences,
} from './window.js';

/** Electron's BrowserWindow, faked: records its options and what it loaded. */
const electron = vi.hoisted(() => {
  type Listener = (...args: unknown[]) => void;
  class FakeWebContents {
    readonly listeners = new Map<string, Listener[]>();
    windowOpenHandler: (() => unknown) | undefined;
    url = '';
    on(name: string, listener: Listener) {
      this.listeners.set(name, [...(this.listeners.get(name) ?? []), listener]);
      return this;
    }
    emit(name: string, ...args: unknown[]) {
      for (const listener of this.listeners.get(name) ?? []) listener(...args);
    }
    setWindowOpenHandler(handler: () => unknown) {
      this.windowOpenHandler = handler;
    }
    getURL() {
      return this.url;
    }
    closeDevTools = vi.fn();
  }
  class FakeBrowserWindow {
    readonly webContents = new FakeWebContents();
    readonly onceListeners = new Map<string, Listener>();
    loaded: { file?: string; url?: string } = {};
    show = vi.fn();
    maximize = vi.fn();
    constructor(readonly options: Record<string, unknown>) {}
    on() {
      return this;
    }
    once(name: string, listener: Listener) {
      this.onceListeners.set(name, listener);
      return this;
    }
    loadFile(file: string) {
      this.loaded = { file };
      return Promise.resolve();
    }
    loadURL(url: string) {
      this.loaded = { url };
      return Promise.resolve();
    }
  }
  return { FakeBrowserWindow, FakeWebContents };
});

// Hoisted above the imports, so window.ts gets the fake.
vi.mock('electron', () => ({ BrowserWindow: electron.FakeBrowserWindow }));

const rendererDir = join('/opt', 'sentinel', 'dist', 'renderer');
const page = pathToFileURL(join(rendererDir, 'index.html')).href;

const fromSource = { isPackaged: false };
const packaged = { isPackaged: true };

describe('secureWebPreferences', () => {
  it('isolates and sandboxes the renderer, with no Node, web security on and no <webview>', () => {
    expect(secureWebPreferences('/app/preload.cjs', packaged)).toMatchObject({
      preload: '/app/preload.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
    });
  });

  it('disables DevTools in a packaged app and keeps them when running from source', () => {
    expect(secureWebPreferences('/app/preload.cjs', packaged).devTools).toBe(false);
    expect(secureWebPreferences('/app/preload.cjs', fromSource).devTools).toBe(true);
  });
});

describe('the content security policy', () => {
  type HeadersListener = (details: { url: string; responseHeaders?: Record<string, string[]> }, callback: (r: unknown) => void) => void;
  function hardened(devOrigin?: string) {
    let onHeaders: HeadersListener | undefined;
    const session = {
      webRequest: { onHeadersReceived: vi.fn((listener: HeadersListener) => (onHeaders = listener)) },
      setPermissionRequestHandler: vi.fn(),
      setPermissionCheckHandler: vi.fn(),
    };
    hardenSession(session as never, { rendererDir, ...(devOrigin ? { devOrigin } : {}) });
    return { session, onHeaders: onHeaders! };
  }

  it('is the shared header policy on the built app’s page (shared/content-security-policy.ts)', () => {
    const { onHeaders } = hardened();
    const answer = vi.fn();
    onHeaders({ url: page, responseHeaders: {} }, answer);
    expect(answer).toHaveBeenLastCalledWith({ responseHeaders: { 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] } });
  });

  it('is set on responses for our pages only, and page permissions are refused', () => {
    const { session, onHeaders } = hardened('http://localhost:5173');
    const answer = vi.fn();
    onHeaders({ url: 'http://localhost:5173/', responseHeaders: { 'content-security-policy': ['script-src *'], 'X-Other': ['1'] } }, answer);
    expect(answer).toHaveBeenLastCalledWith({ responseHeaders: { 'X-Other': ['1'], 'Content-Security-Policy': [DEV_CONTENT_SECURITY_POLICY] } });
    onHeaders({ url: 'https://evil.example/', responseHeaders: {} }, answer);
    expect(answer).toHaveBeenLastCalledWith({});

    const [requestHandler] = session.setPermissionRequestHandler.mock.calls[0]!;
    const decide = vi.fn();
    requestHandler({}, 'geolocation', decide);
    requestHandler({}, 'clipboard-sanitized-write', decide);
    expect(decide.mock.calls).toEqual([[false], [true]]);
    const [checkHandler] = session.setPermissionCheckHandler.mock.calls[0]!;
    expect(checkHandler({}, 'media')).toBe(false);
  });
});

describe('navigation', () => {
  it('allows only the same page (a reload or another #fragment) and blocks every other URL', () => {
    expect(isAllowedNavigation(page, page)).toBe(true);
    expect(isAllowedNavigation(page, `${page}#/jobs`)).toBe(true);
    expect(isAllowedNavigation(page, 'https://evil.example/')).toBe(false);
    expect(isAllowedNavigation(page, pathToFileURL('/etc/passwd').href)).toBe(false);
    expect(isAllowedNavigation(page, `${page}?other=1`)).toBe(false);
    expect(isAllowedNavigation(page, 'not a url')).toBe(false);
  });

  function guarded(build = fromSource) {
    const contents = new electron.FakeWebContents();
    contents.url = page;
    guardWebContents(contents as never, build);
    return contents;
  }

  it('guards a webContents: window.open is denied and <webview> is prevented, once however often it is guarded', () => {
    const contents = guarded();
    guardWebContents(contents as never, fromSource);

    expect(contents.windowOpenHandler?.()).toEqual({ action: 'deny' });
    expect(contents.listeners.get('will-navigate')).toHaveLength(1);

    const webview = { preventDefault: vi.fn() };
    contents.emit('will-attach-webview', webview);
    expect(webview.preventDefault).toHaveBeenCalled();
  });

  it.each(['will-navigate', 'will-frame-navigate', 'will-redirect'])(
    'prevents %s to any other URL and lets the app’s own page through',
    (eventName) => {
      const contents = guarded();
      for (const url of ['https://evil.example/', pathToFileURL('/etc/passwd').href, `${page}?other=1`]) {
        const away = { url, preventDefault: vi.fn() };
        contents.emit(eventName, away);
        expect(away.preventDefault, url).toHaveBeenCalled();
      }
      for (const url of [page, `${page}#/jobs`]) {
        const own = { url, preventDefault: vi.fn() };
        contents.emit(eventName, own);
        expect(own.preventDefault, url).not.toHaveBeenCalled();
      }
    },
  );

  it('closes DevTools at once on any webContents of a packaged app, and leaves them open when running from source', () => {
    const installed = guarded(packaged);
    installed.emit('devtools-opened');
    expect(installed.closeDevTools).toHaveBeenCalled();

    const dev = guarded(fromSource);
    dev.emit('devtools-opened');
    expect(dev.closeDevTools).not.toHaveBeenCalled();
  });
});

describe('createMainWindow', () => {
  const asFake = (window: unknown) => window as InstanceType<typeof electron.FakeBrowserWindow>;

  it('uses the secure preferences, loads the built renderer and shows once ready', () => {
    const window = asFake(createMainWindow({ preloadPath: '/app/preload.cjs', rendererIndex: join(rendererDir, 'index.html'), ...packaged }));
    expect(window.options).toMatchObject({ show: false, webPreferences: secureWebPreferences('/app/preload.cjs', packaged) });
    expect(window.options).toMatchObject({ webPreferences: { devTools: false } });
    expect(String(window.options.title)).toContain('Sentinel');
    // The app icon the build puts beside the page (renderer/public/app-icon.png).
    expect(window.options.icon).toBe(join(rendererDir, 'app-icon.png'));
    expect(window.loaded).toEqual({ file: join(rendererDir, 'index.html') });
    expect(window.webContents.windowOpenHandler?.()).toEqual({ action: 'deny' });

    window.onceListeners.get('ready-to-show')?.();
    expect(window.show).toHaveBeenCalled();
  });

  it('opens where the person left it, maximized again if it was', () => {
    const window = asFake(
      createMainWindow({ preloadPath: '/p.cjs', rendererIndex: '/r/index.html', ...fromSource, bounds: { x: 5, y: 6, width: 1400, height: 900 }, maximized: true }),
    );
    expect(window.options).toMatchObject({ x: 5, y: 6, width: 1400, height: 900 });
    window.onceListeners.get('ready-to-show')?.();
    expect(window.maximize).toHaveBeenCalled();
    expect(window.show).toHaveBeenCalled();
    const fresh = asFake(createMainWindow({ preloadPath: '/p.cjs', rendererIndex: '/r/index.html', ...fromSource }));
    expect(fresh.options).toMatchObject({ width: 1280, height: 800 });
  });

  it('loads the dev server instead when given its URL', () => {
    const window = asFake(createMainWindow({ preloadPath: '/p.cjs', rendererIndex: '/r/index.html', devUrl: 'http://localhost:5173/', ...fromSource }));
    expect(window.loaded).toEqual({ url: 'http://localhost:5173/' });
    expect(window.options).toMatchObject({ webPreferences: { devTools: true } });
  });
});

describe('parseDevServerUrl', () => {
  it('accepts only loopback http(s) URLs', () => {
    expect(parseDevServerUrl('http://localhost:5173')).toBe('http://localhost:5173/');
    expect(parseDevServerUrl('http://127.0.0.1:5173/')).toBe('http://127.0.0.1:5173/');
    expect(parseDevServerUrl('https://evil.example/')).toBeUndefined();
    expect(parseDevServerUrl('file:///etc/passwd')).toBeUndefined();
    expect(parseDevServerUrl('nonsense')).toBeUndefined();
    expect(parseDevServerUrl(undefined)).toBeUndefined();
  });
});
