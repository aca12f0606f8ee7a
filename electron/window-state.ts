/**
 * The main window comes back where the person left it: bounds and maximized state are saved
 * (debounced) as it moves and resizes, and at once when it closes or hides; on start they are
 * restored only if they still fit on a connected display (a monitor may have been unplugged).
 */
import type { BrowserWindow, Rectangle } from 'electron';
import type { Preferences, WindowState } from './preferences.js';

export const SAVE_DEBOUNCE_MS = 500;
// At least this much of the title bar must be on a display for the saved position to be used.
const MIN_VISIBLE_PX = 100;

type Bounds = WindowState['bounds'];

/** The size and position to open the window with: the saved ones if they fit, else centred defaults. */
export function boundsToRestore(saved: WindowState | undefined, workAreas: Rectangle[], defaults: { width: number; height: number }): Bounds {
  if (!saved) return { ...defaults };
  const { x, y, width, height } = saved.bounds;
  if (x === undefined || y === undefined) return { width, height };
  const visible = workAreas.some(
    (area) =>
      Math.min(x + width, area.x + area.width) - Math.max(x, area.x) >= MIN_VISIBLE_PX &&
      y >= area.y &&
      y < area.y + area.height - MIN_VISIBLE_PX / 4,
  );
  // Off every display: keep the size, let the window manager place it.
  return visible ? { x, y, width, height } : { width, height };
}

type TrackedWindow = Pick<BrowserWindow, 'on' | 'isDestroyed' | 'isMaximized' | 'isMinimized' | 'getNormalBounds'>;

interface Timers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** Saves the window's state as it changes; returns a flush that saves now (used on quit). */
export function trackWindowState(
  window: TrackedWindow,
  preferences: Pick<Preferences, 'saveWindowState'>,
  timers: Timers = { setTimeout: (fn, ms) => setTimeout(fn, ms), clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout) },
): () => void {
  let pending: unknown;

  const saveNow = () => {
    if (pending !== undefined) timers.clearTimeout(pending);
    pending = undefined;
    // A minimized window's bounds say nothing about where the person wants it.
    if (window.isDestroyed() || window.isMinimized()) return;
    preferences.saveWindowState({ bounds: window.getNormalBounds(), maximized: window.isMaximized() });
  };
  // Dragging fires dozens of events a second; the file is written once it settles.
  const saveSoon = () => {
    if (pending !== undefined) timers.clearTimeout(pending);
    pending = timers.setTimeout(saveNow, SAVE_DEBOUNCE_MS);
  };

  for (const name of ['move', 'resize'] as const) window.on(name as 'move', saveSoon);
  for (const name of ['maximize', 'unmaximize', 'close', 'hide'] as const) window.on(name as 'close', saveNow);
  return saveNow;
}
