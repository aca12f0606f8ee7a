import { expect, test, type Page } from '@playwright/test';
import { createControlClient } from '../../sandbox/control-client.js';
import { expectAccessible } from './support/accessibility.js';
import { startHost, type RunningHost } from './support/host.js';
import { screenshot } from './support/screenshots.js';

// Issue 12 §9, "First view": what a person sees on opening the app for the first time, the
// hotel's name and currency in the header and the app's icon on the tab.

let host: RunningHost;
test.beforeEach(async () => {
  host = await startHost();
});
test.afterEach(async () => {
  await host.stop();
});

/** The sandbox's hotel, as its simulated Cloudbeds describes it (sandbox/hotel.ts). */
const HOTEL = { name: 'Harbour Light Hotel', currency: 'EUR' };

const header = (page: Page) => page.locator('header.topbar');

/**
 * The header is one row, no higher than before it named the hotel (the detail panel and the rate
 * grid count on its height): the brand's two lines no taller than the other parts, each label on
 * one line, the parts side by side without overlapping, the product's name whole and nothing cut
 * off at the right.
 */
async function expectOneRow(page: Page) {
  const layout = await header(page).evaluate((element) => {
    const labels = [...element.querySelectorAll('.brand-name, .hotel-name, .hotel-currency, nav button, .indicator')];
    const lines = (node: (typeof labels)[number]) => {
      const range = element.ownerDocument.createRange();
      range.selectNodeContents(node);
      return new Set([...range.getClientRects()].filter((rect) => rect.width > 0).map((rect) => Math.round(rect.top))).size;
    };
    const parts = [...element.children].map((child) => child.getBoundingClientRect());
    const brandName = element.querySelector('.brand-name')!;
    const brand = element.querySelector('.brand')!.getBoundingClientRect();
    // The 10 px padding above and below the tallest of the other parts.
    const rowHeight = Math.max(...parts.filter((part) => part.left !== brand.left).map((part) => part.height)) + 20;
    return {
      taller: Math.max(element.getBoundingClientRect().height, brand.height + 20) > rowHeight + 0.5,
      wrapped: labels.filter((label) => lines(label) > 1).map((label) => label.textContent),
      overlaps: parts.slice(1).filter((part, i) => part.left < parts[i]!.right - 0.5).length,
      productNameCut: brandName.scrollWidth > brandName.clientWidth,
      overflow: element.scrollWidth - element.clientWidth,
    };
  });
  expect(layout).toEqual({ taller: false, wrapped: [], overlaps: 0, productNameCut: false, overflow: 0 });
}

test('the header names the hotel and its currency, the rate grid says its rates are in it, and the tab has the app icon', async ({ page }) => {
  await page.goto(`${host.url}/#token=${host.token}`);
  const brand = header(page).locator('.brand');
  await expect(brand.locator('.brand-name')).toHaveText('Sentinel Control Room');
  await expect(brand.locator('.hotel-name')).toHaveText(HOTEL.name);
  await expect(brand.locator('.hotel-currency')).toHaveText(HOTEL.currency);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Rates in ${HOTEL.currency}`);
  const stored = await host.call('hotel/details');
  expect(stored.data).toMatchObject({ name: HOTEL.name, currency: { code: HOTEL.currency } });

  // The favicon the page names resolves (no data: URL, which the Content-Security-Policy would refuse).
  const icon = new URL((await page.locator('link[rel="icon"]').getAttribute('href'))!, page.url()).href;
  const favicon = await page.request.get(icon);
  expect([favicon.status(), favicon.headers()['content-type']]).toEqual([200, 'image/svg+xml']);
  expect(await favicon.text()).toContain('<svg');
  // The header's mark is the same file, and it was drawn (an image blocked or missing has no width).
  const drawn = await brand.locator('img.brand-mark').evaluate((image) => (image as unknown as { complete: boolean; naturalWidth: number }).naturalWidth > 0);
  expect(drawn).toBe(true);
  // The PNG the Electron window takes its icon from is built beside the page too.
  const png = await page.request.get(new URL('app-icon.png', icon).href);
  expect([png.status(), png.headers()['content-type']]).toEqual([200, 'image/png']);

  await expectAccessible(page, 'the header with the hotel');
  // Pictures first (at 1280 and 1024 wide): a header that fails the checks is then there to look at.
  await screenshot(page, 'first-view');
  await expectOneRow(page);
  await page.setViewportSize({ width: 1024, height: 700 });
  await expectOneRow(page);
});

test('before Cloudbeds has answered, the header shows the product name alone, then the hotel the moment Cloudbeds does', async ({ page }) => {
  const sandbox = await host.sandbox();
  const control = createControlClient(sandbox.url, sandbox.controlToken);
  await control.faults('cloudbeds', { outage: true });
  await page.goto(`${host.url}/#token=${host.token}`);
  const brand = header(page).locator('.brand');
  await expect(brand.locator('.brand-name')).toHaveText('Sentinel Control Room');
  // The first look queued the fetch; it cannot reach Cloudbeds yet.
  await expect.poll(async () => (await host.call('jobs/list', { filter: { type: ['hotel/details'] } })).data.items.length).toBe(1);
  // The product's name, and the demo's badge (issue 11) in the hotel's place, nothing else.
  await expect(brand).toHaveText('Sentinel Control RoomDemo');
  await expect(brand.locator('.hotel-name')).toHaveCount(0);
  await expect(header(page)).not.toContainText(/undefined|null/);
  await expectOneRow(page);

  // No reload: the event brings the details once the fetch gets through.
  await control.faults('cloudbeds', { outage: false });
  await expect(brand.locator('.hotel-name')).toHaveText(HOTEL.name, { timeout: 30_000 });
  await expect(brand.locator('.hotel-currency')).toHaveText(HOTEL.currency);
});

test.describe('a hotel on the other side of the world from the machine', () => {
  // The browser's machine is in Los Angeles; the hotel in Auckland, 21 hours ahead in November.
  test.use({ timezoneId: 'America/Los_Angeles' });

  test('every time shown is on the hotel’s clock, written one way, and the grid starts on the hotel’s today', async ({ page }) => {
    await host.stop();
    host = await startHost({ args: ['--time-zone', 'Pacific/Auckland'] });
    await page.goto(`${host.url}/#token=${host.token}`);
    await expect(header(page)).toContainText(HOTEL.name);
    expect((await host.call('hotel/details')).data.timeZone).toBe('Pacific/Auckland');
    const aucklandToday = new Intl.DateTimeFormat('en-CA', { timeZone: 'Pacific/Auckland' }).format(Date.now());

    await page.getByRole('button', { name: 'Activity' }).click();
    await expect(page.locator('table.jobs tbody tr').first()).toBeVisible();
    const job = (await host.call('jobs/list', { limit: 1 })).data.items[0];
    const parts = Object.fromEntries(
      new Intl.DateTimeFormat('en-GB', { timeZone: 'Pacific/Auckland', weekday: 'short', day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
        .formatToParts(new Date(job.updatedAt))
        .map((part) => [part.type, part.value]),
    );
    await expect(page.locator(`tr[data-job-id="${job.id}"]`)).toContainText(`${parts.weekday} ${parts.day} ${parts.month} ${parts.year}, ${parts.hour}:${parts.minute}`);

    // The first column of the grid is the hotel's today, whatever the machine's date is.
    await page.getByRole('button', { name: 'Rates', exact: true }).click();
    await expect(page.locator('[data-date]').first()).toHaveAttribute('data-date', aucklandToday);
  });
});
