/**
 * Electron main process: one instance, one core, one window. Compiled by tsc to
 * dist/electron/main.js (ESM); the bundled preload sits beside it as preload.cjs and the
 * renderer in dist/renderer. All logic that can be a plain function lives in ipc.ts, window.ts,
 * window-state.ts, preferences.ts, tray.ts, native-notifications.ts and native-binding.ts, where
 * it is tested with a fake Electron; this file only wires them together.
 */
import { app, BrowserWindow, dialog, ipcMain, safeStorage, screen, session } from 'electron';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createCore, type Core } from '../core/core.js';
import { startDemo, type Demo } from '../demo/demo.js';
import { createFileLogger } from '../core/logging/file-logger.js';
import type { Logger } from '../core/logger.js';
import { ipcEventChannel } from '../shared/bridge.js';
import type { Screen } from '../shared/contract.js';
import { followWebhookListenerSetting, type WebhookListenerFollower } from '../headless/webhook-listener-follower.js';
import { forwardEvents, isTrustedSender, registerContractHandlers, type TrustedOrigins } from './ipc.js';
import { explainNativeLoadFailure, nativeBindingFor } from './native-binding.js';
import { startNativeNotifications } from './native-notifications.js';
import { openPreferences, type Preferences } from './preferences.js';
import { openSafeStorageVault } from './secret-storage.js';
import { createSentinelTray, hideOnClose } from './tray.js';
import { createMainWindow, DEFAULT_WINDOW_SIZE, guardWebContents, hardenSession, parseDevServerUrl } from './window.js';
import { boundsToRestore, trackWindowState } from './window-state.js';

const here = dirname(fileURLToPath(import.meta.url));
const preloadPath = join(here, 'preload.cjs');
const rendererDir = join(here, '..', 'renderer');

/** Everything started on `ready`, torn down on quit. */
interface Running {
  core: Core;
  /** The simulated hotel every system talks to until Settings connects the real ones. */
  demo: Demo;
  trusted: TrustedOrigins;
  devUrl: string | undefined;
  removeHandlers: () => void;
  window: BrowserWindow | undefined;
  preferences: Preferences;
  /** True once a real quit began: the window may close instead of hiding in the tray. */
  isQuitting: () => boolean;
  /** Closing hides the window only while there is a tray icon to bring it back. */
  hasTray: boolean;
  /** Tray, desktop notifications: stopped before the core. */
  stopShell: (() => void)[];
  /** Beds24 webhooks on a loopback port, as Settings say (off by default): closed before the core stops. */
  webhooks: WebhookListenerFollower;
}

function dataDir(): string {
  // Running from source (tests, e2e, a second dev copy) may point the database elsewhere; a
  // packaged app always uses its own userData folder.
  const override = app.isPackaged ? undefined : process.env.SENTINEL_DATA_DIR;
  return override || app.getPath('userData');
}

/** The OS's logs folder (~/Library/Logs/<app> on macOS, <userData>/logs elsewhere), or beside an overridden data folder. */
function logsDir(): string {
  const override = app.isPackaged ? undefined : process.env.SENTINEL_DATA_DIR;
  return override ? join(override, 'logs') : app.getPath('logs');
}

async function startCore(): Promise<{ core: Core; demo: Demo; logger: Logger }> {
  // Demo mode (no credentials yet): every system is the simulated hotel, started here.
  const demo = await startDemo();
  try {
    // Live credentials, sealed by the OS keychain; a system in live mode connects with them.
    const vault = await openSafeStorageVault({ safeStorage, userDataDir: dataDir() });
    // JSON lines in sentinel.log, and on stderr as before for a terminal that started the app.
    const logger = createFileLogger({ dir: logsDir(), echo: true });
    const core = createCore({
      dataDir: dataDir(),
      connections: demo.connections,
      vault,
      logger,
      nativeBinding: nativeBindingFor({
        isPackaged: app.isPackaged,
        appRoot: app.getAppPath(),
        electronVersion: process.versions.electron,
        exists: existsSync,
      }),
    });
    await core.start();
    return { core, demo, logger };
  } catch (error) {
    await demo.close();
    throw error;
  }
}

function openWindow(running: Running): BrowserWindow {
  const saved = running.preferences.windowState();
  const workAreas = screen.getAllDisplays().map((display) => display.workArea);
  const window = createMainWindow({
    preloadPath,
    isPackaged: app.isPackaged,
    rendererIndex: join(rendererDir, 'index.html'),
    devUrl: running.devUrl,
    bounds: boundsToRestore(saved, workAreas, DEFAULT_WINDOW_SIZE),
    maximized: saved?.maximized,
  });
  // forwardEvents unsubscribes by itself when this window's webContents is destroyed.
  forwardEvents(running.core.events, window.webContents);
  trackWindowState(window, running.preferences);
  hideOnClose(window, () => running.isQuitting() || !running.hasTray);
  window.on('closed', () => {
    if (running.window === window) running.window = undefined;
  });
  running.window = window;
  return window;
}

function focus(window: BrowserWindow | undefined): void {
  if (!window || window.isDestroyed()) return;
  if (window.isMinimized()) window.restore();
  window.show();
  window.focus();
}

/** Brings the window back (it may be hidden in the tray, or gone on macOS) and focuses it. */
function showWindow(running: Running): BrowserWindow {
  const window = running.window && !running.window.isDestroyed() ? running.window : openWindow(running);
  focus(window);
  return window;
}

/** Shows the window on one screen (a click on a desktop notification). */
function showScreen(running: Running, target: Screen): void {
  const existed = running.window !== undefined && !running.window.isDestroyed();
  const window = showWindow(running);
  const navigate = () => window.webContents.send(ipcEventChannel('app/navigate'), { screen: target });
  // A window made just now has no page listening yet; it hears once its page has loaded.
  if (existed) navigate();
  else window.webContents.once('did-finish-load', navigate);
}

/** The tray and desktop notifications, once the core runs. */
async function startShell(running: Running): Promise<void> {
  running.stopShell.push(startNativeNotifications({ events: running.core.events, openScreen: (target) => showScreen(running, target), wanted: running.core.settings.wantsOsNotification }));
  try {
    const tray = await createSentinelTray({ core: running.core, open: () => showWindow(running), quit: () => app.quit() });
    running.stopShell.push(() => tray.destroy());
    running.hasTray = true;
  } catch (error) {
    // The app works without a tray; closing the window then quits, as there is no way back.
    console.error('Sentinel: the tray icon could not be created', error);
  }
}

/** A start-up failure a person can act on, shown in a dialog before the app exits. */
function failToStart(error: unknown): void {
  const detail = explainNativeLoadFailure(error) ?? (error instanceof Error ? error.message : String(error));
  console.error('Sentinel: start-up failed', error);
  dialog.showErrorBox('Sentinel Control Room could not start', detail);
  app.exit(1);
}

function run(): void {
  let running: Running | undefined;
  let quit: 'running' | 'stopping' | 'stopped' = 'running';

  // Every webContents ever created, not only ours: no new windows, no navigating away, no DevTools when packaged.
  app.on('web-contents-created', (_event, contents) => guardWebContents(contents, { isPackaged: app.isPackaged }));
  app.on('second-instance', () => {
    if (running) showWindow(running);
  });
  app.on('window-all-closed', () => {
    // macOS apps stay alive without windows; the Dock icon brings one back (`activate`).
    if (process.platform !== 'darwin') app.quit();
  });
  // The Dock icon brings the window back, whether it was hidden in the tray or closed.
  app.on('activate', () => {
    if (running) showWindow(running);
  });

  // Stop the core before quitting, so running jobs finish or go back to the queue and the
  // database closes cleanly: prevent the first quit, stop, then quit again for real.
  app.on('before-quit', (event) => {
    if (quit === 'stopped') return;
    event.preventDefault();
    if (quit === 'stopping') return;
    quit = 'stopping';
    const stopping = running;
    running = undefined;
    for (const stop of stopping?.stopShell ?? []) stop();
    stopping?.removeHandlers();
    void (stopping ? stopping.webhooks.stop().then(() => stopping.core.stop()).then(() => stopping.demo.close()) : Promise.resolve())
      .catch((error: unknown) => console.error('Sentinel: the core did not stop cleanly', error))
      .finally(() => {
        quit = 'stopped';
        app.quit();
      });
  });

  app
    .whenReady()
    .then(async () => {
      if (quit !== 'running') return;
      const devUrl = app.isPackaged ? undefined : parseDevServerUrl(process.env.SENTINEL_DEV_URL);
      const trusted: TrustedOrigins = { rendererDir, devOrigin: devUrl };
      hardenSession(session.defaultSession, trusted);
      const { core, demo, logger } = await startCore();
      if (quit !== 'running') return void (await core.stop().then(() => demo.close()));
      const removeHandlers = registerContractHandlers(ipcMain, core.invoke, (url) => isTrustedSender(url, trusted));
      const preferences = openPreferences(app.getPath('userData'), (error) =>
        console.error('Sentinel: preferences could not be opened; window state is not remembered this time', error),
      );
      const webhooks = followWebhookListenerSetting(core, logger);
      running = { core, demo, trusted, devUrl, removeHandlers, window: undefined, preferences, isQuitting: () => quit !== 'running', hasTray: false, stopShell: [], webhooks };
      openWindow(running);
      await startShell(running);
    })
    .catch(failToStart);
}

// A second launch hands over to the first (which focuses its window) and exits at once.
if (app.requestSingleInstanceLock()) run();
else app.quit();
