/**
 * Electron main process: one instance, one core, one window. Compiled by tsc to
 * dist/electron/main.js (ESM); the bundled preload sits beside it as preload.cjs and the
 * renderer in dist/renderer. All logic that can be a plain function lives in ipc.ts, window.ts
 * and native-binding.ts, where it is tested without Electron.
 */
import { app, BrowserWindow, dialog, ipcMain, session } from 'electron';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createCore, type Core } from '../core/core.js';
import { forwardEvents, isTrustedSender, registerContractHandlers, type TrustedOrigins } from './ipc.js';
import { explainNativeLoadFailure, nativeBindingFor } from './native-binding.js';
import { createMainWindow, guardWebContents, hardenSession, parseDevServerUrl } from './window.js';

const here = dirname(fileURLToPath(import.meta.url));
const preloadPath = join(here, 'preload.cjs');
const rendererDir = join(here, '..', 'renderer');

/** Everything started on `ready`, torn down on quit. Tray and notifications will join it here. */
interface Running {
  core: Core;
  trusted: TrustedOrigins;
  devUrl: string | undefined;
  removeHandlers: () => void;
  window: BrowserWindow | undefined;
}

function dataDir(): string {
  // Running from source (tests, e2e, a second dev copy) may point the database elsewhere; a
  // packaged app always uses its own userData folder.
  const override = app.isPackaged ? undefined : process.env.SENTINEL_DATA_DIR;
  return override || app.getPath('userData');
}

async function startCore(): Promise<Core> {
  const core = createCore({
    dataDir: dataDir(),
    nativeBinding: nativeBindingFor({
      isPackaged: app.isPackaged,
      appRoot: app.getAppPath(),
      electronVersion: process.versions.electron,
      exists: existsSync,
    }),
  });
  await core.start();
  return core;
}

function openWindow(running: Running): BrowserWindow {
  const window = createMainWindow({ preloadPath, rendererIndex: join(rendererDir, 'index.html'), devUrl: running.devUrl });
  // forwardEvents unsubscribes by itself when this window's webContents is destroyed.
  forwardEvents(running.core.events, window.webContents);
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

  // Every webContents ever created, not only ours: no new windows, no navigating away.
  app.on('web-contents-created', (_event, contents) => guardWebContents(contents));
  app.on('second-instance', () => focus(running?.window));
  app.on('window-all-closed', () => {
    // macOS apps stay alive without windows; the Dock icon brings one back (`activate`).
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('activate', () => {
    if (running && BrowserWindow.getAllWindows().length === 0) openWindow(running);
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
    stopping?.removeHandlers();
    void (stopping?.core.stop() ?? Promise.resolve())
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
      const core = await startCore();
      if (quit !== 'running') return void (await core.stop());
      const removeHandlers = registerContractHandlers(ipcMain, core.invoke, (url) => isTrustedSender(url, trusted));
      running = { core, trusted, devUrl, removeHandlers, window: undefined };
      openWindow(running);
    })
    .catch(failToStart);
}

// A second launch hands over to the first (which focuses its window) and exits at once.
if (app.requestSingleInstanceLock()) run();
else app.quit();
