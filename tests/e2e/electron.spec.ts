/**
 * The real desktop app, end to end: launches Electron on the built app (`npm run build` first)
 * and checks that the window opens and the preload exposes the contract, then that rates edited
 * in its grid are saved and synced to the in-app sandbox (demo mode).
 *
 * Skipped, saying why, on machines without an Electron binary: it is downloaded from GitHub
 * releases by electron's postinstall, which not every machine can reach.
 */
import { _electron, expect, test } from '@playwright/test';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CALL_NAMES, EVENT_NAMES } from '../../shared/contract.js';
import { cell, fillBlock, indicator, savedSeen, submitAnyway, typeRate, waitForRates, watchSaved } from './support/rates-grid.js';

const projectRoot = fileURLToPath(new URL('../..', import.meta.url));

/**
 * The Electron executable, or undefined when there is none. Mirrors node_modules/electron's
 * index.js without calling it: `require('electron')` tries to download a missing binary.
 */
function electronBinary(): string | undefined {
  const packageDir = join(projectRoot, 'node_modules', 'electron');
  const pathFile = join(packageDir, 'path.txt');
  if (!existsSync(pathFile)) return undefined;
  const executable = readFileSync(pathFile, 'utf8').trim();
  const dist = process.env.ELECTRON_OVERRIDE_DIST_PATH ?? join(packageDir, 'dist');
  const binary = join(dist, executable);
  return existsSync(binary) ? binary : undefined;
}

const executablePath = electronBinary();

const SKIP_REASON =
  'skipped: no Electron binary on this machine (it is downloaded from GitHub releases, which this machine cannot reach)';
// Said on the console too, since a list reporter shows only that a test was skipped, not why.
if (executablePath === undefined) console.log(`electron.spec.ts: ${SKIP_REASON}`);

test.skip(
  executablePath === undefined,
  SKIP_REASON,
);

/** Launches the built app on a throwaway data folder, so a test never touches a real database. */
async function launchApp() {
  for (const built of ['dist/electron/main.js', 'dist/electron/preload.cjs', 'dist/renderer/index.html']) {
    expect(existsSync(join(projectRoot, built)), `${built} is missing: run "npm run build" first`).toBe(true);
  }
  const dataDir = mkdtempSync(join(tmpdir(), 'sentinel-e2e-'));
  const app = await _electron.launch({
    executablePath: executablePath!,
    args: ['.'],
    cwd: projectRoot,
    env: { ...(process.env as Record<string, string>), SENTINEL_DATA_DIR: dataDir },
  });
  return { app, dataDir };
}

test('the desktop app opens its window and exposes the contract as window.sentinel', async () => {
  const { app, dataDir } = await launchApp();
  try {
    const window = await app.firstWindow();
    await expect(window).toHaveTitle(/Sentinel/);

    const exposed = await window.evaluate(() => {
      const bridge = (globalThis as { sentinel?: { calls: object; events: object } }).sentinel;
      return bridge ? { calls: Object.keys(bridge.calls), events: Object.keys(bridge.events) } : null;
    });
    expect(exposed).toEqual({ calls: CALL_NAMES, events: EVENT_NAMES });

    // The page has no Node: the sandbox and context isolation hold.
    expect(await window.evaluate(() => typeof (globalThis as { require?: unknown }).require)).toBe('undefined');

    const status = await window.evaluate(async () => {
      const bridge = (globalThis as { sentinel?: { calls: Record<string, (args: object) => Promise<unknown>> } }).sentinel;
      return bridge?.calls['sync/status']?.({});
    });
    expect(status).toMatchObject({ ok: true, data: { paused: false } });
  } finally {
    await app.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
});

test('the desktop app imports room types, and rates edited in its grid are saved, then synced', async () => {
  // A fresh data folder: no credentials, so demo mode, and the room types come from the in-app sandbox.
  const { app, dataDir } = await launchApp();
  try {
    const window = await app.firstWindow();
    // Electron's start and the import from the sandbox both come first: a longer wait than in Chromium.
    await waitForRates(window, 30_000);

    // A block of 2 room types × 3 dates (tomorrow on) filled, and one cell typed by hand.
    await fillBlock(window, { row: 0, col: 1 }, { row: 1, col: 3 }, '150');
    await typeRate(window, 2, 2, '175.5');
    await expect(window.locator('.rate-cell[data-state="pending"]')).toHaveCount(7);
    await expect(cell(window, 2, 2)).toHaveText('175.50');

    await watchSaved(window);
    await window.getByRole('button', { name: 'Submit 7 changes' }).click();
    await submitAnyway(window);
    await expect(window.getByRole('button', { name: 'No changes' })).toBeDisabled();
    // Saved (blue) at once, as the page itself saw, then synced once the sandbox's Cloudbeds has applied them.
    await expect.poll(() => savedSeen(window)).toBe(7);
    await expect(window.locator('.rate-cell[data-state="synced"]')).toHaveCount(7, { timeout: 30_000 });
    await expect(cell(window, 0, 1)).toHaveText('150');
    await expect(cell(window, 2, 2)).toHaveText('175.50');
    await expect(indicator(window)).toHaveText('All synced', { timeout: 30_000 });
  } finally {
    await app.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
});
