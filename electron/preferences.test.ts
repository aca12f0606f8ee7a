import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createPreferences, openPreferenceFile, type PreferenceFile } from './preferences.js';

// electron-store is conf plus Electron's userData folder; it imports electron, which only loads
// inside Electron. Given an explicit folder it is conf itself, so the test stores through conf.
vi.mock('electron-store', async () => {
  const { default: Conf } = await import('conf');
  return {
    default: class extends Conf {
      constructor(options: { name: string; cwd: string; clearInvalidConfig: boolean }) {
        super({ configName: options.name, cwd: options.cwd, clearInvalidConfig: options.clearInvalidConfig, projectName: 'sentinel' });
      }
    },
  };
});

const dirs: string[] = [];
afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

const memoryFile = (): PreferenceFile & { data: Map<string, unknown> } => {
  const data = new Map<string, unknown>();
  return { data, get: (key) => data.get(key), set: (key, value) => void data.set(key, value) };
};

describe('preferences', () => {
  it('remembers the window state', () => {
    const preferences = createPreferences(memoryFile());
    expect(preferences.windowState()).toBeUndefined();
    preferences.saveWindowState({ bounds: { x: 10, y: 20, width: 1400, height: 900 }, maximized: true });
    expect(preferences.windowState()).toEqual({ bounds: { x: 10, y: 20, width: 1400, height: 900 }, maximized: true });
  });

  it('ignores a saved state it cannot use instead of failing to start', () => {
    const file = memoryFile();
    const preferences = createPreferences(file);
    for (const broken of ['big', { bounds: { width: 'wide', height: 900 }, maximized: false }, { bounds: { width: 5, height: 5 }, maximized: false }]) {
      file.data.set('windowState', broken);
      expect(preferences.windowState()).toBeUndefined();
    }
  });

  it('keeps them in preferences.json in the given folder, across opens', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sentinel-prefs-'));
    dirs.push(dir);
    createPreferences(openPreferenceFile(dir)).saveWindowState({ bounds: { width: 1000, height: 700 }, maximized: false });
    expect(JSON.parse(await readFile(join(dir, 'preferences.json'), 'utf8'))).toEqual({
      windowState: { bounds: { width: 1000, height: 700 }, maximized: false },
    });
    expect(createPreferences(openPreferenceFile(dir)).windowState()).toEqual({ bounds: { width: 1000, height: 700 }, maximized: false });
  });

  it('starts from defaults when the file is corrupt', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sentinel-prefs-'));
    dirs.push(dir);
    await writeFile(join(dir, 'preferences.json'), '{"windowState": {"bou');
    expect(createPreferences(openPreferenceFile(dir)).windowState()).toBeUndefined();
  });
});
