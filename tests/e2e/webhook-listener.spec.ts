import { expect, test } from '@playwright/test';
import { freePort } from '../../core/testing/free-port.js';
import { expectAccessible } from './support/accessibility.js';
import type { RunningHost } from './support/host.js';
import { hostForEachTest } from './support/host-per-test.js';

// Beds24 webhooks on a loopback port (issue 9), from the Settings screen in Chromium: the
// headless host in demo mode, which also answers on its main port with the demo's own secret.

let host: RunningHost;
hostForEachTest((started) => (host = started));

const webhookStatus = (port: number) =>
  fetch(`http://127.0.0.1:${port}/webhooks/beds24`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' }).then(
    (answer) => answer.status,
    () => 'refused' as const,
  );

test('Settings turns the webhook port on and off, names a bad port, and keeps the secret write-only', async ({ page }) => {
  await page.goto(`${host.url}/#token=${host.token}`);
  await page.getByRole('button', { name: 'Settings' }).click();
  const section = page.getByRole('region', { name: 'Beds24 webhooks' });
  await expect(section).toContainText('Off by default');
  await expect(section.getByRole('status')).toHaveText('Listener: Not listening');

  await section.getByLabel('Port (1024–65535)').fill('80');
  await section.getByRole('button', { name: 'Save port' }).click();
  await expect(section.getByRole('alert')).toHaveText('Port: type a number from 1024 to 65535');

  const port = await freePort();
  await section.getByLabel('Port (1024–65535)').fill(String(port));
  // The box follows the saved setting, so it turns once the host took the change.
  const receive = section.getByLabel('Receive Beds24 webhooks on a local port');
  await receive.click();
  await expect(receive).toBeChecked();
  await expect(section.getByRole('status')).toHaveText(`Listener: Listening on http://127.0.0.1:${port}/webhooks/beds24`);
  await expect(section.getByRole('alert')).toHaveCount(0);
  // Unsigned: refused by the signature check, so the listener answers and stores nothing.
  expect(await webhookStatus(port)).toBe(401);

  const secret = 'e2e-webhook-secret-0123456789';
  await section.getByLabel(/Signing secret/).fill(secret);
  await section.getByRole('button', { name: 'Save secret' }).click();
  await expect(section.getByLabel(/Signing secret/)).toHaveAttribute('placeholder', 'saved — type to replace');
  await expect(section.getByLabel(/Signing secret/)).toHaveValue('');
  // The demo host signs with its own secret: the section says the saved one is not used.
  await expect(section).toContainText('the one this host was started with is used');
  expect(JSON.stringify(await host.call('settings/get'))).not.toContain(secret);
  await expectAccessible(page, 'Settings with Beds24 webhooks on');

  await receive.click();
  await expect(receive).not.toBeChecked();
  await expect(section.getByRole('status')).toHaveText('Listener: Not listening');
  expect(await webhookStatus(port)).toBe('refused');
});
