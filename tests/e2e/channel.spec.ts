import { expect, test, type Page } from '@playwright/test';
import type { ControlClient } from '../../sandbox/control-client.js';
import { addDays } from '../../shared/iso-date.js';
import { expectAccessible } from './support/accessibility.js';
import type { RunningHost } from './support/host.js';
import { hostWithSandboxForEachTest } from './support/host-per-test.js';
import { screenshot } from './support/screenshots.js';

// Channel sync with Beds24 end to end (issue 9): the headless host in demo mode, its sandbox's
// Beds24 sending signed webhooks to the host's /webhooks/beds24 as a channel books.

let host: RunningHost;
let sandbox: ControlClient;
hostWithSandboxForEachTest((running) => ({ host, sandbox } = running));

const today = () => new Date().toISOString().slice(0, 10);

async function open(page: Page, screen: 'Reservations' | 'Channel') {
  await page.goto(`${host.url}/#token=${host.token}`);
  await page.getByRole('button', { name: screen, exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: screen === 'Channel' ? 'Channel events' : screen })).toBeVisible();
}

/** A Beds24 room the host has mapped (the first look at Reservations imports the mappings). */
async function mappedBeds24Room(): Promise<number> {
  await expect.poll(async () => (await host.call('mappings/list')).data.roomTypes.some((type: { beds24RoomId: number | null }) => type.beds24RoomId !== null), { timeout: 20_000 }).toBe(true);
  return (await host.call('mappings/list')).data.roomTypes.find((type: { beds24RoomId: number | null }) => type.beds24RoomId !== null).beds24RoomId;
}

test('a channel booking appears on the open Reservations screen without a reload; a walk-in is booked, sent to Beds24 and Cloudbeds, with its timeline, and a room blocked', async ({ page }) => {
  await open(page, 'Reservations');
  const roomId = await mappedBeds24Room();
  const rows = page.getByRole('table', { name: 'Reservations' }).locator('tbody tr');
  await page.getByRole('combobox', { name: 'Source' }).selectOption('beds24');
  await expect(page.getByText('Ingrid Channelbooker')).toHaveCount(0);

  // Booked on an OTA: Beds24 sends its webhook to the host while the screen is open.
  const navigations: string[] = [];
  page.on('framenavigated', (frame) => navigations.push(frame.url()));
  await sandbox.beds24('create', { roomId, arrival: addDays(today(), 3), departure: addDays(today(), 5), firstName: 'Ingrid', lastName: 'Channelbooker', channel: 'Booking.com' });
  const booked = rows.filter({ hasText: 'Ingrid Channelbooker' });
  await expect(booked).toHaveCount(1, { timeout: 20_000 });
  await expect(booked).toContainText('Beds24');
  expect(navigations).toEqual([]);

  // A walk-in at the desk.
  await page.getByRole('combobox', { name: 'Source' }).selectOption('');
  const form = page.getByRole('form', { name: 'New walk-in' });
  await form.getByLabel('Guest').fill('Walter Walkin');
  await form.getByLabel('Arrival').fill(addDays(today(), 1));
  await form.getByLabel('Departure').fill(addDays(today(), 2));
  await form.getByRole('button', { name: 'Book walk-in' }).click();
  const panel = page.getByRole('complementary', { name: 'Reservation Walter Walkin' });
  await expect(panel).toBeVisible();
  // Sent to Beds24 and to Cloudbeds: the panel shows its booking at each and the sends in its
  // timeline, though a send may end while the panel's first read is on its way (see open-stay.test.ts).
  await expect(panel).toContainText(/Beds24 #\d+/, { timeout: 20_000 });
  await expect(panel).toContainText(/Cloudbeds #\d+/, { timeout: 20_000 });
  await expect(panel.getByRole('list', { name: 'Timeline' })).toContainText('To Beds24');
  await expect(panel.getByRole('list', { name: 'Timeline' })).toContainText('To Cloudbeds');
  await expect(rows.filter({ hasText: 'Walter Walkin' })).toContainText('Walk-in');

  // A room out of order for two nights.
  const blocks = page.getByRole('region', { name: 'Room blocks' });
  await blocks.getByLabel('Kind').selectOption('out_of_order');
  await blocks.getByLabel('First night').fill(addDays(today(), 7));
  await blocks.getByLabel('Last night').fill(addDays(today(), 8));
  await blocks.getByRole('button', { name: 'Block room' }).click();
  await expect(blocks.locator('.block-list li')).toHaveCount(1);
  await expect(blocks.locator('.block-list li')).toContainText('Out of order');

  await expectAccessible(page, 'the Reservations screen with a stay open');
  await screenshot(page, 'reservations-channel');
});

test('Channel events lists inbound and outbound events; a failed one is retried, then all', async ({ page }) => {
  await open(page, 'Reservations');
  const roomId = await mappedBeds24Room();
  // Cloudbeds refuses these guests (as it would a bad value): their bookings cannot be applied.
  await sandbox.faults('cloudbeds', { rejectValues: ['Refused'] });
  await sandbox.beds24('create', { roomId, arrival: addDays(today(), 10), departure: addDays(today(), 12), firstName: 'Rita', lastName: 'Refused' });
  await sandbox.beds24('create', { roomId, arrival: addDays(today(), 14), departure: addDays(today(), 15), firstName: 'Rolf', lastName: 'Refused' });
  await sandbox.beds24('create', { roomId, arrival: addDays(today(), 16), departure: addDays(today(), 18), firstName: 'Olga', lastName: 'Okay' });

  await page.getByRole('button', { name: 'Channel', exact: true }).click();
  const table = page.getByRole('table', { name: 'Channel events' });
  const failed = table.locator('tbody tr').filter({ hasText: 'Refused' });
  await expect(failed).toHaveCount(2, { timeout: 20_000 });
  await expect(failed.first().locator('.pill')).toHaveText('Failed', { timeout: 20_000 });
  await expect(failed.nth(1).locator('.pill')).toHaveText('Failed', { timeout: 20_000 });
  await expect(failed.first()).toContainText('Not applied');
  await expect(table.locator('tbody tr').filter({ hasText: 'Olga Okay' }).locator('.pill')).toHaveText('Done', { timeout: 20_000 });
  await expect(table.locator('tbody tr').filter({ hasText: 'To Beds24' }).first()).toBeVisible();
  await expectAccessible(page, 'the Channel events screen with failed events');
  await screenshot(page, 'channel-events');

  await page.getByRole('combobox', { name: 'Direction' }).selectOption('inbound');
  await expect(table.locator('tbody tr').filter({ hasText: 'To Beds24' })).toHaveCount(0);
  await sandbox.clearFaults();
  await failed.first().getByRole('button', { name: /^Retry channel event/ }).click();
  await expect(failed.first().locator('.pill')).toHaveText('Done', { timeout: 20_000 });
  await page.getByRole('button', { name: 'Retry all failed' }).click();
  await expect(failed.nth(1).locator('.pill')).toHaveText('Done', { timeout: 20_000 });
  expect(await page.locator('.pill', { hasText: 'Failed' }).count()).toBe(0);
});

test('Settings maps room types to Beds24 rooms and switches a property’s availability sync, refusing an id that is not one', async ({ page }) => {
  await page.goto(`${host.url}/#token=${host.token}`);
  await page.getByRole('button', { name: 'Settings' }).click();
  const section = page.getByRole('form', { name: 'Channel sync (Beds24)' });
  const roomId = await mappedBeds24Room();
  await page.reload();
  await page.getByRole('button', { name: 'Settings' }).click();
  const mapped = (await host.call('mappings/list')).data.roomTypes.find((type: { beds24RoomId: number | null }) => type.beds24RoomId === roomId);
  const input = section.getByLabel(mapped.name, { exact: true });
  await expect(input).toHaveValue(String(roomId));

  await input.fill('room 7');
  await section.getByRole('button', { name: 'Save room mapping' }).click();
  await expect(section.getByRole('alert')).toHaveText(`${mapped.name}: "room 7" is not a Beds24 room id: type its number, or leave it blank to stop syncing`);
  expect((await host.call('mappings/list')).data.roomTypes.find((type: { roomTypeId: number }) => type.roomTypeId === mapped.roomTypeId).beds24RoomId).toBe(roomId);

  await input.fill('');
  await section.getByRole('button', { name: 'Save room mapping' }).click();
  await expect.poll(async () => (await host.call('mappings/list')).data.roomTypes.find((type: { roomTypeId: number }) => type.roomTypeId === mapped.roomTypeId).beds24RoomId).toBeNull();
  await expect(section.getByRole('alert')).toHaveCount(0);

  const sync = section.getByRole('checkbox', { name: /^Send availability of .+ to Beds24$/ }).first();
  await expect(sync).toBeChecked();
  // The box follows the host's answer (not the click), so it is clicked, then awaited.
  await sync.click();
  await expect(sync).not.toBeChecked();
  expect((await host.call('mappings/list')).data.properties[0].availabilitySync).toBe(false);
  await expectAccessible(page, 'Settings with the Beds24 room mapping');
});
