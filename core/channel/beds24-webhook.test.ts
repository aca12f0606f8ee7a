import { createHmac } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { addDays } from '../../shared/iso-date.js';
import { MAX_WEBHOOK_BYTES, WEBHOOK_SIGNATURE_HEADER } from './beds24-inbound.js';
import { startChannelCore, WEBHOOK_SECRET, type ChannelFixture } from './channel-test-fixture.js';

// The webhook receiver refuses bad deliveries before anything is stored (issue 9): the tables
// that a delivery writes are compared before and after.

let fixture: ChannelFixture;
afterEach(() => fixture?.dispose());

const sign = (body: string | Buffer, secret = WEBHOOK_SECRET) => `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
const today = () => new Date().toISOString().slice(0, 10);

function booking(overrides: Record<string, unknown> = {}) {
  return {
    id: 61_299_001,
    propertyId: 1,
    roomId: 77_001,
    unitId: 1,
    status: 'confirmed',
    arrival: addDays(today(), 10),
    departure: addDays(today(), 12),
    numAdult: 2,
    numChild: 0,
    firstName: 'Test',
    lastName: 'Guest',
    email: 'test@guest.example',
    price: 200,
    channel: 'booking',
    apiReference: 'OTA-1',
    bookingTime: '2026-11-20T10:00:00Z',
    modifiedTime: '2026-11-20T10:00:00Z',
    cancelTime: null,
    ...overrides,
  };
}

async function post(body: string | Buffer, headers: Record<string, string>) {
  const answer = await fetch(fixture.webhookUrl, { method: 'POST', headers, body });
  return answer.status;
}

const stored = () => ({
  events: fixture.count('SELECT COUNT(*) FROM channel_events'),
  reservations: fixture.count('SELECT COUNT(*) FROM reservations'),
  jobs: fixture.count('SELECT COUNT(*) FROM jobs'),
});

describe('the Beds24 webhook receiver', () => {
  it('refuses bad deliveries with their status and stores nothing of them', async () => {
    fixture = await startChannelCore({ webhooks: false });
    const before = stored();
    const json = { 'content-type': 'application/json' };
    const good = JSON.stringify({ timeStamp: '2026-11-20T10:00:00Z', booking: booking() });

    expect(await post(good, { ...json, [WEBHOOK_SIGNATURE_HEADER]: sign(good, 'another-secret-entirely-0000') })).toBe(401);
    expect(await post(good, json)).toBe(401);
    expect(await post(`${good} `, { ...json, [WEBHOOK_SIGNATURE_HEADER]: sign(good) })).toBe(401);
    const broken = '{"booking": {';
    expect(await post(broken, { ...json, [WEBHOOK_SIGNATURE_HEADER]: sign(broken) })).toBe(400);
    const huge = JSON.stringify({ booking: booking(), padding: 'x'.repeat(MAX_WEBHOOK_BYTES) });
    expect(await post(huge, { ...json, [WEBHOOK_SIGNATURE_HEADER]: sign(huge) })).toBe(413);
    expect(await post(good, { 'content-type': 'text/plain', [WEBHOOK_SIGNATURE_HEADER]: sign(good) })).toBe(415);
    for (const shape of [{ booking: booking({ arrival: 'soon' }) }, { booking: booking({ modifiedTime: null }) }, { booking: { id: 'x' } }, { nothing: true }]) {
      const body = JSON.stringify(shape);
      expect(await post(body, { ...json, [WEBHOOK_SIGNATURE_HEADER]: sign(body) })).toBe(422);
    }
    expect(stored()).toEqual(before);

    // The same delivery, signed right, is stored once and then acknowledged as a duplicate.
    expect(await post(good, { ...json, [WEBHOOK_SIGNATURE_HEADER]: sign(good) })).toBe(202);
    expect(await post(good, { ...json, [WEBHOOK_SIGNATURE_HEADER]: sign(good) })).toBe(200);
    expect(fixture.count(`SELECT COUNT(*) FROM channel_events WHERE direction = 'inbound'`)).toBe(1);
  });
});
