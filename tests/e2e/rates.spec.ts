import { expect, test, type Page } from '@playwright/test';
import type { ControlClient } from '../../sandbox/control-client.js';
import type { RunningHost } from './support/host.js';
import { hostWithSandboxForEachTest } from './support/host-per-test.js';
import { cell, indicator, submitAnyway, typeRate, waitForRates } from './support/rates-grid.js';
import { expectAccessible } from './support/accessibility.js';
import { screenshot } from './support/screenshots.js';

// The rate manager end to end (issue 4, "Must show"): the grid in Chromium, the headless host in
// demo mode, its built-in sandbox playing Cloudbeds (faults set through its control API).

let host: RunningHost;
let sandbox: ControlClient;
hostWithSandboxForEachTest((running) => ({ host, sandbox } = running));

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
  // Undo takes back one action at a time: the refused entry's marker first, then the typed 175.50
  // goes back to the filled 150.
  await page.keyboard.press('Control+z');
  await expect(cell(page, 2, 12)).not.toHaveAttribute('data-state', 'invalid');
  await page.keyboard.press('Control+z');
  await page.keyboard.press('Home');
  await expect(cell(page, 0, 1)).toHaveText('150');
  await typeRate(page, 0, 1, '175.5');

  await watchSubmit(page);
  await page.getByRole('button', { name: 'Submit 50 changes' }).click();
  // 150 for the Single Room (about 85) is more than half above its rate: a typo is asked about.
  const question = page.getByRole('alertdialog', { name: 'Submit rates far from the current ones?' });
  await expect(question).toContainText(/^\d+ rates differ by more than half from the current rate: .*Single Room \w+ \d+ \w+: [\d.]+ → 150.*Submit anyway\?/);
  await expectAccessible(page, 'Rates asking about rates far from the current ones');
  await question.getByRole('button', { name: 'Go back and check' }).click();
  await expect(page.getByRole('button', { name: 'Submit 50 changes' })).toBeVisible();
  await page.getByRole('button', { name: 'Submit 50 changes' }).click();
  await submitAnyway(page);
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
  await expectAccessible(page, 'Rates with synced cells');
  await screenshot(page, 'rates');
});

test('a rate Cloudbeds rejects turns red, rings the bell, lands in Failed, and syncs when retried', async ({ page }) => {
  await openRates(page);
  await sandbox.faults('cloudbeds', { rejectValues: ['123.45'] });
  await typeRate(page, 1, 3, '123.45');
  await page.getByRole('button', { name: 'Submit 1 change' }).click();

  await expect(cell(page, 1, 3)).toHaveAttribute('data-state', 'failed', { timeout: 30_000 });
  await expect(cell(page, 1, 3)).toHaveAttribute('title', /Cloudbeds refused this rate \(.+\)/);
  // In plain words on the cell's line, with Cloudbeds' own under Details.
  await cell(page, 1, 3).click();
  const info = page.getByTestId('cell-info');
  await expect(info).toContainText(/Cloudbeds refused 123\.45 for Single Room on \w+ \d+ \w+\. Check the rate, then press Retry/);
  await info.getByText('Details').click();
  await expect(info.locator('details')).toContainText('Invalid value "123.45"');
  await expect(page.getByRole('button', { name: 'Notifications, 1 unread' })).toBeVisible();
  await expect(indicator(page)).toHaveText('1 failed');
  await page.getByRole('button', { name: 'Notifications, 1 unread' }).click();
  const item = page.getByRole('dialog', { name: 'Notifications' }).locator('.bell-item');
  await expect(item).toHaveCount(1);
  await expect(item.locator('.bell-title')).toHaveText(/Rate update failed/);
  await expectAccessible(page, 'Rates with a failed cell and the bell open');
  await screenshot(page, 'bell');

  // The notification opens Failed, where the job is listed; opening it marks it read.
  await item.getByRole('button').click();
  await expect(page.getByRole('button', { name: /^Failed( \d+)?$/ })).toHaveAttribute('aria-current', 'page');
  await expect(page.locator('table.jobs tbody tr')).toHaveCount(1);
  await expect(page.getByRole('button', { name: 'Notifications, 0 unread' })).toBeVisible();

  await sandbox.clearFaults();
  await page.getByRole('button', { name: 'Rates', exact: true }).click();
  await cell(page, 1, 3).click();
  await page.getByTestId('cell-info').getByRole('button', { name: 'Retry' }).click();
  await expect(cell(page, 1, 3)).toHaveAttribute('data-state', 'synced', { timeout: 30_000 });
});

test('a failure notice is marked resolved, and stops counting as unread, once its job is retried and synced', async ({ page }) => {
  await openRates(page);
  await sandbox.faults('cloudbeds', { rejectValues: ['123.46'] });
  await typeRate(page, 2, 4, '123.46');
  await page.getByRole('button', { name: 'Submit 1 change' }).click();
  await expect(cell(page, 2, 4)).toHaveAttribute('data-state', 'failed', { timeout: 30_000 });
  const bell = page.getByRole('button', { name: /^Notifications, \d+ unread$/ });
  await expect(bell).toHaveAccessibleName(/[1-9]\d* unread/);
  const unreadBefore = Number((await bell.getAttribute('aria-label'))!.match(/(\d+) unread/)![1]);

  await sandbox.clearFaults();
  await cell(page, 2, 4).click();
  await page.getByTestId('cell-info').getByRole('button', { name: 'Retry' }).click();
  await expect(cell(page, 2, 4)).toHaveAttribute('data-state', 'synced', { timeout: 30_000 });
  // Nothing is left to act on: one fewer unread, without anyone opening it.
  await expect(page.getByRole('button', { name: `Notifications, ${unreadBefore - 1} unread` })).toBeVisible();
  await bell.click();
  const item = page.getByRole('dialog', { name: 'Notifications' }).locator('.bell-item').filter({ hasText: '123.46' });
  await expect(item.locator('.bell-resolved')).toHaveText('Resolved');
  await expect(item).not.toHaveClass(/unread/);
  await expectAccessible(page, 'The bell with a resolved notice');
  // Escape closes the bell and puts focus back on its button.
  await page.keyboard.press('Escape');
  await expect(page.getByRole('dialog', { name: 'Notifications' })).toHaveCount(0);
  await expect(bell).toBeFocused();
});

test('while Cloudbeds is unreachable the header says offline with what is queued, then drains', async ({ page }) => {
  // The grid's room types come from Cloudbeds, so the outage starts once they are in.
  await openRates(page);
  await sandbox.faults('cloudbeds', { outage: true });
  // Not the base room type's row: the rows that follow it would be carried along.
  await cell(page, 1, 5).click();
  await cell(page, 3, 6).click({ modifiers: ['Shift'] });
  await page.getByLabel('Fill value').fill('210');
  await page.getByRole('button', { name: 'Fill 6 cells' }).click();
  await page.getByRole('button', { name: 'Submit 6 changes' }).click();
  await submitAnyway(page);
  await expect(page.locator('.rate-cell[data-state="saved"]')).toHaveCount(6);
  await expect(indicator(page)).toHaveText(/^Offline — \d+ queued$/, { timeout: 30_000 });

  await sandbox.faults('cloudbeds', { outage: false });
  await expect(page.locator('.rate-cell[data-state="synced"]')).toHaveCount(6, { timeout: 45_000 });
  await expect(indicator(page)).toHaveText('All synced', { timeout: 30_000 });
});

/** The nights Cloudbeds was sent for a date, as `rate` or `rate closed|open`, in the order they were written. */
async function writtenOn(date: string): Promise<string[]> {
  const effects = (await sandbox.effects({ api: 'cloudbeds', kind: 'rate' })) as { data: { date: string; rate: number; blocked: boolean } }[];
  return effects.filter((effect) => effect.data.date === date).map((effect) => `${effect.data.rate}${effect.data.blocked ? ' closed' : ''}`);
}

// A cell's text starts with its rate (a screen reader's words may follow).
const shownRate = async (page: Page, row: number, col: number) => parseFloat(await cell(page, row, col).innerText());
const cents = (rate: number) => Math.round(rate * 100) / 100;
/** A rate as the grid writes it: whole numbers bare, others to the cent. */
const asShown = (rate: number) => new RegExp(`^${Number.isInteger(rate) ? rate : rate.toFixed(2)}(,|$)`);

test('the other room types follow a new Standard rate unless set by hand, and sales close and open per night', async ({ page }) => {
  await openRates(page);
  await page.setViewportSize({ width: 1024, height: 700 });
  const date = (await page.locator('[role="columnheader"][data-date]').nth(4).getAttribute('data-date'))!;
  // The Superior King's night set by hand first: it keeps its rate when the Standard moves.
  const superior = cents((await shownRate(page, 2, 4)) + 10);
  await typeRate(page, 2, 4, String(superior));
  await page.getByRole('button', { name: 'Submit 1 change' }).click();
  await expect(cell(page, 2, 4)).toHaveAttribute('data-state', 'synced', { timeout: 30_000 });
  await expect(cell(page, 2, 4)).toHaveClass(/by-hand/);

  const standard = Math.round((await shownRate(page, 0, 4)) * 1.2);
  await typeRate(page, 0, 4, String(standard));
  // Single −25 %, Deluxe +45.00, Family +60 %: shown pending before anything is sent.
  const expected = { 1: cents(standard * 0.75), 3: standard + 45, 4: cents(standard * 1.6) };
  for (const [row, rate] of Object.entries(expected)) {
    await expect(cell(page, Number(row), 4)).toHaveClass(/state-pending follows/);
    await expect(cell(page, Number(row), 4)).toHaveText(asShown(rate));
  }
  await expect(cell(page, 2, 4)).toHaveText(asShown(superior));
  await cell(page, 1, 4).click();
  await expect(page.getByTestId('cell-info')).toContainText(/pending: follows Standard Double’s pending rate \(−25%\); submit to save/);
  await cell(page, 2, 4).click();
  await expect(page.getByTestId('cell-info')).toContainText('set by hand: does not follow Standard Double');
  await expectAccessible(page, 'Rates with rows following a pending Standard rate');
  await screenshot(page, 'rates-following');

  await page.getByRole('button', { name: 'Submit 1 change, 3 following' }).click();
  for (const row of [0, 1, 3, 4]) await expect(cell(page, row, 4)).toHaveAttribute('data-state', 'synced', { timeout: 30_000 });
  expect((await writtenOn(date)).sort()).toEqual([standard, superior, ...Object.values(expected)].map(String).sort());

  // The Superior King's night goes back to following: the Standard's rate +20 %, sent at once.
  await cell(page, 2, 4).click();
  await page.getByTestId('cell-info').getByRole('button', { name: 'Follow Standard Double again' }).click();
  await expect(cell(page, 2, 4)).toHaveText(asShown(cents(standard * 1.2)));
  await expect(cell(page, 2, 4)).not.toHaveClass(/by-hand/);
  await expect(cell(page, 2, 4)).toHaveAttribute('data-state', 'synced', { timeout: 30_000 });
  await expect(page.getByTestId('cell-info')).toContainText('follows Standard Double (+20%)');
  expect((await writtenOn(date)).at(-1)).toBe(String(cents(standard * 1.2)));

  // Stop-sell: three nights of the Single Room closed at Cloudbeds, then one opened again.
  await cell(page, 1, 6).click();
  await cell(page, 1, 8).click({ modifiers: ['Shift'] });
  await page.getByRole('button', { name: 'Close sales' }).click();
  for (const col of [6, 7, 8]) {
    await expect(cell(page, 1, col)).toHaveClass(/closed/);
    await expect(cell(page, 1, col)).toHaveAttribute('data-state', 'synced', { timeout: 30_000 });
  }
  const nights = await Promise.all([6, 7, 8].map(async (col) => (await page.locator('[role="columnheader"][data-date]').nth(col).getAttribute('data-date'))!));
  for (const [n, night] of nights.entries()) expect(await writtenOn(night)).toEqual([`${await shownRate(page, 1, 6 + n)} closed`]);
  await cell(page, 1, 7).click();
  await expect(page.getByTestId('cell-info')).toContainText('sales closed (stop-sell)');
  await expectAccessible(page, 'Rates with nights closed to sale');
  await screenshot(page, 'rates-closed');
  await page.getByRole('button', { name: 'Open sales' }).click();
  await expect(cell(page, 1, 7)).not.toHaveClass(/closed/);
  await expect(cell(page, 1, 7)).toHaveAttribute('data-state', 'synced', { timeout: 30_000 });
  expect(await writtenOn(nights[1]!)).toEqual([`${await shownRate(page, 1, 7)} closed`, `${await shownRate(page, 1, 7)}`]);
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

  // Bulk edit starts from the selection (here the block of the first two weeks), never the whole year.
  await cell(page, 0, 0).click();
  await cell(page, 4, 13).click({ modifiers: ['Shift'] });
  await page.getByRole('button', { name: 'Bulk edit' }).click();
  const bulk = page.getByRole('form', { name: 'Bulk edit' });
  const firstDate = await page.locator('.rate-grid-date').first().getAttribute('data-date');
  await expect(bulk.getByRole('combobox', { name: 'From' })).toHaveValue(firstDate!);
  await expect(bulk.getByRole('combobox', { name: 'From' }).locator('option:checked')).toHaveText(/^\w{3} \d+ \w{3} \d{4}$/);
  for (const day of ['Mon', 'Tue', 'Wed', 'Thu', 'Fri']) await bulk.getByLabel(day, { exact: true }).uncheck();
  await bulk.getByLabel('Bulk rate').fill('199');
  await bulk.getByRole('button', { name: 'Set rates' }).click();
  await expect(bulk.getByRole('status')).toHaveText('20 rates changed.');
  await expect(page.getByRole('button', { name: /^Submit \d+ changes$/ })).toBeVisible();
  // Saturdays and Sundays of the two weeks, all five room types (the pasted cells are other rates).
  const weekendCells = page.locator('.rate-cell[data-state="pending"]', { hasText: /^199$/ });
  await expect(weekendCells).toHaveCount(20);

  // Discarding asks first, and undo brings it all back.
  const pendingBefore = await page.locator('.rate-cell[data-state="pending"]').count();
  await page.getByRole('button', { name: 'Discard changes' }).click();
  await page.getByRole('alertdialog', { name: 'Discard changes?' }).getByRole('button', { name: 'Discard' }).click();
  await expect(page.locator('.rate-cell[data-state="pending"], .rate-cell[data-state="invalid"]')).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'No changes' })).toBeDisabled();
  await page.getByRole('button', { name: 'Undo' }).click();
  await expect(page.locator('.rate-cell[data-state="pending"]')).toHaveCount(pendingBefore);
  await expect(cell(page, 2, 3)).toHaveAttribute('title', '"abc" is not a number');
});

test('works like a spreadsheet from the keyboard: F2 edits the value, redo, copy, Ctrl+Enter submits, and Tab leaves the grid', async ({ page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await openRates(page);
  const grid = page.getByRole('grid', { name: 'Rates' });
  await cell(page, 0, 1).click();
  await expect(grid).toHaveAttribute('aria-activedescendant', 'rate-cell-0-1');
  const before = await cell(page, 0, 1).textContent();

  // F2 opens the cell on its value, selected: typing replaces it.
  await page.keyboard.press('F2');
  const editor = page.getByRole('textbox', { name: /^Rate for / });
  await expect(editor).toHaveValue(before!);
  await page.keyboard.type('140');
  await page.keyboard.press('Enter');
  await expect(cell(page, 0, 1)).toHaveText('140');
  await expect(grid).toHaveAttribute('aria-activedescendant', 'rate-cell-1-1');

  // Undo, then redo with either shortcut.
  await page.keyboard.press('Control+z');
  await expect(cell(page, 0, 1)).toHaveText(before!);
  await page.keyboard.press('Control+y');
  await expect(cell(page, 0, 1)).toHaveText('140');
  await page.keyboard.press('Control+z');
  await page.keyboard.press('Control+Shift+z');
  await expect(cell(page, 0, 1)).toHaveText('140');

  // Copy a 2 × 2 block as a spreadsheet takes it.
  await cell(page, 0, 1).click();
  await cell(page, 1, 2).click({ modifiers: ['Shift'] });
  await page.keyboard.press('Control+c');
  const copied = await page.evaluate(() => (globalThis as unknown as { navigator: { clipboard: { readText(): Promise<string> } } }).navigator.clipboard.readText());
  const rows = copied.split('\n').map((line) => line.split('\t'));
  expect(rows).toHaveLength(2);
  expect(rows[0]![0]).toBe('140.00');
  expect(rows.flat().every((value) => /^\d+\.\d{2}$/.test(value))).toBe(true);

  // Escape leaves an edit without changing the cell.
  await cell(page, 0, 2).click();
  await page.keyboard.press('F2');
  await page.keyboard.type('999');
  await page.keyboard.press('Escape');
  await expect(cell(page, 0, 2)).toHaveText(rows[0]![1]!.replace(/\.00$/, ''));

  // Ctrl+Enter submits what is pending (one change, close to the current rate: no question).
  await page.keyboard.press('Control+Enter');
  await expect(cell(page, 0, 1)).toHaveAttribute('data-state', /saved|synced/);
  await expect(page.getByRole('button', { name: 'No changes' })).toBeDisabled();

  // From the last cell, Tab moves on out of the grid: the keyboard is never trapped in it.
  await cell(page, 0, 0).click();
  await page.keyboard.press('End');
  for (let row = 0; row < 4; row += 1) await page.keyboard.press('ArrowDown');
  const last = await grid.getAttribute('aria-activedescendant');
  expect(last).toMatch(/^rate-cell-4-\d+$/);
  await page.keyboard.press('Tab');
  await expect(grid).not.toBeFocused();
});

test('raises the December Saturdays of two room types by 10 %, each from its own rate, to the cent', async ({ page }) => {
  await openRates(page);
  const today = new Date().toISOString().slice(0, 10);
  const year = Number(today.slice(0, 4));
  const saturdays = Array.from({ length: 31 }, (_, i) => `${year}-12-${String(i + 1).padStart(2, '0')}`).filter(
    (date) => new Date(`${date}T00:00:00Z`).getUTCDay() === 6 && date > today,
  );
  const before = await host.call('rates/grid', { from: saturdays[0], to: saturdays.at(-1) });
  const roomTypes = (before.data.roomTypes as { id: number; name: string }[]).slice(1, 3);
  const rateOf = (grid: { cells: { roomTypeId: number; date: string; rate: number }[] }, id: number, date: string) =>
    grid.cells.find((each) => each.roomTypeId === id && each.date === date)!.rate;

  await page.getByRole('button', { name: 'Bulk edit' }).click();
  const bulk = page.getByRole('form', { name: 'Bulk edit' });
  for (const roomType of before.data.roomTypes as { id: number; name: string }[]) {
    const box = bulk.getByRole('checkbox', { name: roomType.name });
    if (roomTypes.some((chosen) => chosen.id === roomType.id)) await box.check();
    else await box.uncheck();
  }
  await bulk.getByRole('combobox', { name: 'To' }).selectOption(`${year}-12-31`);
  await bulk.getByRole('combobox', { name: 'From' }).selectOption(`${year}-12-01`);
  for (const day of ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sun']) await bulk.getByLabel(day, { exact: true }).uncheck();
  await bulk.getByLabel('Bulk rate').fill('+10%');
  await bulk.getByRole('button', { name: 'Set rates' }).click();
  await expect(bulk.getByRole('status')).toHaveText(`${2 * saturdays.length} rates changed.`);
  await expectAccessible(page, 'Rates with the bulk edit open');
  await screenshot(page, 'bulk-edit');
  await page.getByRole('button', { name: `Submit ${2 * saturdays.length} changes` }).click();
  await expect(page.getByRole('button', { name: 'No changes' })).toBeDisabled();

  const after = await host.call('rates/grid', { from: saturdays[0], to: saturdays.at(-1) });
  for (const roomType of roomTypes) {
    for (const date of saturdays) {
      const expected = Math.round(rateOf(before.data, roomType.id, date) * 1.1 * 100) / 100;
      expect(rateOf(after.data, roomType.id, date), `${roomType.name} ${date}`).toBe(expected);
    }
  }
  // Nothing else moved: a Friday keeps its rate.
  const friday = saturdays[0]!.replace(/\d{2}$/, (day) => String(Number(day) - 1).padStart(2, '0'));
  const fridays = await host.call('rates/grid', { from: friday, to: friday });
  expect(fridays.data.cells.every((each: { state: string }) => each.state === 'default')).toBe(true);
});

test('keeps rates typed but not submitted through a reload, and warns before the tab closes on them', async ({ page }) => {
  await openRates(page);
  await typeRate(page, 3, 4, '171');
  await typeRate(page, 3, 5, '172');
  await expect(page.locator('.rate-cell[data-state="pending"]')).toHaveCount(2);
  // Saved as drafts once typing pauses.
  await expect.poll(async () => (await host.call('rates/drafts')).data.drafts.length).toBe(2);
  let warned = false;
  page.once('dialog', (dialog) => {
    warned = dialog.type() === 'beforeunload';
    void dialog.accept();
  });
  await page.reload();
  expect(warned).toBe(true);
  await waitForRates(page);
  await expect(page.locator('.rate-cell[data-state="pending"]')).toHaveCount(2);
  await expect(cell(page, 3, 4)).toHaveText('171');
  await expect(page.getByRole('button', { name: 'Submit 2 changes' })).toBeVisible();
});
