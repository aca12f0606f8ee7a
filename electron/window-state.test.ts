import { describe, expect, it, vi } from 'vitest';
import type { WindowState } from './preferences.js';
import { boundsToRestore, SAVE_DEBOUNCE_MS, trackWindowState } from './window-state.js';

const display = { x: 0, y: 0, width: 1920, height: 1080 };
const defaults = { width: 1280, height: 800 };

describe('boundsToRestore', () => {
  it('opens with the defaults when nothing was saved', () => {
    expect(boundsToRestore(undefined, [display], defaults)).toEqual(defaults);
  });

  it('restores saved bounds that are on a display', () => {
    const saved: WindowState = { bounds: { x: 100, y: 50, width: 1400, height: 900 }, maximized: false };
    expect(boundsToRestore(saved, [display], defaults)).toEqual({ x: 100, y: 50, width: 1400, height: 900 });
  });

  it('keeps the size but drops a position on a display that is gone', () => {
    const saved: WindowState = { bounds: { x: 2500, y: 100, width: 1400, height: 900 }, maximized: false };
    expect(boundsToRestore(saved, [display], defaults)).toEqual({ width: 1400, height: 900 });
    expect(boundsToRestore(saved, [display, { x: 1920, y: 0, width: 2560, height: 1440 }], defaults)).toMatchObject({ x: 2500 });
  });
});

/** A BrowserWindow as far as tracking goes, with a manual timer. */
function fakeWindow() {
  const listeners = new Map<string, () => void>();
  const window = {
    bounds: { x: 10, y: 10, width: 1200, height: 800 },
    maximized: false,
    minimized: false,
    on: vi.fn((name: string, listener: () => void) => {
      listeners.set(name, listener);
      return window;
    }),
    isDestroyed: () => false,
    isMaximized: () => window.maximized,
    isMinimized: () => window.minimized,
    getNormalBounds: () => ({ ...window.bounds }),
    emit: (name: string) => listeners.get(name)!(),
  };
  let timer: { fn: () => void } | undefined;
  const timers = {
    setTimeout: (fn: () => void) => (timer = { fn }),
    clearTimeout: (handle: unknown) => {
      if (handle === timer) timer = undefined;
    },
    fire: () => timer?.fn(),
  };
  return { window, timers };
}

describe('trackWindowState', () => {
  it('saves once after a burst of moves and resizes settles', () => {
    const { window, timers } = fakeWindow();
    const saveWindowState = vi.fn();
    trackWindowState(window as never, { saveWindowState }, timers);
    for (let i = 0; i < 30; i += 1) {
      window.bounds.x = 10 + i;
      window.emit(i % 2 ? 'move' : 'resize');
    }
    expect(saveWindowState).not.toHaveBeenCalled();
    timers.fire();
    expect(saveWindowState).toHaveBeenCalledTimes(1);
    expect(saveWindowState).toHaveBeenCalledWith({ bounds: { x: 39, y: 10, width: 1200, height: 800 }, maximized: false });
    expect(SAVE_DEBOUNCE_MS).toBeGreaterThan(0);
  });

  it('saves at once when maximized or closed, keeping the un-maximized bounds', () => {
    const { window, timers } = fakeWindow();
    const saveWindowState = vi.fn();
    trackWindowState(window as never, { saveWindowState }, timers);
    window.emit('move');
    window.maximized = true;
    window.emit('maximize');
    expect(saveWindowState).toHaveBeenLastCalledWith({ bounds: { x: 10, y: 10, width: 1200, height: 800 }, maximized: true });
    window.emit('close');
    expect(saveWindowState).toHaveBeenCalledTimes(2);
    timers.fire();
    expect(saveWindowState).toHaveBeenCalledTimes(2);
  });

  it('does not remember a minimized window', () => {
    const { window, timers } = fakeWindow();
    const saveWindowState = vi.fn();
    const flush = trackWindowState(window as never, { saveWindowState }, timers);
    window.minimized = true;
    flush();
    expect(saveWindowState).not.toHaveBeenCalled();
  });
});
