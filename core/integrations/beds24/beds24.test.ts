import { describe, expect, it } from 'vitest';
import { failureOf } from '../../testing/remote-failure.js';
import { itemRejection } from './beds24.js';
import { byDay, TODAY, useBeds24Sandbox } from './beds24-test-fixture.js';

const { sandbox, connector, counters, effects, beds24Reservations } = useBeds24Sandbox();

describe('Beds24 connector: reading', () => {
  it('fetches every page of upcoming bookings and normalises them', async () => {
    const expected = beds24Reservations().filter((r) => r.endDate >= TODAY && r.status !== 'canceled');
    expect(expected.length).toBeGreaterThan(25);

    const result = await connector().getBookings();

    expect(result.httpStatus).toBe(200);
    expect(result.requestId).toEqual(expect.any(String));
    expect(result.data).toHaveLength(expected.length);
    expect(new Set(result.data.map((b) => `${b.arrival}|${b.departure}|${b.lastName}`))).toEqual(
      new Set(expected.map((r) => `${r.startDate}|${r.endDate}|${r.lastName}`)),
    );
    for (const booking of result.data) {
      expect(Number.isInteger(booking.id) && Number.isInteger(booking.roomId) && Number.isInteger(booking.propertyId)).toBe(true);
      expect(typeof booking.price).toBe('number');
      expect(booking.status).not.toBe('cancelled');
    }
    // One token, then one request per page of 25.
    expect((await counters()).requests).toBe(1 + Math.ceil(expected.length / 25));
  });

  it('asks for cancelled bookings only when told, and filters by arrival and property', async () => {
    const beds24 = connector();
    const cancelled = beds24Reservations().filter((r) => r.status === 'canceled' && r.endDate >= TODAY);
    expect(cancelled.length).toBeGreaterThan(0);
    const onlyCancelled = await beds24.getBookings({ status: ['cancelled'] });
    expect(onlyCancelled.data).toHaveLength(cancelled.length);
    expect(onlyCancelled.data.every((b) => b.status === 'cancelled')).toBe(true);

    const week = beds24Reservations().filter((r) => r.startDate >= '2026-12-01' && r.startDate <= '2026-12-07' && r.status !== 'canceled');
    const arriving = await beds24.getBookings({ arrivalFrom: '2026-12-01', arrivalTo: '2026-12-07' });
    expect(arriving.data.map((b) => b.arrival).sort()).toEqual(week.map((r) => r.startDate).sort());

    expect((await beds24.getBookings({ propertyIds: [999_999] })).data).toEqual([]);
  });

  it('reads only the bookings modified since a given time', async () => {
    const upcoming = beds24Reservations().filter((r) => r.endDate >= TODAY && r.status !== 'canceled');
    const times = upcoming.map((r) => r.modifiedAt).sort((a, b) => a - b);
    const since = new Date(times[Math.floor(times.length / 2)]!);
    const sinceSecond = Math.floor(since.getTime() / 1000) * 1000;

    const result = await connector().getBookings({ modifiedFrom: since });

    expect(result.data.length).toBe(upcoming.filter((r) => r.modifiedAt >= sinceSecond).length);
    expect(result.data.length).toBeLessThan(upcoming.length);
    expect(result.data.every((b) => Date.parse(b.modifiedTime!) >= sinceSecond)).toBe(true);
  });

  it('reads the room calendar with the values asked for', async () => {
    const type = sandbox().hotel().roomTypes[2]!;
    const result = await connector().getRoomCalendar({
      startDate: '2026-11-23',
      endDate: '2026-11-29',
      roomIds: [type.beds24RoomId],
      includePrices: true,
      includeNumAvail: true,
    });

    expect(result.data).toHaveLength(1);
    const days = byDay(result.data[0]!);
    expect([...days.keys()]).toEqual(['2026-11-23', '2026-11-24', '2026-11-25', '2026-11-26', '2026-11-27', '2026-11-28', '2026-11-29']);
    for (const [date, values] of days) {
      expect(values.price1).toBe(sandbox().hotel().rates.get(type.rateId)!.get(date));
      expect(values.numAvail).toEqual(expect.any(Number));
      expect(values.minStay).toBeUndefined();
    }
  });

  it('lists the property with its room types', async () => {
    const result = await connector().getProperties();
    const hotel = sandbox().hotel();
    expect(result.data).toEqual([
      {
        id: hotel.propertyId,
        name: hotel.name,
        currency: 'EUR',
        roomTypes: hotel.roomTypes.map((type) => ({
          id: type.beds24RoomId,
          name: type.name,
          qty: hotel.rooms.filter((room) => room.roomTypeId === type.id).length,
        })),
      },
    ]);
  });
});

describe('Beds24 connector: writing', () => {
  it('creates and modifies bookings, and a replayed write is a duplicate, not a second effect', async () => {
    const beds24 = connector();
    const create = { roomId: 77001, arrival: '2026-12-20', departure: '2026-12-23', numAdult: 2, lastName: 'Okafor', apiReference: 'sentinel-001' };

    const first = await beds24.postBookings([create]);
    expect(first.httpStatus).toBe(201);
    expect(first.data[0]).toMatchObject({ success: true, id: expect.any(Number), errors: [] });
    const id = first.data[0]!.id!;
    const replay = await beds24.postBookings([create]);
    expect(replay.data[0]!.id).toBe(id);

    const modify = { id, departure: '2026-12-24', numAdult: 1 };
    expect((await beds24.postBookings([modify])).data[0]).toMatchObject({ success: true, id, modified: { departure: '2026-12-24' } });
    await beds24.postBookings([modify]);

    expect(await counters()).toMatchObject({ effects: 2, duplicates: 2 });
    expect((await effects('booking')).map((e) => e.key)).toEqual(['apiReference:sentinel-001', expect.stringMatching(new RegExp(`^modify:${id}:`))]);
    const stored = (await beds24.getBookings({ arrivalFrom: '2026-12-20', arrivalTo: '2026-12-20' })).data.find((b) => b.id === id);
    expect(stored).toMatchObject({ departure: '2026-12-24', numAdult: 1, lastName: 'Okafor', apiReference: 'sentinel-001', status: 'confirmed' });
  });

  it('returns per-item errors without throwing, while the other items go through', async () => {
    const result = await connector().postBookings([
      { roomId: 77002, arrival: '2026-12-10', departure: '2026-12-12', apiReference: 'sentinel-ok' },
      { roomId: 12345, arrival: '2026-12-10', departure: '2026-12-12' },
      { roomId: 77002, arrival: '2026-12-10', departure: '2026-12-08' },
      { roomId: 77002, arrival: '2026-12-10', departure: '2026-12-12', numAdult: 0 },
    ]);

    expect(result.data.map((item) => item.success)).toEqual([true, false, false, false]);
    expect(result.data.slice(1).map((item) => item.errors[0]?.field)).toEqual(['roomId', 'departure', 'numAdult']);
    expect(itemRejection(result.data[0]!)).toBeUndefined();
    const rejection = itemRejection(result.data[1]!)!;
    expect(rejection).toMatchObject({ kind: 'validation', field: 'roomId' });
    expect(rejection.message).toContain('roomId 12345 is not a room of this account');
    expect((await counters()).effects).toBe(1);
  });

  it('writes the room calendar and reads it back, a replay counting as a duplicate', async () => {
    const beds24 = connector();
    const write = [{ roomId: 77002, calendar: [{ from: '2026-12-01', to: '2026-12-03', price1: 99.5, minStay: 2, numAvail: 1 }] }];

    const result = await beds24.postRoomCalendar(write);
    expect(result.httpStatus).toBe(201);
    expect(result.data).toEqual([expect.objectContaining({ success: true, errors: [] })]);
    await beds24.postRoomCalendar(write);

    const read = await beds24.getRoomCalendar({
      startDate: '2026-11-30',
      endDate: '2026-12-04',
      roomIds: [77002],
      includePrices: true,
      includeMinStay: true,
      includeNumAvail: true,
    });
    const days = byDay(read.data[0]!);
    for (const date of ['2026-12-01', '2026-12-02', '2026-12-03']) expect(days.get(date)).toEqual({ price1: 99.5, minStay: 2, numAvail: 1 });
    expect(days.get('2026-11-30')).toMatchObject({ minStay: 1 });
    expect(days.get('2026-12-04')!.price1).not.toBe(99.5);
    expect(await counters()).toMatchObject({ effects: 1, duplicates: 1 });
  });

  it('returns per-item calendar errors for values only Beds24 can judge', async () => {
    const result = await connector().postRoomCalendar([
      { roomId: 77002, calendar: [{ from: '2026-12-01', to: '2026-12-03', price1: -5 }] },
      { roomId: 99_999, calendar: [{ from: '2026-12-01', to: '2026-12-03', numAvail: 2 }] },
      { roomId: 77003, calendar: [{ from: '2026-12-05', to: '2026-12-01', numAvail: 2 }] },
    ]);
    expect(result.data.map((item) => [item.success, item.errors[0]?.field])).toEqual([
      [false, 'price1'],
      [false, 'roomId'],
      [false, 'to'],
    ]);
    expect((await counters()).effects).toBe(0);
  });
});

describe('Beds24 connector: refusals before sending', () => {
  it('refuses a calendar read without an include flag, bad dates and bad ids, and sends nothing', async () => {
    const beds24 = connector();
    const cases: [Promise<unknown>, string][] = [
      [beds24.getRoomCalendar({ startDate: '2026-12-01', endDate: '2026-12-05' }), 'include'],
      [beds24.getRoomCalendar({ startDate: '2026-12-01', endDate: '2026-02-30', includePrices: true }), 'endDate'],
      [beds24.getRoomCalendar({ startDate: '2026-12-01', endDate: '2026-12-05', includePrices: true, roomIds: [1.5] }), 'roomIds'],
    ];
    for (const [call, field] of cases) expect(await failureOf(call)).toMatchObject({ kind: 'validation', field });
    expect((await counters()).requests).toBe(0);
  });

  it('refuses malformed booking queries and writes, and sends nothing', async () => {
    const beds24 = connector();
    const cases: [Promise<unknown>, string][] = [
      [beds24.getBookings({ modifiedFrom: '2026-11-23 10:00' }), 'modifiedFrom'],
      [beds24.getBookings({ status: ['gone' as never] }), 'status'],
      [beds24.getBookings({ arrivalFrom: '2026-12-10', arrivalTo: '2026-12-01' }), 'arrivalTo'],
      [beds24.postBookings([]), 'items'],
      [beds24.postBookings([{ arrival: '2026-12-01', departure: '2026-12-02' }]), 'roomId'],
      [beds24.postBookings([{ roomId: 77001, arrival: '1 Dec', departure: '2026-12-02' }]), 'arrival'],
      [beds24.postBookings([{ id: 61_200_001, numChild: 100 }]), 'numChild'],
      [beds24.postBookings([{ id: 61_200_001, firstName: 'x'.repeat(101) }]), 'firstName'],
      [beds24.postBookings([{ id: 61_200_001, price: 100_000_000 }]), 'price'],
    ];
    for (const [call, field] of cases) expect(await failureOf(call)).toMatchObject({ kind: 'validation', field });
    expect((await counters()).requests).toBe(0);
  });

  it('refuses calendar writes outside the documented limits, and sends nothing', async () => {
    const beds24 = connector();
    const cases: [Promise<unknown>, string][] = [
      [beds24.postRoomCalendar([]), 'items'],
      [beds24.postRoomCalendar([{ roomId: 77001, calendar: [] }]), 'calendar'],
      [beds24.postRoomCalendar([{ roomId: 77001, calendar: [{ from: '2026-12-01', to: '2026-12-02', minStay: 0 }] }]), 'minStay'],
      [beds24.postRoomCalendar([{ roomId: 77001, calendar: [{ from: '2026-12-01', to: '2026-12-02', maxStay: 365 }] }]), 'maxStay'],
      [beds24.postRoomCalendar([{ roomId: 77001, calendar: [{ from: '2026-12-01', to: '2026-12-02', multiplier: 0 }] }]), 'multiplier'],
      [beds24.postRoomCalendar([{ roomId: 77001, calendar: [{ from: '20261201', to: '2026-12-02', price1: 100 }] }]), 'from'],
    ];
    for (const [call, field] of cases) expect(await failureOf(call)).toMatchObject({ kind: 'validation', field });
    expect((await counters()).requests).toBe(0);
  });
});
