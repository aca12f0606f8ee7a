/**
 * The desktop app's own preferences (window state now; more later), in an electron-store JSON
 * file in userData. Everything read back is checked: a hand-edited or half-written file must
 * never stop the app from starting, it just falls back to defaults.
 */
import Store from 'electron-store';
import { z } from 'zod';

/** The part of electron-store preferences use, so tests can hand in a Map. */
export interface PreferenceFile {
  get(key: string): unknown;
  set(key: string, value: unknown): void;
}

const windowStateSchema = z.object({
  bounds: z.object({
    x: z.number().int().optional(),
    y: z.number().int().optional(),
    width: z.number().int().min(100).max(100_000),
    height: z.number().int().min(100).max(100_000),
  }),
  maximized: z.boolean(),
});
/** Where the main window was and whether it was maximized (bounds are the un-maximized ones). */
export type WindowState = z.infer<typeof windowStateSchema>;

export const PREFERENCES_FILE_NAME = 'preferences';
const WINDOW_STATE_KEY = 'windowState';

export function createPreferences(file: PreferenceFile) {
  return {
    /** The remembered window state, or undefined when none (or none usable) was saved. */
    windowState(): WindowState | undefined {
      const parsed = windowStateSchema.safeParse(file.get(WINDOW_STATE_KEY));
      return parsed.success ? parsed.data : undefined;
    },
    saveWindowState(state: WindowState): void {
      file.set(WINDOW_STATE_KEY, windowStateSchema.parse(state));
    },
  };
}

export type Preferences = ReturnType<typeof createPreferences>;

/** `<userData>/preferences.json`; a corrupt file is replaced by defaults rather than crashing. */
export function openPreferenceFile(userDataDir: string): PreferenceFile {
  return new Store<Record<string, unknown>>({ name: PREFERENCES_FILE_NAME, cwd: userDataDir, clearInvalidConfig: true });
}

/**
 * The preferences in userData, or, if that file cannot be opened at all (permissions, a full
 * disk), preferences kept in memory for this run: a window position is not worth not starting.
 */
export function openPreferences(userDataDir: string, onError: (error: unknown) => void): Preferences {
  try {
    return createPreferences(openPreferenceFile(userDataDir));
  } catch (error) {
    onError(error);
    const memory = new Map<string, unknown>();
    return createPreferences({ get: (key) => memory.get(key), set: (key, value) => void memory.set(key, value) });
  }
}
