import { expect, test } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createControlClient, type ControlClient } from '../../sandbox/control-client.js';
import { DEMO_CREDENTIALS } from '../../sandbox/demo-credentials.js';
import { expectAccessible } from './support/accessibility.js';
import { startHost, type RunningHost } from './support/host.js';
import { cell, typeRate, waitForRates } from './support/rates-grid.js';
import { screenshot } from './support/screenshots.js';

// Issue 11: a first start is a simulated hotel, said plainly; Settings connects the real one.
// The "real" Cloudbeds here is the standalone simulator (npm run sandbox) on a port of its own,
// reached only through the live settings entered on the screen.

interface Vendor {
  cloudbedsUrl: string;
  control: ControlClient;
  stop(): Promise<void>;
}

async function startVendor(): Promise<Vendor> {
  const controlToken = 'vendor-control-token-0123456789';
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'sandbox/cli.ts', '--port', '0', '--control-token', controlToken], { stdio: ['ignore', 'pipe', 'pipe'] });
  const output = await new Promise<string>((resolve, reject) => {
    let text = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      text += chunk.toString();
      if (/control /.test(text)) resolve(text);
    });
    child.on('exit', (code) => reject(new Error(`the standalone sandbox exited with ${code}`)));
  });
  const url = /sandbox listening on (http:\/\/\S+)/.exec(output)![1]!;
  return {
    cloudbedsUrl: /cloudbeds\s+(http:\/\/\S+)/.exec(output)![1]!,
    control: createControlClient(url, controlToken),
    async stop() {
      const exited = new Promise((done) => child.on('exit', done));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

const SECRET_KEY = 'e2e secret key for the secrets file';
let host: RunningHost;
let vendor: Vendor;
test.beforeEach(async () => {
  vendor = await startVendor();
  host = await startHost({ firstRun: true, env: { SENTINEL_SECRET_KEY: SECRET_KEY } });
});
test.afterEach(async () => {
  await host.stop();
  await vendor.stop();
});

test('first run: the welcome says demo, Settings switches Cloudbeds to live, Test connection finds it, and a rate reaches it', async ({ page }) => {
  await page.goto(`${host.url}/#token=${host.token}`);
  const welcome = page.getByRole('dialog', { name: 'Welcome to Sentinel Control Room' });
  await expect(welcome).toContainText('You are in demo mode.');
  await expect(welcome).toContainText('simulated hotel');
  await expect(page.getByRole('button', { name: 'Demo', exact: true })).toBeVisible();
  await expectAccessible(page, 'the first-run welcome');
  await screenshot(page, 'welcome');

  await welcome.getByRole('button', { name: 'Connect my hotel' }).click();
  await expect(welcome).toBeHidden();
  await expect(page.getByRole('heading', { name: 'Settings', level: 1 })).toBeVisible();
  const cloudbeds = page.locator('article[data-system="cloudbeds"]');
  await expect(cloudbeds).toContainText('Demo (simulated)');

  await cloudbeds.getByLabel('Address (base URL)').fill(vendor.cloudbedsUrl);
  await cloudbeds.getByLabel('API key').fill(DEMO_CREDENTIALS.cloudbeds.apiKey);
  await cloudbeds.getByRole('button', { name: 'Save credentials' }).click();
  await expect(cloudbeds).toContainText('Credentials: saved (API key)');
  await expect(cloudbeds.getByLabel('API key')).toHaveValue('');

  await cloudbeds.getByRole('button', { name: 'Switch to live' }).click();
  const confirm = cloudbeds.getByRole('alertdialog');
  await expect(confirm).toContainText('Jobs still queued for the simulated hotel will be discarded');
  // The simulator's room types and rates go: the grid is imported afresh from the live Cloudbeds.
  await confirm.getByLabel('Also delete the demo data shown from Cloudbeds').check();
  await confirm.getByRole('button', { name: 'Switch to live' }).click();
  await expect(cloudbeds.locator('.pill-live')).toHaveText('Live');

  await cloudbeds.getByRole('button', { name: 'Test connection' }).click();
  await expect(cloudbeds.getByRole('status')).toContainText('Connected. Connected to Harbour Light Hotel');
  // Beds24 and the others are still simulated: the header keeps saying so.
  await expect(page.getByRole('button', { name: 'Demo', exact: true })).toBeVisible();
  await expectAccessible(page, 'Settings');
  // Tall enough for the whole screen: property, schedules, notifications and the five systems.
  await page.setViewportSize({ width: 1280, height: 1250 });
  await page.getByRole('heading', { name: 'Settings', level: 1 }).scrollIntoViewIfNeeded();
  await screenshot(page, 'settings');
  await page.setViewportSize({ width: 1280, height: 800 });

  await page.getByRole('button', { name: 'Rates', exact: true }).click();
  await waitForRates(page);
  await typeRate(page, 0, 3, '91');
  await page.getByRole('button', { name: 'Submit 1 change' }).click();
  await expect(cell(page, 0, 3)).toHaveAttribute('data-state', 'synced', { timeout: 15_000 });
  const rateOf = (effects: { data: unknown }[]) => effects.map((effect) => (effect.data as { rate?: number }).rate);
  expect(rateOf(await vendor.control.effects({ api: 'cloudbeds', kind: 'rate' }))).toContain(91);
  // Nothing of it went to the simulated hotel inside the host.
  const simulated = await host.sandbox();
  expect(rateOf(await createControlClient(simulated.url, simulated.controlToken).effects({ api: 'cloudbeds', kind: 'rate' }))).not.toContain(91);

  // The key went into the encrypted secrets file, nowhere in the clear.
  const files = readdirSync(host.dataDir).filter((name) => name.startsWith('sentinel.db') || name === 'secrets.json');
  for (const file of files) expect(readFileSync(join(host.dataDir, file)).toString('latin1')).not.toContain(DEMO_CREDENTIALS.cloudbeds.apiKey);
  const settings = await host.call('settings/get');
  expect(JSON.stringify(settings)).not.toContain(DEMO_CREDENTIALS.cloudbeds.apiKey);
});

test('a schedule that cannot be used is refused in plain words, naming it, and nothing changes', async ({ page }) => {
  await page.goto(`${host.url}/#token=${host.token}`);
  await page.getByRole('dialog', { name: 'Welcome to Sentinel Control Room' }).getByRole('button', { name: 'Explore the demo' }).click();
  await page.getByRole('button', { name: 'Settings' }).click();
  await page.getByLabel('Housekeeping from MaidCentral').fill('2h');
  await page.getByLabel('Reconciliation with Stays').fill('7m');
  await page.getByRole('button', { name: 'Save schedules' }).click();
  await expect(page.getByRole('alert')).toContainText('schedules.reconciliation: "7m" does not divide the hour evenly; use minutes such as 5m, 15m, 30m');
  expect((await host.call('settings/get')).data.schedules).toEqual({ reconciliation: '30m', housekeeping: '1h', beds24Polling: '5m' });
});

test('the hotel’s own name and currency from Settings head the screens, and a currency other than Cloudbeds’ is pointed out', async ({ page }) => {
  await page.goto(`${host.url}/#token=${host.token}`);
  await page.getByRole('dialog', { name: 'Welcome to Sentinel Control Room' }).getByRole('button', { name: 'Explore the demo' }).click();
  await expect.poll(async () => (await host.call('hotel/details')).data.currency?.code ?? null, { timeout: 20_000 }).not.toBeNull();
  const cloudbeds = (await host.call('hotel/details')).data;
  const other = cloudbeds.currency.code === 'USD' ? 'GBP' : 'USD';
  const header = page.getByRole('banner');
  await expect(header).toContainText(cloudbeds.name);

  await page.getByRole('button', { name: 'Settings' }).click();
  await page.getByLabel('Hotel name').fill('Casa Azul');
  await page.getByLabel('Currency (ISO code)').fill(other.toLowerCase());
  await page.getByRole('button', { name: 'Save property' }).click();
  await expect(header).toContainText('Casa Azul');
  await expect(header.locator('.hotel-currency')).toHaveText(other);
  await expect(page.getByLabel('Currency (ISO code)')).toHaveAccessibleDescription(new RegExp(`Cloudbeds keeps this hotel’s rates in ${cloudbeds.currency.code}`));
  await expectAccessible(page, 'Settings with a currency other than Cloudbeds’');

  await page.getByRole('button', { name: 'Rates', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText(`Rates in ${other}`);
  expect((await host.call('settings/get')).data.property).toMatchObject({ hotelName: 'Casa Azul', currency: other });
});
