import { expect, type Page } from '@playwright/test';

// The Rates grid as a person uses it, for any host's window (a Chromium page on the headless
// host, or the Electron app's window): the same locators and interactions as rates.spec.ts.

export const indicator = (page: Page) => page.getByRole('status', { name: 'Sync indicator' });
export const cell = (page: Page, row: number, col: number) => page.locator(`.rate-cell[data-row="${row}"][data-col="${col}"]`);

/** Waits until the Rates screen is current and the grid shows room types (demo mode imports them from Cloudbeds shortly after a fresh start). */
export async function waitForRates(page: Page, timeout = 15_000) {
  await expect(page.getByRole('button', { name: 'Rates', exact: true })).toHaveAttribute('aria-current', 'page', { timeout });
  await expect(cell(page, 0, 0)).toBeVisible({ timeout });
}

/** Types a rate into one cell as a person would: select it, type, Enter. */
export async function typeRate(page: Page, row: number, col: number, rate: string) {
  await cell(page, row, col).click();
  await page.keyboard.type(rate);
  await page.keyboard.press('Enter');
}

/**
 * Answers the question Submit asks when some rate is more than half away from the current one
 * (the demo hotel's Single Room sells at about 85, so a 150 across room types asks it).
 */
export async function submitAnyway(page: Page) {
  const question = page.getByRole('alertdialog', { name: 'Submit rates far from the current ones?' });
  await expect(question).toBeVisible();
  await question.getByRole('button', { name: 'Submit anyway' }).click();
}

/** Selects the block from one cell to another (click, Shift+click) and fills it with one rate. */
export async function fillBlock(page: Page, from: { row: number; col: number }, to: { row: number; col: number }, rate: string) {
  await cell(page, from.row, from.col).click();
  await cell(page, to.row, to.col).click({ modifiers: ['Shift'] });
  await page.getByLabel('Fill value').fill(rate);
  const count = (Math.abs(to.row - from.row) + 1) * (Math.abs(to.col - from.col) + 1);
  await page.getByRole('button', { name: count === 1 ? 'Fill cell' : `Fill ${count} cells` }).click();
}

/** The few browser globals the in-page recorder uses (support files are type-checked without the DOM lib). */
interface SavedWatchGlobals {
  document: { querySelector(selector: string): unknown };
  MutationObserver: new (callback: () => void) => { observe(target: unknown, options: Record<string, unknown>): void };
  savedSeen: number;
}

/**
 * Counts, inside the page, the most cells seen saved (blue) at once: a fast sandbox can sync
 * them before Playwright's next poll, so the page itself must witness the blue.
 */
export async function watchSaved(page: Page) {
  await page.evaluate(() => {
    const w = globalThis as unknown as SavedWatchGlobals & { document: { querySelectorAll(selector: string): { length: number } } };
    w.savedSeen = 0;
    new w.MutationObserver(() => {
      w.savedSeen = Math.max(w.savedSeen, w.document.querySelectorAll('.rate-cell[data-state="saved"]').length);
    }).observe(w.document.querySelector('[role="grid"]'), { subtree: true, attributes: true, attributeFilter: ['data-state'], childList: true });
  });
}

/** The most cells `watchSaved` saw saved at once. */
export const savedSeen = (page: Page) => page.evaluate(() => (globalThis as unknown as SavedWatchGlobals).savedSeen);
