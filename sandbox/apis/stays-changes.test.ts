import { describe, expect, it } from 'vitest';
import { DEMO_CREDENTIALS } from '../demo-credentials.js';
import { startSandbox } from '../server.js';
import { TEST_DAY, useSandbox } from '../testing.js';
import { createControlClient } from '../control-client.js';
import { staysListingId } from './stays-ids.js';

const env = useSandbox();
const basic = `Basic ${Buffer.from(`${DEMO_CREDENTIALS.stays.clientId}:${DEMO_CREDENTIALS.stays.clientSecret}`).toString('base64')}`;

interface Listed {
  _id: string;
  checkInDate: string;
  checkOutDate: string;
  checkInTime: string;
  type: string;
  _idlisting: string;
}

async function list(query: string): Promise<Listed[]> {
  const response = await fetch(`${env.sandbox.baseUrls.stays}/booking/reservations?${query}`, { headers: { authorization: basic } });
  return (await response.json()) as Listed[];
}
const window = (from: string, to: string, extra = '') => list(`from=${from}&to=${to}&dateType=included&limit=20${extra}`);

describe('Stays reservations changed through the control API', () => {
  it('adds, moves, cancels and deletes one, as the next listing shows', async () => {
    const { _id } = await env.control.stays('add', { startDate: '2027-06-01', endDate: '2027-06-04', roomNumber: '203', checkInTime: '14:00' });
    expect(await window('2027-06-01', '2027-06-01')).toEqual([
      expect.objectContaining({ _id, checkInDate: '2027-06-01', checkOutDate: '2027-06-04', checkInTime: '14:00', type: 'booked', _idlisting: staysListingId('203') }),
    ]);

    await env.control.stays('move', { _id, startDate: '2027-06-10', endDate: '2027-06-12', roomNumber: '204' });
    expect(await window('2027-06-01', '2027-06-05')).toEqual([]);
    expect(await window('2027-06-10', '2027-06-10')).toEqual([expect.objectContaining({ _id, checkOutDate: '2027-06-12', _idlisting: staysListingId('204') })]);

    await env.control.stays('cancel', { _id });
    expect(await window('2027-06-10', '2027-06-10')).toEqual([]);
    expect(await window('2027-06-10', '2027-06-10', '&type=canceled')).toEqual([expect.objectContaining({ _id, type: 'canceled' })]);
    const one = await fetch(`${env.sandbox.baseUrls.stays}/booking/reservations/${_id}`, { headers: { authorization: basic } });
    expect(await one.json()).toMatchObject({ _id, type: 'canceled' });

    await env.control.stays('delete', { _id });
    expect(await window('2027-06-10', '2027-06-10', '&type=canceled')).toEqual([]);
    const gone = await fetch(`${env.sandbox.baseUrls.stays}/booking/reservations/${_id}`, { headers: { authorization: basic } });
    expect({ status: gone.status, body: await gone.json() }).toEqual({ status: 404, body: { message: 'Reservation not found' } });
    expect((await env.control.state<{ reservations: Listed[] }>('stays')).reservations.some((r) => r._id === _id)).toBe(false);
  });

  it.each([
    ['add', { startDate: '2027-06-04', endDate: '2027-06-01' }, 400, 'endDate'],
    ['add', { startDate: '2027-06-01', endDate: '2027-06-04', checkInTime: '3pm' }, 400, 'checkInTime'],
    ['add', { startDate: '2027-06-01', endDate: '2027-06-04', roomNumber: '999' }, 400, 'roomNumber'],
    ['move', { _id: 'nope', startDate: '2027-06-01', endDate: '2027-06-04' }, 400, '_id'],
    ['cancel', { _id: 'aaaaaaaaaaaaaaaaaaaaaaaa' }, 404, '_id'],
    ['delete', {}, 400, '_id'],
    ['explode', {}, 400, 'action'],
  ])('answers %s with %j by %i naming %s, and changes nothing', async (action, body, status, field) => {
    const before = (await env.control.state<{ reservations: unknown[] }>('stays')).reservations.length;
    const answer = await env.control.request<{ error: { field?: string; message: string } }>('POST', `/stays/${action}`, body);
    expect(answer.status).toBe(status);
    expect(answer.body.error.field).toBe(field);
    expect((await env.control.state<{ reservations: unknown[] }>('stays')).reservations.length).toBe(before);
  });
});

describe('the sandbox’s state and size', () => {
  it('shows the codes on each lock with their validity, and tags each lock with its room’s Stays listing', async () => {
    const seamCall = (path: string, body: unknown) =>
      fetch(`${env.sandbox.baseUrls.seam}${path}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${DEMO_CREDENTIALS.seam.apiKey}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      }).then((response) => response.json() as Promise<Record<string, unknown>>);
    const devices = (await seamCall('/devices/list', {})).devices as { device_id: string; display_name: string; custom_metadata: Record<string, string> }[];
    expect(devices[0]).toMatchObject({ display_name: 'Room 101 door', custom_metadata: { stays_listing_id: staysListingId('101') } });
    const startsAt = new Date(Date.now() + 3_600_000).toISOString();
    const endsAt = new Date(Date.now() + 7_200_000).toISOString();
    await seamCall('/access_codes/create', { device_id: devices[0]!.device_id, name: 'Guest', starts_at: startsAt, ends_at: endsAt });
    expect(await env.control.state('seam')).toEqual({
      accessCodes: [{ accessCodeId: expect.any(String), deviceId: devices[0]!.device_id, name: 'Guest', startsAt, endsAt, status: 'setting' }],
    });
    expect((await env.control.request('GET', '/state/cloudbeds')).status).toBe(404);
  });

  it('seeds as many more Stays reservations as asked, none overlapping another in its room', async () => {
    const big = await startSandbox({ port: 0, today: TEST_DAY, staysReservations: 2_000 });
    try {
      const { reservations } = await createControlClient(big.url).state<{ reservations: Listed[] }>('stays');
      expect(reservations.length).toBeGreaterThan(2_000);
      const nights = new Set<string>();
      for (const r of big.hotel().reservations) {
        for (let date = r.startDate; date < r.endDate; date = new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10)) {
          expect(nights.has(`${r.roomId}:${date}`)).toBe(false);
          nights.add(`${r.roomId}:${date}`);
        }
      }
    } finally {
      await big.close();
    }
  });
});
