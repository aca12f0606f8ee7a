import Database from 'better-sqlite3';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import type { ControlClient } from '../../sandbox/control-client.js';
import type { RunningHost } from './support/host.js';
import { hostWithSandboxForEachTest } from './support/host-per-test.js';
import { screenshot } from './support/screenshots.js';

// The housekeeping schedule end to end (issue 10, part 2): the headless host in demo mode, its
// built-in sandbox playing MaidCentral, the screen in Chromium reading only the stored days.

let host: RunningHost;
let sandbox: ControlClient;
hostWithSandboxForEachTest((running) => ({ host, sandbox } = running));

const tabs = (page: Page) => page.getByRole('tablist', { name: 'Day' }).getByRole('tab');
const panel = (page: Page) => page.getByRole('tabpanel');
const groupTitles = (page: Page) => panel(page).locator('section.cleaning-group h3');

/** The days' status as the host has it (a second client's view). */
async function status(): Promise<{ days: { date: string; state: string; fetchedAt: string | null; cleanings: number | null }[] }> {
  return (await host.call('housekeeping/status')).data;
}

/** Opens Housekeeping on a fresh host: nothing is stored yet, so the first look fetches the week. */
async function openHousekeeping(page: Page) {
  await page.goto(`${host.url}/#token=${host.token}`);
  await page.getByRole('button', { name: 'Housekeeping', exact: true }).click();
  await expect(page.getByRole('button', { name: 'Housekeeping', exact: true })).toHaveAttribute('aria-current', 'page');
  await expect(tabs(page)).toHaveCount(7);
  // Seven calls at MaidCentral's two a second: a few seconds.
  await expect(page.locator('.day-tab small')).toHaveText(Array(7).fill(/^\d+ cleanings?$/), { timeout: 30_000 });
}

test('shows a stored day’s cleanings by person and by team, switches day, and refreshes', async ({ page }) => {
  await openHousekeeping(page);
  const week = (await status()).days;
  await expect(tabs(page).first()).toHaveAttribute('aria-selected', 'true');
  await expect(tabs(page).first()).toContainText('Today');
  await expect(panel(page).getByTestId('fetched-at')).toHaveText(/^Fetched at \d{2}:\d{2} \((just now|\d+ min ago)\)$/);

  // By person: the hotel's seven housekeepers, by name, each with rows of cleanings.
  await expect(panel(page).getByRole('button', { name: 'Person' })).toHaveAttribute('aria-pressed', 'true');
  await expect(groupTitles(page)).toHaveText(['Aisha Khan', 'Joana Reis', 'Kofi Mensah', 'Lucía Ortega', 'Maria Santos', 'Piotr Nowak', 'Tom Brennan']);
  const maria = panel(page).getByRole('region', { name: 'Maria Santos' });
  await expect(maria).toContainText('Supervisor, Housekeeper · Team Blue');
  await expect(maria.locator('tbody tr').first()).toContainText(/\d{2}:\d{2}–\d{2}:\d{2}\s*Room \d{3}/);
  // Every cleaning of the day shows with its state.
  const rowsByTeam = async () => panel(page).locator('tbody tr').count();
  await panel(page).getByRole('button', { name: 'Team' }).click();
  await expect(groupTitles(page)).toHaveText(['Team Amber', 'Team Blue', 'Team Green']);
  expect(await rowsByTeam()).toBe(week[0]!.cleanings);
  await expect(panel(page).locator('tbody tr .pill').first()).toHaveText(/^(Done|In progress|Not started)$/);
  await expect(panel(page).getByRole('region', { name: 'Team Blue' })).toContainText('Maria Santos, Lucía Ortega, Tom Brennan');
  await screenshot(page, 'housekeeping');

  // Another day, with the keyboard: the tabs move with the arrow keys.
  await tabs(page).first().focus();
  await page.keyboard.press('ArrowRight');
  await expect(tabs(page).nth(1)).toHaveAttribute('aria-selected', 'true');
  await expect(tabs(page).nth(1)).toBeFocused();
  const tomorrow = week[1]!;
  await expect(panel(page).getByRole('heading', { level: 2 })).toHaveText(new RegExp(` ${Number(tomorrow.date.slice(8))} `));
  expect(await rowsByTeam()).toBe(tomorrow.cleanings);
  // Nothing of tomorrow has started.
  await expect(panel(page).locator('tbody tr .pill')).toHaveText(Array(tomorrow.cleanings!).fill('Not started'));
  await page.getByRole('tab', { name: /Today/ }).click();
  await expect(tabs(page).first()).toHaveAttribute('aria-selected', 'true');

  // Refresh now: the staff and the seven days fetched again, the screen told by pushed events.
  const before = (await sandbox.counters()).maidcentral.requests;
  await page.getByRole('button', { name: 'Refresh now' }).click();
  await expect.poll(async () => (await status()).days.every((day) => day.fetchedAt! > week[6]!.fetchedAt!), { timeout: 30_000 }).toBe(true);
  expect((await sandbox.counters()).maidcentral.requests - before).toBeGreaterThanOrEqual(1 + 7);
  await expect(page.getByRole('button', { name: 'Refresh now' })).toBeEnabled();
  await expect(page.locator('.day-tab small')).toHaveText(Array(7).fill(/^\d+ cleanings?$/));
});

test('a day that fails says so on its tab while the others show, and a damaged stored day is refused, then fetched again', async ({ page }) => {
  await openHousekeeping(page);
  const week = (await status()).days;
  const failing = week[2]!.date;
  await sandbox.faults('maidcentral', { burst5xx: { count: 1_000, pathContains: `startDate=${failing}` } });
  await page.getByRole('button', { name: 'Refresh now' }).click();
  await expect(tabs(page).nth(2).locator('small')).toHaveText('Last fetch failed', { timeout: 30_000 });
  await tabs(page).nth(2).click();
  await expect(panel(page).getByRole('status')).toContainText(/The last fetch of this day failed at \d{2}:\d{2}: MaidCentral answered 503/);
  await expect(panel(page).getByRole('status')).toContainText('Showing the copy fetched at');
  // The copy fetched before is still shown (by team: one row per cleaning).
  await panel(page).getByRole('button', { name: 'Team' }).click();
  await expect(panel(page).locator('tbody tr')).toHaveCount(week[2]!.cleanings!);
  await sandbox.clearFaults();
  // The queue retries the day by itself (a few seconds of backoff).
  await expect(tabs(page).nth(2).locator('small')).toHaveText(/^\d+ cleanings?$/, { timeout: 30_000 });
  await expect(panel(page).getByRole('status')).toHaveCount(0);

  // A stored file changed behind the app's back: refused with the reason, never shown, fetched again.
  const db = new Database(join(host.dataDir, 'sentinel.db'), { readonly: true });
  const { sha256 } = db.prepare('SELECT sha256 FROM housekeeping_days WHERE date = ?').get(week[3]!.date) as { sha256: string };
  db.close();
  const file = join(host.dataDir, 'housekeeping', `${week[3]!.date}.${sha256.slice(0, 16)}.json`);
  writeFileSync(file, readFileSync(file, 'utf8').replace('Room', 'Rooom'));
  // MaidCentral's lane held meanwhile, so the refetch cannot land before the refusal is seen.
  await host.call('sync/pause', { lane: 'maidcentral' });
  await tabs(page).nth(3).click();
  await expect(panel(page).getByRole('alert')).toContainText('cannot be used (the file is');
  await expect(panel(page).getByRole('alert')).toContainText('it is being fetched again from MaidCentral');
  await expect(panel(page).locator('tbody tr')).toHaveCount(0);
  await host.call('sync/resume', { lane: 'maidcentral' });
  await expect(panel(page).getByRole('alert')).toHaveCount(0, { timeout: 30_000 });
  await expect(panel(page).locator('tbody tr')).toHaveCount(week[3]!.cleanings!);
});
