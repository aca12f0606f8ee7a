/**
 * The preload of the main window. It runs sandboxed, where `require` knows only a few built-in
 * modules, so Vite bundles it with everything it imports into one CommonJS file
 * (`dist/electron/preload.cjs`, see vite.preload.config.ts) whose only require is 'electron'.
 * Keep it this thin: the bridge itself is built and tested in bridge-factory.ts.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { createBridge } from './bridge-factory.js';

contextBridge.exposeInMainWorld('sentinel', createBridge(ipcRenderer));
