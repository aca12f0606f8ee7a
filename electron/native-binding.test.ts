import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { electronNativeBindingFile, electronNativeBindingPath, explainNativeLoadFailure, nativeBindingFor } from './native-binding.js';

const appRoot = join('/opt', 'sentinel');
const expected = join(appRoot, '.native', 'electron-45.4.1', 'better_sqlite3.node');

describe('electronNativeBindingPath', () => {
  it('picks .native/electron-<version>/better_sqlite3.node only if that file exists', () => {
    expect(electronNativeBindingFile(appRoot, '45.4.1')).toBe(expected);
    expect(electronNativeBindingPath(appRoot, '45.4.1', (path) => path === expected)).toBe(expected);
    expect(electronNativeBindingPath(appRoot, '45.4.1', () => false)).toBeUndefined();
    expect(electronNativeBindingPath(appRoot, '46.0.0', (path) => path === expected)).toBeUndefined();
  });

  it('has nothing to offer outside Electron (no process.versions.electron)', () => {
    expect(electronNativeBindingPath(appRoot, undefined, () => true)).toBeUndefined();
  });

  it("leaves a packaged app to electron-builder's own rebuild", () => {
    const context = { appRoot, electronVersion: '45.4.1', exists: () => true };
    expect(nativeBindingFor({ ...context, isPackaged: true })).toBeUndefined();
    expect(nativeBindingFor({ ...context, isPackaged: false })).toBe(expected);
  });
});

describe('explainNativeLoadFailure', () => {
  it('explains a binary built for another runtime, and ignores other errors', () => {
    const abi = new Error(
      "The module '/app/node_modules/better-sqlite3/build/Release/better_sqlite3.node' was compiled against a different " +
        'Node.js version using NODE_MODULE_VERSION 115. This version of Node.js requires NODE_MODULE_VERSION 140.',
    );
    expect(explainNativeLoadFailure(abi)).toMatch(/not built for this version of Electron.*npm start/);
    expect(explainNativeLoadFailure(new Error('This database is at schema version 9'))).toBeUndefined();
  });
});

describe('scripts/electron-native.mjs', () => {
  const script = fileURLToPath(new URL('../scripts/electron-native.mjs', import.meta.url));
  let root: string | undefined;
  afterEach(() => {
    if (root) rmSync(root, { recursive: true, force: true });
    root = undefined;
  });

  /** A throwaway app root holding only what the script reads before it would build anything. */
  function fakeAppRoot(files: Record<string, string>): string {
    root = mkdtempSync(join(tmpdir(), 'sentinel-native-'));
    for (const [path, content] of Object.entries(files)) {
      mkdirSync(join(root, path, '..'), { recursive: true });
      writeFileSync(join(root, path), content);
    }
    return root;
  }

  const run = (appRootDir: string) => spawnSync(process.execPath, [script, appRootDir], { encoding: 'utf8' });

  it('does nothing when the Electron build is already there', () => {
    const dir = fakeAppRoot({
      'node_modules/electron/package.json': JSON.stringify({ version: '45.4.1' }),
      '.native/electron-45.4.1/better_sqlite3.node': 'binary',
    });
    const result = run(dir);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('better-sqlite3 for Electron 45.4.1 is ready');
  });

  it('fails with a plain explanation when Electron or better-sqlite3 is not installed', () => {
    const noElectron = run(fakeAppRoot({ 'package.json': '{}' }));
    expect(noElectron.status).toBe(1);
    expect(noElectron.stderr).toContain('Electron is not installed');
    expect(noElectron.stderr).toContain('npm install');
    rmSync(root!, { recursive: true, force: true });

    const noSqlite = run(fakeAppRoot({ 'node_modules/electron/package.json': JSON.stringify({ version: '45.4.1' }) }));
    expect(noSqlite.status).toBe(1);
    expect(noSqlite.stderr).toContain('better-sqlite3 is not installed');
  });
});
