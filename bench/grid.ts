/**
 * The rate grid in a browser (SPEC §8): the built headless host on a fresh data folder whose
 * database is seeded with 20 room types and a year of base rates (the sandbox hotel has five),
 * opened in Chromium (the one tests/e2e/support/chromium.ts finds). Measures the first render of
 * 20 × 365 (median of fresh loads) and the frame times while the grid scrolls across the year and
 * up and down.
 */
import { chromium, type Browser, type Page } from '@playwright/test';
import { join } from 'node:path';
import { DATABASE_FILE } from '../core/core.js';
import { addDays } from '../shared/iso-date.js';
import { openStore } from '../core/store/database.js';
import { startHost, type RunningHost } from '../tests/e2e/support/host.js';
import { CHROMIUM_ARGS, chromiumPath, VIEWPORT } from '../tests/e2e/support/chromium.js';
import { ensureBuilt } from './headless-process.js';
import { median, percentile, report, type BenchRow } from './report.js';

const ROOM_TYPES = 20;
const DAYS = 365;
const LOADS = 10;
/** Pixels the grid moves per frame: ~3,000 px/s horizontally (a brisk drag), ~720 px/s vertically. */
const STEP_X = 50;
const STEP_Y = 12;
const FRAME_MS = 1000 / 60;
/** A frame counts as dropped when its rAF delta exceeds 1.5 vsync intervals (one vsync missed). */
const DROPPED_MS = 1.5 * FRAME_MS;

/** 20 room types (a few on percent differentials) and base rates from yesterday to past the year, before the host starts. */
function seed(dataDir: string): void {
  const db = openStore({ path: join(dataDir, DATABASE_FILE) });
  try {
    const insertType = db.prepare(`INSERT INTO room_types (id, name, short_name, rate_id, differential_kind, differential_value, sort_order)
      VALUES (?, ?, ?, ?, ?, ?, ?)`);
    const insertBase = db.prepare('INSERT INTO base_rates (date, rate) VALUES (?, ?)');
    const start = addDays(new Date().toISOString().slice(0, 10), -1);
    db.transaction(() => {
      for (let i = 0; i < ROOM_TYPES; i += 1) {
        const percent = i % 4 === 3;
        insertType.run(800_001 + i, `Room type ${i + 1}`, `RT${i + 1}`, 900_001 + (i % 5), percent ? 'percent' : 'amount', percent ? 10 + i : i * 5, i);
      }
      for (let n = 0; n < DAYS + 3; n += 1) {
        const date = addDays(start, n);
        const weekend = [5, 6].includes(new Date(`${date}T00:00:00Z`).getUTCDay());
        insertBase.run(date, 100 + (weekend ? 30 : 0) + Math.floor(n / 30) * 2);
      }
    })();
  } finally {
    db.close();
  }
}

/**
 * Installed before the app's scripts: notes when the first `rates/grid` answer arrives (its
 * headers; the body is read and parsed by the app after that) and when the first frame with grid
 * cells has been painted: the first rAF after the DOM gained cells runs just before that frame's
 * paint, and a message posted from it is delivered just after the paint.
 */
const FIRST_RENDER_PROBE = `(() => {
  const probe = (window.__gridProbe = { answerAt: null, committedAt: null, paintedAt: null });
  const original = window.fetch.bind(window);
  window.fetch = async (input, init) => {
    const response = await original(input, init);
    const url = typeof input === 'string' ? input : input.url ?? String(input);
    if (probe.answerAt === null && url.includes('/api/rates/grid')) probe.answerAt = performance.now();
    return response;
  };
  const observer = new MutationObserver(() => {
    if (probe.committedAt !== null || !document.querySelector('.rate-cell')) return;
    probe.committedAt = performance.now();
    observer.disconnect();
    requestAnimationFrame(() => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => (probe.paintedAt = performance.now());
      channel.port2.postMessage(0);
    });
  });
  observer.observe(document, { childList: true, subtree: true });
})();`;

interface FirstRender {
  answerAt: number;
  committedAt: number;
  paintedAt: number;
}

async function openGrid(browser: Browser, host: RunningHost): Promise<{ page: Page; close(): Promise<void> }> {
  // The app's CSP forbids eval; the probes are strings (this file has no DOM types), so the
  // context lets Playwright evaluate them. Nothing else about the page changes.
  const context = await browser.newContext({ viewport: VIEWPORT, bypassCSP: true });
  const page = await context.newPage();
  await page.addInitScript(FIRST_RENDER_PROBE);
  await page.goto(`${host.url}/#token=${host.token}`);
  await page.waitForFunction('window.__gridProbe && window.__gridProbe.paintedAt !== null', undefined, { timeout: 30_000 });
  return { page, close: () => context.close() };
}

/** Frame deltas (rAF timestamps) while the grid's scroll position moves by `step` each frame to the end and back. */
const SCROLL_SCRIPT = (axis: 'x' | 'y', step: number, passes: number) => `(async () => {
  const grid = document.querySelector('[role="grid"]');
  const key = ${JSON.stringify(axis === 'x' ? 'scrollLeft' : 'scrollTop')};
  const max = ${axis === 'x' ? 'grid.scrollWidth - grid.clientWidth' : 'grid.scrollHeight - grid.clientHeight'};
  const deltas = [];
  let maxCells = 0;
  let last = null;
  let direction = 1;
  let turns = 0;
  await new Promise((resolve) => {
    const frame = (time) => {
      if (last !== null) deltas.push(time - last);
      last = time;
      maxCells = Math.max(maxCells, grid.querySelectorAll('.rate-cell').length);
      const at = grid[key];
      if ((direction > 0 && at >= max) || (direction < 0 && at <= 0)) {
        turns += 1;
        if (turns >= ${passes * 2}) return resolve();
        direction = -direction;
      }
      grid[key] = Math.min(max, Math.max(0, at + direction * ${step}));
      requestAnimationFrame(frame);
    };
    requestAnimationFrame(frame);
  });
  return { deltas, max, maxCells };
})()`;

/** The page's rAF cadence with nothing happening, to tell the browser's own frame pacing from the grid's cost. */
const IDLE_SCRIPT = `(async () => {
  const deltas = [];
  let last = null;
  await new Promise((resolve) => {
    const frame = (time) => {
      if (last !== null) deltas.push(time - last);
      last = time;
      if (deltas.length >= 180) return resolve();
      requestAnimationFrame(frame);
    };
    requestAnimationFrame(frame);
  });
  return deltas;
})()`;

export async function runGridBench(): Promise<void> {
  // First, so a machine without a browser is told so before anything is built or started.
  const executablePath = chromiumPath();
  ensureBuilt();
  const host = await startHost({ prepare: seed });
  const browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS });
  try {
    const grid = await host.call('rates/grid', { from: new Date().toISOString().slice(0, 10), to: addDays(new Date().toISOString().slice(0, 10), DAYS - 1) });
    if (!grid.ok || grid.data.roomTypes.length !== ROOM_TYPES || grid.data.dates.length !== DAYS) {
      throw new Error(`the seeded grid is not ${ROOM_TYPES} × ${DAYS}: ${JSON.stringify(grid.error ?? { roomTypes: grid.data?.roomTypes?.length, dates: grid.data?.dates?.length })}`);
    }

    // (a) First render: one warm-up load (the host's first answers), then fresh contexts (empty cache).
    const loads: FirstRender[] = [];
    for (let run = 0; run <= LOADS; run += 1) {
      const opened = await openGrid(browser, host);
      const probe = (await opened.page.evaluate('window.__gridProbe')) as FirstRender;
      if (run > 0) loads.push(probe);
      await opened.close();
    }
    const fromNavigation = loads.map((load) => load.paintedAt);
    const fromAnswer = loads.map((load) => load.paintedAt - load.answerAt);

    // (b) Scrolling, on one loaded page.
    const opened = await openGrid(browser, host);
    const rows = await opened.page.locator('.rate-grid-row').count();
    const idle = (await opened.page.evaluate(IDLE_SCRIPT)) as number[];
    const across = (await opened.page.evaluate(SCROLL_SCRIPT('x', STEP_X, 1))) as { deltas: number[]; max: number; maxCells: number };
    // Up and down at the start, the middle and the end of the year.
    const down: { deltas: number[]; max: number; maxCells: number }[] = [];
    for (const at of [0, 0.5, 1]) {
      await opened.page.evaluate(`(() => { const g = document.querySelector('[role="grid"]'); g.scrollLeft = ${at} * (g.scrollWidth - g.clientWidth); g.scrollTop = 0; })()`);
      await opened.page.waitForTimeout(200);
      down.push((await opened.page.evaluate(SCROLL_SCRIPT('y', STEP_Y, 2))) as { deltas: number[]; max: number; maxCells: number });
    }
    await opened.close();

    const frames = [...across.deltas, ...down.flatMap((run) => run.deltas)];
    const over = (limit: number) => (100 * frames.filter((delta) => delta > limit).length) / frames.length;
    const dropped = frames.filter((delta) => delta > DROPPED_MS).length;
    const maxCells = Math.max(across.maxCells, ...down.map((run) => run.maxCells));
    console.log(
      `grid: ${ROOM_TYPES} room types × ${DAYS} days (${rows} rows in the DOM at most ${maxCells} cells while scrolling); ` +
        `horizontal range ${across.max} px (${across.deltas.length} frames), vertical range ${down[0]!.max} px (${down.reduce((n, run) => n + run.deltas.length, 0)} frames)`,
    );
    const firstRender = median(fromAnswer);
    const rowsOut: BenchRow[] = [
      {
        name: `first render of ${ROOM_TYPES} × ${DAYS}, rates/grid answer (headers) to grid painted, median of ${LOADS} fresh loads`,
        value: firstRender,
        unit: 'ms',
        target: '<= 150',
        met: firstRender <= 150,
      },
      { name: 'first render, rates/grid answer to grid painted, max', value: Math.max(...fromAnswer), unit: 'ms' },
      { name: 'first render, rates/grid answer to grid cells in the DOM, median', value: median(loads.map((load) => load.committedAt - load.answerAt)), unit: 'ms' },
      { name: 'first render, navigation start to grid painted, median (page boot + host answer included)', value: median(fromNavigation), unit: 'ms' },
      { name: 'first render, navigation start to rates/grid answer, median', value: median(loads.map((load) => load.answerAt)), unit: 'ms' },
      { name: 'idle rAF interval (no scrolling), median', value: median(idle), unit: 'ms' },
      { name: `scroll frames (${frames.length}: across the year and back, up and down ×3), median`, value: median(frames), unit: 'ms' },
      { name: 'scroll frames, p95', value: percentile(frames, 95), unit: 'ms' },
      { name: 'scroll frames, max', value: Math.max(...frames), unit: 'ms' },
      { name: 'scroll frames over 16.7 ms (raw: vsync jitter makes many 16.8)', value: over(FRAME_MS), unit: '%' },
      {
        name: `scroll frames dropped (rAF delta > ${DROPPED_MS.toFixed(1)} ms, a vsync missed)`,
        value: dropped,
        unit: 'frames',
        target: '= 0',
        met: dropped === 0,
      },
      { name: 'scroll frames dropped, share', value: (100 * dropped) / frames.length, unit: '%' },
    ];
    report('grid', rowsOut);
  } finally {
    await browser.close();
    await host.stop();
  }
}
