import { expect, test, type Page } from '@playwright/test';
import { createControlClient, type ControlClient } from '../../sandbox/control-client.js';
import { startHost, type RunningHost } from './support/host.js';
import { cell, indicator, typeRate, waitForRates } from './support/rates-grid.js';
import { screenshot } from './support/screenshots.js';

// The rate manager end to end (issue 4, "Must show"): the grid in Chromium, the headless host in
// demo mode, its built-in sandbox playing Cloudbeds (faults set through its control API).

let host: RunningHost;
let sandbox: ControlClient;
test.beforeEach(async () => {
  host = await startHost();
  const simulated = await host.sandbox();
  sandbox = createControlClient(simulated.url, simulated.controlToken);
});
test.afterEach(async () => {
  await host.stop();
});

async function openRates(page: Page) {
  await page.goto(`${host.url}/#token=${host.token}`);
  // Room types arrive from Cloudbeds shortly after a fresh host starts; the grid reloads itself.
  await waitForRates(page);
}

/** The few browser globals the in-page recorder uses (this file is type-checked without the DOM lib). */
interface PageGlobals {
  fetch: typeof fetch;
  document: { querySelector(selector: string): { textContent: string | null } | null };
  MutationObserver: new (callback: () => void) => { observe(target: unknown, options: Record<string, unknown>): void };
  answerAt: number | null;
  savedAt: number | null;
  indicatorTexts: string[];
}

/**
 * Records, inside the page, when the submit's answer arrived and when the first cell turned
 * saved, and every text the header indicator showed: a fast sandbox can sync the cells before
 * Playwright's next poll, so the page itself must witness the blue.
 */
async function watchSubmit(page: Page) {
  await page.evaluate(() => {
    const w = globalThis as unknown as PageGlobals;
    w.answerAt = null;
    w.savedAt = null;
    w.indicatorTexts = [];
    const original = w.fetch.bind(globalThis);
    w.fetch = async (input, init) => {
      const response = await original(input, init);
      if (String(input).endsWith('/api/rates/submit')) w.answerAt = performance.now();
      return response;
    };
    new w.MutationObserver(() => {
      if (w.savedAt === null && w.document.querySelector('.rate-cell[data-state="saved"]')) w.savedAt = performance.now();
    }).observe(w.document.querySelector('[role="grid"]'), { subtree: true, attributes: true, attributeFilter: ['data-state'], childList: true });
    const status = w.document.querySelector('[aria-label="Sync indicator"]')!;
    new w.MutationObserver(() => w.indicatorTexts.push(status.textContent ?? '')).observe(status, {
      subtree: true,
      characterData: true,
      childList: true,
    });
  });
}

test('edits 50 cells, submits, sees them blue at once and synced once Cloudbeds has applied them', async ({ page }) => {
  await openRates(page);
  // Fill a block of 5 room types × 10 dates (tomorrow on), then type one of them by hand.
  await cell(page, 0, 1).click();
  await cell(page, 4, 10).click({ modifiers: ['Shift'] });
  await page.getByLabel('Fill value').fill('150');
  await page.getByRole('button', { name: 'Fill 50 cells' }).click();
  await typeRate(page, 0, 1, '175.5');
  await expect(page.locator('.rate-cell[data-state="pending"]')).toHaveCount(50);
  await expect(cell(page, 0, 1)).toHaveText('175.50');

  // A wrong entry is refused in the grid, says why, and never becomes pending.
  await typeRate(page, 2, 12, '-3');
  await expect(cell(page, 2, 12)).toHaveAttribute('data-state', 'invalid');
  await expect(cell(page, 2, 12)).toHaveAttribute('title', 'Rate must be at least 0.01');
  await expect(page.getByRole('button', { name: 'Submit 50 changes' })).toBeVisible();
  // Undo takes back the last edit: the typed 175.50 goes back to the filled 150.
  await page.keyboard.press('Control+z');
  await page.keyboard.press('Home');
  await expect(cell(page, 0, 1)).toHaveText('150');
  await typeRate(page, 0, 1, '175.5');

  await watchSubmit(page);
  await page.getByRole('button', { name: 'Submit 50 changes' }).click();
  await expect(page.getByRole('button', { name: 'No changes' })).toBeDisabled();
  await expect(page.locator('.rate-cell[data-state="synced"]')).toHaveCount(50, { timeout: 30_000 });
  const seen = await page.evaluate(() => {
    const w = globalThis as unknown as PageGlobals;
    return { answerAt: w.answerAt, savedAt: w.savedAt, indicatorTexts: w.indicatorTexts };
  });
  // Blue in the commit that handles the answer: well within a frame or two of it arriving.
  expect(seen.answerAt).not.toBeNull();
  expect(seen.savedAt! - seen.answerAt!).toBeLessThan(50);
  expect(seen.indicatorTexts.some((text) => /^Syncing \d+ of 50$/.test(text))).toBe(true);
  await expect(indicator(page)).toHaveText('All synced');

  const pushed = await sandbox.effects({ api: 'cloudbeds' });
  expect(pushed.length).toBeGreaterThan(0);
  await screenshot(page, 'rates');
});

test('a rate Cloudbeds rejects turns red, rings the bell, lands in Failed, and syncs when retried', async ({ page }) => {
  await openRates(page);
  await sandbox.faults('cloudbeds', { rejectValues: ['123.45'] });
  await typeRate(page, 1, 3, '123.45');
  await page.getByRole('button', { name: 'Submit 1 change' }).click();

  await expect(cell(page, 1, 3)).toHaveAttribute('data-state', 'failed', { timeout: 30_000 });
  await expect(cell(page, 1, 3)).toHaveAttribute('title', /Cloudbeds refused this rate: .+/);
  await expect(page.getByRole('button', { name: 'Notifications, 1 unread' })).toBeVisible();
  await expect(indicator(page)).toHaveText('1 failed');
  await page.getByRole('button', { name: 'Notifications, 1 unread' }).click();
  const item = page.getByRole('dialog', { name: 'Notifications' }).locator('.bell-item');
  await expect(item).toHaveCount(1);
  await expect(item.locator('.bell-title')).toHaveText(/Rate update failed/);
  await screenshot(page, 'bell');

  // The notification opens Failed, where the job is listed; opening it marks it read.
  await item.getByRole('button').click();
  await expect(page.getByRole('button', { name: 'Failed', exact: true })).toHaveAttribute('aria-current', 'page');
  await expect(page.locator('table.jobs tbody tr')).toHaveCount(1);
  await expect(page.getByRole('button', { name: 'Notifications, 0 unread' })).toBeVisible();

  await sandbox.clearFaults();
  await page.getByRole('button', { name: 'Rates', exact: true }).click();
  await cell(page, 1, 3).click();
  await page.getByTestId('cell-info').getByRole('button', { name: 'Retry' }).click();
  await expect(cell(page, 1, 3)).toHaveAttribute('data-state', 'synced', { timeout: 30_000 });
});

test('while Cloudbeds is unreachable the header says offline with what is queued, then drains', async ({ page }) => {
  // The grid's room types come from Cloudbeds, so the outage starts once they are in.
  await openRates(page);
  await sandbox.faults('cloudbeds', { outage: true });
  await cell(page, 0, 5).click();
  await cell(page, 2, 6).click({ modifiers: ['Shift'] });
  await page.getByLabel('Fill value').fill('210');
  await page.getByRole('button', { name: 'Fill 6 cells' }).click();
  await page.getByRole('button', { name: 'Submit 6 changes' }).click();
  await expect(page.locator('.rate-cell[data-state="saved"]')).toHaveCount(6);
  await expect(indicator(page)).toHaveText(/^Offline — \d+ queued$/, { timeout: 30_000 });

  await sandbox.faults('cloudbeds', { outage: false });
  await expect(page.locator('.rate-cell[data-state="synced"]')).toHaveCount(6, { timeout: 45_000 });
  await expect(indicator(page)).toHaveText('All synced', { timeout: 30_000 });
});

test('pastes a block from a spreadsheet, bulk edits weekends, and discards it all', async ({ page }) => {
  await openRates(page);
  await cell(page, 1, 2).click();
  // A paste as Chromium delivers it from a spreadsheet: tab-separated cells, one line per row.
  await page.locator('[role="grid"]').evaluate((grid) => {
    const w = globalThis as unknown as {
      DataTransfer: new () => { setData(type: string, text: string): void };
      ClipboardEvent: new (type: string, init: Record<string, unknown>) => Parameters<typeof grid.dispatchEvent>[0];
    };
    const data = new w.DataTransfer();
    data.setData('text/plain', '101\t102\t103\r\n201\tabc\t203\r\n');
    grid.dispatchEvent(new w.ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
  });
  await expect(page.locator('.rate-cell[data-state="pending"]')).toHaveCount(5);
  await expect(cell(page, 1, 2)).toHaveText('101');
  await expect(cell(page, 2, 4)).toHaveText('203');
  await expect(cell(page, 2, 3)).toHaveAttribute('title', '"abc" is not a number');

  await page.getByRole('button', { name: 'Bulk edit' }).click();
  const bulk = page.getByRole('form', { name: 'Bulk edit' });
  for (const day of ['Mon', 'Tue', 'Wed', 'Thu', 'Fri']) await bulk.getByLabel(day, { exact: true }).uncheck();
  await bulk.getByLabel('Bulk rate').fill('199');
  await bulk.getByRole('button', { name: 'Set rates' }).click();
  // Every room type on every Saturday and Sunday of the year ahead, plus the pasted weekdays.
  const weekendDays = await page.locator('.rate-grid-date.weekend').count();
  expect(weekendDays).toBeGreaterThan(0);
  await expect(page.getByRole('button', { name: /^Submit \d+ changes$/ })).toBeVisible();
  const weekendCells = page.locator('.rate-cell.weekend[data-state="pending"]');
  await expect(weekendCells.first()).toHaveText('199');

  await page.getByRole('button', { name: 'Discard changes' }).click();
  await expect(page.locator('.rate-cell[data-state="pending"], .rate-cell[data-state="invalid"]')).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'No changes' })).toBeDisabled();
});
