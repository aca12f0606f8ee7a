import { BrowserWindow, type Session, type WebContents, type WebPreferences } from 'electron';
import { dirname, join } from 'node:path';
import { CONTENT_SECURITY_POLICY, DEV_CONTENT_SECURITY_POLICY } from '../shared/content-security-policy.js';
import { isTrustedSender, type TrustedOrigins } from './ipc.js';

/** What the window rules depend on: whether this is an installed build (`app.isPackaged`). */
export interface BuildKind {
  /** A packaged app has no DevTools: they would hand anyone at the desk the page's whole API. */
  isPackaged: boolean;
}

/**
 * The renderer's preferences: isolated, sandboxed, no Node, web security on, no <webview>, and
 * no DevTools in a packaged app (neither openDevTools nor the menu's shortcut can open them).
 * The page reaches the core only through the preload's `window.sentinel`.
 */
export function secureWebPreferences(preloadPath: string, build: BuildKind): WebPreferences {
  return {
    preload: preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    experimentalFeatures: false,
    // A file dropped on the window must not replace the app with that file.
    navigateOnDragDrop: false,
    spellcheck: false,
    devTools: !build.isPackaged,
  };
}

/**
 * Whether a page may navigate from `currentUrl` to `targetUrl`: only to the same page (a reload,
 * or the same document with another #fragment). Everything else is blocked; the app is one page
 * and has no business showing anyone else's.
 */
export function isAllowedNavigation(currentUrl: string, targetUrl: string): boolean {
  try {
    const current = new URL(currentUrl);
    const target = new URL(targetUrl);
    current.hash = '';
    target.hash = '';
    return current.href === target.href;
  } catch {
    return false;
  }
}

/** The window-open handler of every webContents: the app never opens other windows. */
export const denyWindowOpen = (): { action: 'deny' } => ({ action: 'deny' });

const guarded = new WeakSet<object>();

/** A navigation event's details: where the frame would go, and how to stop it. */
interface NavigationAttempt {
  url: string;
  preventDefault(): void;
}

/**
 * Locks one webContents down: no new windows, no navigation away from its page (a link or
 * `location` change in the main frame or any subframe, or a server redirect), no <webview>, and
 * in a packaged app no DevTools. main.ts calls it for every webContents ever created
 * (`web-contents-created`); createMainWindow calls it too so the window is safe on its own.
 * Guarding twice is a no-op.
 */
export function guardWebContents(
  contents: Pick<WebContents, 'setWindowOpenHandler' | 'on' | 'getURL' | 'closeDevTools'>,
  build: BuildKind,
): void {
  if (guarded.has(contents)) return;
  guarded.add(contents);
  contents.setWindowOpenHandler(denyWindowOpen);
  const stayOnPage = (attempt: NavigationAttempt) => {
    if (!isAllowedNavigation(contents.getURL(), attempt.url)) attempt.preventDefault();
  };
  // will-navigate is the main frame only; will-frame-navigate adds subframes; will-redirect is a
  // server's 3xx, which can lead an allowed navigation elsewhere (preventing it stops the whole
  // navigation). Our own loads, the built file and the Vite server, never redirect.
  contents.on('will-navigate', stayOnPage);
  contents.on('will-frame-navigate', stayOnPage);
  contents.on('will-redirect', stayOnPage);
  contents.on('will-attach-webview', (event) => event.preventDefault());
  // The window's own preferences already disable DevTools when packaged; this closes them on any
  // webContents whose preferences did not.
  if (build.isPackaged) contents.on('devtools-opened', () => contents.closeDevTools());
}

/**
 * Session-wide rules: our CSP (shared/content-security-policy.ts) on our own responses, in place
 * of any the server sent, and permission requests (camera, geolocation, notifications from the
 * page…) refused, since the page needs none of them.
 */
export function hardenSession(
  session: Pick<Session, 'webRequest' | 'setPermissionRequestHandler' | 'setPermissionCheckHandler'>,
  trusted: TrustedOrigins,
): void {
  const policy = trusted.devOrigin ? DEV_CONTENT_SECURITY_POLICY : CONTENT_SECURITY_POLICY;
  session.webRequest.onHeadersReceived((details, callback) => {
    if (!isTrustedSender(details.url, trusted)) {
      callback({});
      return;
    }
    const headers = { ...details.responseHeaders };
    // Header names are case-insensitive; drop any policy the server sent so ours is the one.
    for (const name of Object.keys(headers)) if (name.toLowerCase() === 'content-security-policy') delete headers[name];
    callback({ responseHeaders: { ...headers, 'Content-Security-Policy': [policy] } });
  });
  session.setPermissionRequestHandler((_contents, permission, callback) => callback(isAllowedPermission(permission)));
  session.setPermissionCheckHandler((_contents, permission) => isAllowedPermission(permission));
}

/** Writing text to the clipboard ("copy job id") is the one permission the page may use. */
export function isAllowedPermission(permission: string): boolean {
  return permission === 'clipboard-sanitized-write';
}

export interface MainWindowOptions extends BuildKind {
  preloadPath: string;
  /** `dist/renderer/index.html`. */
  rendererIndex: string;
  /** The Vite dev server's URL, when running from source with SENTINEL_DEV_URL. */
  devUrl?: string | undefined;
  /** Where the person left the window last time (see window-state.ts); defaults otherwise. */
  bounds?: { x?: number; y?: number; width: number; height: number } | undefined;
  maximized?: boolean | undefined;
}

export const DEFAULT_WINDOW_SIZE = { width: 1280, height: 800 };
/**
 * The app icon (512 px PNG, drawn by scripts/app-icon.ts), built beside the renderer's page; the
 * window's icon on Windows and Linux (macOS takes the bundle's, made from the same file).
 */
export const APP_ICON_FILE = 'app-icon.png';

/** Creates the one main window, shown once its first paint is ready (no white flash). */
export function createMainWindow(options: MainWindowOptions): BrowserWindow {
  const window = new BrowserWindow({
    title: 'Sentinel Control Room',
    icon: join(dirname(options.rendererIndex), APP_ICON_FILE),
    ...(options.bounds ?? DEFAULT_WINDOW_SIZE),
    minWidth: 900,
    minHeight: 600,
    show: false,
    webPreferences: secureWebPreferences(options.preloadPath, options),
  });
  guardWebContents(window.webContents, options);
  window.once('ready-to-show', () => {
    if (options.maximized) window.maximize();
    window.show();
  });
  const loading = options.devUrl ? window.loadURL(options.devUrl) : window.loadFile(options.rendererIndex);
  // A failed load shows Chromium's error page; log it rather than leave an unhandled rejection.
  loading.catch((error: unknown) => console.error('Sentinel: the window could not load its page', error));
  return window;
}

/**
 * The dev server URL to load instead of the built renderer, from SENTINEL_DEV_URL. Only a
 * loopback http(s) URL is accepted, and main.ts ignores it in a packaged app: the page gets the
 * whole API, so it must never come from elsewhere.
 */
export function parseDevServerUrl(value: string | undefined): string | undefined {
  if (!value) return undefined;
  try {
    const url = new URL(value);
    const loopback = ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
    return loopback && (url.protocol === 'http:' || url.protocol === 'https:') ? url.href : undefined;
  } catch {
    return undefined;
  }
}
