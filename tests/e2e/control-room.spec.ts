import Database from 'better-sqlite3';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { INTEGRATIONS } from '../../core/integrations/index.js';
import type { RunningHost } from './support/host.js';
import { hostForEachTest } from './support/host-per-test.js';
import { expectAccessible } from './support/accessibility.js';
import { screenshot } from './support/screenshots.js';

let host: RunningHost;
hostForEachTest((started) => (host = started));

/**
 * Puts failed jobs in the host's database, as a sync of another build would have left them:
 * booking pushes to Beds24, which this build has no worker for yet.
 */
function seedFailedJobs(count: number) {
  const db = new Database(join(host.dataDir, 'sentinel.db'));
  const insert = db.prepare(`INSERT INTO jobs (lane, type, payload, summary, status, run_at, attempts, last_error, error_kind, created_at, updated_at, finished_at)
    VALUES ('beds24', 'bookings/push', ?, ?, 'failed', ?, 1, 'Beds24 answered 400: numAdult must be at least 1', 'validation', ?, ?, ?)`);
  const now = Date.now();
  for (let i = 0; i < count; i += 1) {
    insert.run(JSON.stringify({ guest: 'Ana Silva', arrival: `2026-12-0${i + 1}`, numAdult: 0 }), `Booking · Ana Silva · ${i + 1} Dec`, now, now, now, now);
  }
  db.close();
}

const jobStatus = (id: number) => {
  const db = new Database(join(host.dataDir, 'sentinel.db'), { readonly: true });
  try {
    return db.prepare('SELECT status, discard_reason FROM jobs WHERE id = ?').get(id) as { status: string; discard_reason: string | null };
  } finally {
    db.close();
  }
};

test('shows every lane and pauses one from the Sync status screen, and hears pauses made elsewhere', async ({ page }) => {
  await page.goto(`${host.url}/#token=${host.token}`);
  await expect(page.getByRole('status', { name: 'Sync indicator' })).toHaveText('All synced');
  await page.getByRole('button', { name: 'Sync status' }).click();
  const lanes = page.locator('article.lane');
  // One lane per registered integration, named as its maker writes it.
  await expect(lanes).toHaveCount(INTEGRATIONS.length);
  await expect(lanes.locator('h2')).toHaveText(INTEGRATIONS.map((integration) => integration.displayName));

  const cloudbeds = page.locator('article[data-lane="cloudbeds"]');
  // No credentials configured: every remote system is the simulated hotel.
  await expect(page.locator('article.lane .pill-demo')).toHaveText(Array(INTEGRATIONS.length).fill('Demo (simulated)'));
  await expect(cloudbeds).toContainText('rate updates, room-type imports, hotel details fetches');
  await expect(page.locator('article[data-lane="seam"]')).toContainText('door PINs, door PIN removals');
  await expect(page.locator('article[data-lane="beds24"]')).toContainText('room imports, Beds24 booking polls, booking pushes, availability pushes');
  await cloudbeds.getByRole('button', { name: 'Pause' }).click();
  await expect(cloudbeds.locator('header .pill')).toHaveText('Paused');
  // The header says which lane is paused.
  await expect(page.getByRole('status', { name: 'Sync indicator' })).toHaveText('Paused: Cloudbeds');
  const status = await host.call('sync/status');
  expect(status.data.lanes.find((lane: { lane: string }) => lane.lane === 'cloudbeds').state).toBe('paused');
  await expectAccessible(page, 'Sync status');
  await screenshot(page, 'sync-status');

  // Another client pauses all sync: the event stream brings it to this screen without a reload.
  await host.call('sync/pause', {});
  await expect(page.getByRole('status', { name: 'Sync indicator' })).toHaveText('Sync paused');
  // Resume all resumes everything: the global pause and the lane paused on its own.
  await page.getByRole('button', { name: 'Resume all' }).click();
  await expect(page.getByRole('status', { name: 'Sync indicator' })).toHaveText('All synced');
  await expect(cloudbeds.locator('header .pill')).toHaveText('Online');
  await expect(page.getByRole('button', { name: 'Pause all sync' })).toBeVisible();
});

test('retries and discards failed jobs from the Failed screen, and the rows in SQLite follow', async ({ page }) => {
  seedFailedJobs(3);
  await page.goto(`${host.url}/#token=${host.token}`);
  await expect(page.getByRole('status', { name: 'Sync indicator' })).toHaveText('3 failed');
  await page.getByRole('button', { name: 'Failed' }).click();
  const rows = page.locator('table.jobs tbody tr');
  await expect(rows).toHaveCount(3);
  await expect(rows.first()).toContainText('numAdult must be at least 1');
  await expectAccessible(page, 'Failed');
  // Each row says what the job was about, and the system as its maker writes it.
  await expect(rows.first()).toContainText('Booking · Ana Silva · 3 Dec');
  await expect(rows.first()).toContainText('Beds24');
  await screenshot(page, 'failed');

  const first = page.locator('tr[data-job-id="1"]');
  await first.getByRole('button', { name: 'Discard…' }).click();
  // No reason: said in words in the form, nothing sent.
  await first.getByRole('button', { name: 'Discard', exact: true }).click();
  await expect(first.getByRole('alert')).toHaveText('Say why it is discarded: the reason is kept with the job.');
  expect(jobStatus(1).status).toBe('failed');
  await first.getByRole('textbox', { name: 'Reason' }).fill('Typed a negative rate by mistake');
  await first.getByRole('button', { name: 'Discard' }).click();
  await expect(page.locator('tr[data-job-id="1"]')).toHaveCount(0);
  expect(jobStatus(1)).toEqual({ status: 'cancelled', discard_reason: 'Typed a negative rate by mistake' });

  // Retrying sends job 2 again; with no worker for its type in this build it fails again, visibly.
  await page.locator('tr[data-job-id="2"]').getByRole('button', { name: 'Retry' }).click();
  await expect.poll(() => host.call('jobs/get', { id: 2 }).then((outcome) => (outcome.data as { attemptHistory: unknown[] }).attemptHistory.length)).toBe(1);
  await expect(page.locator('tr[data-job-id="2"]')).toContainText('No worker handles jobs of type "bookings/push"');
  expect(jobStatus(2).status).toBe('failed');
});

test('shows job history with a filter, and a job with its payload and attempts', async ({ page }) => {
  seedFailedJobs(2);
  await page.goto(`${host.url}/#token=${host.token}`);
  // The Failed tab counts what the Failed screen lists.
  await expect(page.getByRole('navigation').getByRole('button', { name: 'Failed 2' })).toBeVisible();
  // Rates is the first screen; job history is one click away.
  await page.getByRole('button', { name: 'Activity' }).click();
  // Besides the two failed pushes, opening Rates queued the import of room types from Cloudbeds,
  // and the header the fetch of the hotel's name and currency.
  const rows = page.locator('table.jobs tbody tr');
  await expect(rows).toHaveCount(4);
  await expect(page.locator('table.jobs tbody')).toContainText('Rates · import room types and a year of rates from Cloudbeds');
  await expect(page.locator('table.jobs tbody')).toContainText('Hotel · name and currency from Cloudbeds (first start)');
  await page.getByRole('combobox', { name: 'Status filter' }).selectOption('cancelled');
  await expect(page.getByText('No jobs match these filters.')).toBeVisible();
  await page.getByRole('combobox', { name: 'Status filter' }).selectOption('failed');
  await expect(rows).toHaveCount(2);

  // Words search the summaries and errors; the system narrows to one remote system.
  await page.getByRole('searchbox', { name: 'Search jobs' }).fill('ana silva · 2 dec');
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText('Booking · Ana Silva · 2 Dec');
  await page.getByRole('searchbox', { name: 'Search jobs' }).fill('');
  await page.getByRole('combobox', { name: 'Status filter' }).selectOption('');
  await page.getByRole('combobox', { name: 'System filter' }).selectOption({ label: 'Cloudbeds' });
  await expect(rows).toHaveCount(2);
  await page.getByRole('combobox', { name: 'System filter' }).selectOption({ label: 'Beds24' });
  await expect(rows).toHaveCount(2);
  // The kind of job: those of the chosen system only; choosing another system clears it.
  const kind = page.getByRole('combobox', { name: 'Kind of job filter' });
  await expect(kind.locator('option', { hasText: 'Rate updates' })).toHaveCount(0);
  await page.getByRole('combobox', { name: 'System filter' }).selectOption({ label: 'Cloudbeds' });
  await kind.selectOption({ label: 'Room-type imports' });
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText('import room types');
  await page.getByRole('combobox', { name: 'System filter' }).selectOption({ label: 'Beds24' });
  await expect(kind).toHaveValue('');
  await expect(rows).toHaveCount(2);

  // At 1024 px the job's panel sits beside the list, not over it; Escape closes it.
  await page.setViewportSize({ width: 1024, height: 700 });
  await page.getByRole('button', { name: '2', exact: true }).click();
  const detail = page.getByRole('complementary', { name: 'Job 2' });
  await expect(detail).toContainText('"numAdult": 0');
  await expect(detail).toContainText('Last error: Beds24 answered 400: numAdult must be at least 1');
  const table = await page.locator('table.jobs').boundingBox();
  const panel = await detail.boundingBox();
  expect(table!.x + table!.width).toBeLessThanOrEqual(panel!.x + 1);
  await page.setViewportSize({ width: 1280, height: 800 });
  await expectAccessible(page, 'Activity with a job open');
  await screenshot(page, 'activity');
  await page.keyboard.press('Escape');
  await expect(detail).toHaveCount(0);
});

test('refuses the API without the token', async () => {
  const response = await fetch(`${host.url}/api/sync/status`, { method: 'POST', body: '{}', headers: { 'Content-Type': 'application/json' } });
  expect(response.status).toBe(401);
});
