import { expect, test, type Page } from '@playwright/test';
import type { ControlClient } from '../../sandbox/control-client.js';
import { staysListingId } from '../../sandbox/apis/stays-ids.js';
import type { RunningHost } from './support/host.js';
import { hostWithSandboxForEachTest } from './support/host-per-test.js';
import { screenshot } from './support/screenshots.js';

// Reconciliation with Stays and door PINs end to end (issue 10): the screens in Chromium, the
// headless host in demo mode, its built-in sandbox playing Stays and Seam (changed through its
// control API).

let host: RunningHost;
let sandbox: ControlClient;
hostWithSandboxForEachTest((running) => ({ host, sandbox } = running));

const today = () => new Date().toISOString().slice(0, 10);
const addDays = (date: string, days: number) => new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

async function open(page: Page, screen: 'Reconciliation' | 'Reservations') {
  await page.goto(`${host.url}/#token=${host.token}`);
  await page.getByRole('button', { name: screen, exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: screen })).toBeVisible();
}

const runRows = (page: Page) => page.getByRole('table', { name: 'Reconciliation runs' }).locator('tbody tr');

test('Run now on the Reconciliation screen adds a run with its stats to the history', async ({ page }) => {
  await open(page, 'Reconciliation');
  // The first screen to ask queues the first run; it fills the mirror from Stays.
  await expect(runRows(page)).toHaveCount(1, { timeout: 20_000 });
  await expect(runRows(page).first().locator('.pill')).toHaveText('OK', { timeout: 20_000 });
  const firstFetched = Number(await runRows(page).first().locator('td').nth(3).textContent());
  expect(firstFetched).toBeGreaterThan(20);

  // Meanwhile, at Stays: a new booking and a cancellation.
  await sandbox.stays('add', { startDate: addDays(today(), 2), endDate: addDays(today(), 4), roomNumber: '104' });
  const listed = await sandbox.state<{ reservations: { _id: string; type: string; checkInDate: string }[] }>('stays');
  const toCancel = listed.reservations.find((r) => r.type !== 'canceled' && r.checkInDate > addDays(today(), 5))!;
  await sandbox.stays('cancel', { _id: toCancel._id });

  await page.getByRole('button', { name: 'Run now' }).click();
  await expect(runRows(page)).toHaveCount(2, { timeout: 20_000 });
  const latest = runRows(page).first();
  await expect(latest.locator('.pill')).toHaveText('OK', { timeout: 20_000 });
  await expect(latest.locator('td').nth(1)).toHaveText('Run now');
  const cells = await latest.locator('td').allTextContents();
  // Fetched, new, changed, unchanged, gone, errors.
  expect(cells.slice(3, 9).map(Number)).toEqual([firstFetched + 1, 1, 1, firstFetched - 1, 0, 0]);
  await expect(latest).toContainText('Read');
  await expect(page.getByRole('article', { name: 'Last run' })).toContainText('OK');
  await expect(page.getByRole('article', { name: 'Mirror' })).toContainText(String(firstFetched + 1));
  await expect(page.getByText('A run is queued or running…')).toHaveCount(0);
  await screenshot(page, 'reconciliation');
});

test('the Reservations screen shows stays with their door PIN, reveals one, and retries a failed one', async ({ page }) => {
  // A stay whose PIN Seam will refuse: arriving today an hour from now, so its PIN is made at once.
  const inAnHour = new Date(Math.min(Date.now() + 3_600_000, Date.parse(`${today()}T23:59:00Z`)));
  const checkInTime = inAnHour.toISOString().slice(11, 16);
  const refusedStart = `${today()}T${checkInTime}:00.000Z`;
  // In a room free for those nights, as the front desk would book it.
  const { reservations } = await sandbox.state<{ reservations: { _idlisting: string; checkInDate: string; checkOutDate: string; type: string }[] }>('stays');
  const busy = new Set(reservations.filter((r) => r.type !== 'canceled' && r.checkInDate < addDays(today(), 3) && r.checkOutDate > today()).map((r) => r._idlisting));
  const roomNumber = ['301', '302', '303', '304', '305', '306', '307', '308'].find((number) => !busy.has(staysListingId(number)))!;
  await sandbox.stays('add', { startDate: today(), endDate: addDays(today(), 3), roomNumber, checkInTime });
  await sandbox.faults('seam', { rejectValues: [refusedStart] });

  await open(page, 'Reservations');
  const rows = page.getByRole('table', { name: 'Reservations' }).locator('tbody tr');
  await expect(rows.first()).toBeVisible({ timeout: 20_000 });
  // Guests in house get their PIN at once; later arrivals have theirs scheduled.
  await expect(page.locator('[data-pin-state="active"]').first()).toBeVisible({ timeout: 30_000 });
  await expect(page.locator('[data-pin-state="scheduled"]').first()).toBeVisible();
  const failed = rows.filter({ has: page.locator('[data-pin-state="failed"]') });
  await expect(failed).toHaveCount(1, { timeout: 30_000 });
  await expect(failed).toContainText('Seam answered 400');
  await expect(failed).toContainText(`Room ${roomNumber} door`);

  // Masked until revealed; the code is the one the host answers.
  const active = rows.filter({ has: page.locator('[data-pin-state="active"]') }).first();
  await expect(active.locator('.pin')).toHaveText('••••••');
  const reservationId = Number(await active.getAttribute('data-reservation-id'));
  await active.getByRole('button', { name: /^Reveal door PIN for / }).click();
  const revealed = (await host.call('reservations/reveal-pin', { id: reservationId })).data.code as string;
  await expect(active.getByLabel(/^Door PIN for /)).toHaveText(revealed);
  expect(revealed).toMatch(/^\d{6}$/);
  await screenshot(page, 'reservations');
  await active.getByRole('button', { name: /^Hide door PIN for / }).click();
  await expect(active.locator('.pin')).toHaveText('••••••');

  // Fixed at Seam, then retried from the row: the PIN is made.
  const failedId = await failed.getAttribute('data-reservation-id');
  await sandbox.clearFaults();
  await failed.getByRole('button', { name: /^Retry door PIN for / }).click();
  await expect(page.locator(`tr[data-reservation-id="${failedId}"] [data-pin-state="active"]`)).toBeVisible({ timeout: 30_000 });
});
