import { afterEach, describe, expect, it } from 'vitest';
import { addDays } from '../../shared/iso-date.js';
import { untilEvent } from '../testing/until-event.js';
import { startChannelCore, type ChannelFixture } from './channel-test-fixture.js';

// Channel sync with Beds24 (issue 9), on a started core in demo mode: effects are counted at the
// sandbox (its ledger of accepted writes, its calendar requests), rows in SQLite.

let fixture: ChannelFixture;
afterEach(() => fixture?.dispose());

const today = () => new Date().toISOString().slice(0, 10);

async function mappedType() {
  const mappings = await fixture.ok('mappings/list', {});
  const type = mappings.roomTypes.find((candidate) => candidate.beds24RoomId !== null && candidate.rooms.length > 0)!;
  return { roomTypeId: type.roomTypeId, beds24RoomId: type.beds24RoomId!, rooms: type.rooms };
}

const cloudbedsReservationsFor = async (bookingId: number) =>
  (await fixture.control.effects({ api: 'cloudbeds', kind: 'reservation' })).filter((effect) => effect.key === String(bookingId)).length;
const beds24BookingWrites = async () => (await fixture.control.effects({ api: 'beds24', kind: 'booking' })).length;
const eventsDone = (n: number) => () => fixture.count(`SELECT COUNT(*) FROM channel_events WHERE direction = 'inbound' AND status = 'done'`) >= n;

describe('channel sync with Beds24', () => {
  it('applies the same webhook delivered 5 times once: one mirror reservation, one Cloudbeds reservation', async () => {
    fixture = await startChannelCore();
    const { beds24RoomId } = await mappedType();
    const { id } = await fixture.control.beds24('create', {
      roomId: beds24RoomId,
      arrival: addDays(today(), 20),
      departure: addDays(today(), 22),
      firstName: 'Ada',
      lastName: 'Lovelace',
      deliveries: 5,
    });
    await untilEvent(fixture.core, 'the booking applied', eventsDone(1));
    await fixture.settled();

    const deliveries = (await fixture.control.state<{ webhooks: { bookingId: number; status: number }[] }>('beds24')).webhooks.filter((w) => w.bookingId === id);
    expect(deliveries.map((w) => w.status)).toEqual([202, 200, 200, 200, 200]);
    expect(fixture.count(`SELECT COUNT(*) FROM reservations WHERE source = 'beds24' AND source_id = ?`, String(id))).toBe(1);
    expect(fixture.count(`SELECT COUNT(*) FROM channel_events WHERE external_id = ?`, String(id))).toBe(1);
    expect(await cloudbedsReservationsFor(id)).toBe(1);
    expect((await fixture.control.counters()).cloudbeds.duplicates).toBe(0);
  });

  it('never echoes a channel booking back to Beds24, through its creation, change and cancellation', async () => {
    fixture = await startChannelCore();
    const { beds24RoomId } = await mappedType();
    const { id } = await fixture.control.beds24('create', { roomId: beds24RoomId, arrival: addDays(today(), 30), departure: addDays(today(), 33), firstName: 'Grace', lastName: 'Hopper' });
    await untilEvent(fixture.core, 'the booking applied', eventsDone(1));
    await fixture.control.beds24('change', { id, departure: addDays(today(), 34) });
    await untilEvent(fixture.core, 'the change applied', eventsDone(2));
    await fixture.control.beds24('cancel', { id });
    await untilEvent(fixture.core, 'the cancellation applied', eventsDone(3));
    // Cloudbeds, read back, lists the booking the app posted there: it is the channel's own still.
    fixture.core.channel.pollNow('cloudbeds');
    await fixture.settled();

    expect(await beds24BookingWrites()).toBe(0);
    expect(fixture.count(`SELECT COUNT(*) FROM jobs WHERE type = 'channel/push-booking'`)).toBe(0);
    expect(fixture.count(`SELECT COUNT(*) FROM jobs WHERE type = 'channel/poll-cloudbeds' AND status = 'done'`)).toBe(1);
    expect(fixture.count(`SELECT COUNT(*) FROM reservations WHERE source = 'cloudbeds'`)).toBe(0);
    const row = fixture.core.db.prepare(`SELECT status, departure FROM reservations WHERE source = 'beds24' AND source_id = ?`).get(String(id));
    expect(row).toEqual({ status: 'cancelled', departure: addDays(today(), 34) });
    // Cloudbeds was told of the new check-out, then of the cancellation.
    const updates = (await fixture.control.effects({ api: 'cloudbeds', kind: 'reservation-update' })).map((effect) => effect.data as { status?: string; checkoutDate?: string });
    expect(updates).toEqual([{ reservationID: expect.any(String), checkoutDate: addDays(today(), 34) }, { reservationID: expect.any(String), status: 'canceled' }]);
  });

  it('sends a reservation made at Cloudbeds to Beds24 once, however often Cloudbeds is read', async () => {
    fixture = await startChannelCore();
    const { roomTypeId } = await mappedType();
    const made = await fixture.core.connectors.cloudbeds!.postReservation({
      thirdPartyIdentifier: 'front-desk-1',
      startDate: addDays(today(), 25),
      endDate: addDays(today(), 26),
      guestFirstName: 'Desk',
      guestLastName: 'Booking',
      guestEmail: 'desk@guest.example',
      rooms: [{ roomTypeId, adults: 1 }],
    });
    // Its send to Beds24 cannot be queued (as on a full disk): the read is not kept either, so the
    // next read finds it new again rather than already known and never sent.
    fixture.core.db.exec(`CREATE TEMP TRIGGER refuse_push BEFORE INSERT ON jobs WHEN NEW.type = 'channel/push-booking' BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END`);
    const refused = fixture.core.channel.pollNow('cloudbeds');
    await untilEvent(fixture.core, 'the refused read', () => fixture.count(`SELECT attempts FROM jobs WHERE id = ?`, refused.id) > 0 && fixture.count(`SELECT status = 'sending' FROM jobs WHERE id = ?`, refused.id) === 0);
    expect(fixture.count(`SELECT COUNT(*) FROM reservations WHERE source = 'cloudbeds' AND source_id = ?`, made.data.reservationId)).toBe(0);
    fixture.core.db.exec('DROP TRIGGER refuse_push');

    fixture.core.channel.pollNow('cloudbeds');
    await fixture.settled();
    fixture.core.channel.pollNow('cloudbeds');
    await fixture.settled();

    const id = fixture.count(`SELECT id FROM reservations WHERE source = 'cloudbeds' AND source_id = ?`, made.data.reservationId);
    const writes = await fixture.control.effects({ api: 'beds24', kind: 'booking' });
    expect(writes.map((effect) => effect.key)).toEqual([`apiReference:sentinel-${id}`]);
    expect(fixture.count(`SELECT COUNT(*) FROM reservation_links WHERE reservation_id = ? AND system = 'beds24'`, id)).toBe(1);
  });

  it('sends a walk-in made here to Beds24 once, and its nights there have one room fewer', async () => {
    fixture = await startChannelCore();
    const { roomTypeId, beds24RoomId, rooms } = await mappedType();
    const arrival = addDays(today(), 40);
    const departure = addDays(today(), 42);
    // What the app says the nights have (and the night after), sent once by a block made and removed.
    const block = await fixture.ok('blocks/create', { roomId: rooms[0]!.id, kind: 'maintenance', firstNight: arrival, lastNight: departure });
    await fixture.settled();
    await fixture.ok('blocks/delete', { id: block.id });
    await fixture.settled();
    const numAvail = async () => {
      const calendar = await fixture.core.connectors.beds24!.getRoomCalendar({ startDate: arrival, endDate: departure, roomIds: [beds24RoomId], includeNumAvail: true });
      const ranges = calendar.data[0]!.calendar;
      return [arrival, addDays(arrival, 1), departure].map((night) => ranges.find((range) => range.from <= night && night <= range.to)!.numAvail);
    };
    const before = await numAvail();
    const writesBefore = await beds24BookingWrites();

    const walkIn = await fixture.ok('reservations/create', { guestName: 'Walk In', arrival, departure, roomTypeId, adults: 2 });
    await untilEvent(fixture.core, 'the walk-in sent', () => fixture.count(`SELECT COUNT(*) FROM reservation_links WHERE reservation_id = ? AND system = 'beds24'`, walkIn.id) === 1);
    await fixture.settled();

    const writes = (await fixture.control.effects({ api: 'beds24', kind: 'booking' })).slice(writesBefore);
    expect(writes).toHaveLength(1);
    expect(writes[0]!.key).toBe(`apiReference:sentinel-${walkIn.id}`);
    expect(await numAvail()).toEqual([before[0]! - 1, before[1]! - 1, before[2]]);
  });

  it('sends a walk-in changed and then cancelled here to its Beds24 booking, and refuses to change a channel booking', async () => {
    fixture = await startChannelCore();
    const { roomTypeId, beds24RoomId } = await mappedType();
    const arrival = addDays(today(), 45);
    const walkIn = await fixture.ok('reservations/create', { guestName: 'Chang Ed', arrival, departure: addDays(arrival, 1), roomTypeId });
    await fixture.settled();
    await fixture.ok('reservations/update', { id: walkIn.id, departure: addDays(arrival, 3) });
    await fixture.settled();
    const cancelled = await fixture.ok('reservations/cancel', { id: walkIn.id });
    expect(cancelled.status).toBe('cancelled');
    await fixture.settled();

    const bookingId = Number(cancelled.links.find((link) => link.system === 'beds24')!.externalId);
    const { bookings } = await fixture.control.state<{ bookings: { id: number; status: string; departure: string }[] }>('beds24');
    expect(bookings.find((booking) => booking.id === bookingId)).toMatchObject({ status: 'cancelled', departure: addDays(arrival, 3) });
    expect((await fixture.control.effects({ api: 'beds24', kind: 'booking' })).map((effect) => (effect.data as { action: string }).action)).toEqual(['new', 'modify', 'modify']);

    const { id } = await fixture.control.beds24('create', { roomId: beds24RoomId, arrival, departure: addDays(arrival, 2), firstName: 'Channel', lastName: 'Guest' });
    await untilEvent(fixture.core, 'the booking applied', eventsDone(1));
    const mirrored = fixture.count(`SELECT id FROM reservations WHERE source = 'beds24' AND source_id = ?`, String(id));
    const refused = await fixture.call('reservations/cancel', { id: mirrored });
    expect(refused).toMatchObject({ ok: false, error: { code: 'conflict', field: 'id' } });
  });

  it('sends a walk-in made here to Cloudbeds once, then its new check-out and its cancellation; reading Cloudbeds back makes no second stay', async () => {
    fixture = await startChannelCore();
    const { roomTypeId } = await mappedType();
    const arrival = addDays(today(), 46);
    const stays = () => fixture.count('SELECT COUNT(*) FROM reservations');
    const walkIn = await fixture.ok('reservations/create', { guestName: 'Wanda van Walkin', arrival, departure: addDays(arrival, 1), roomTypeId, adults: 2 });
    await fixture.settled();
    const before = stays();

    const posted = (await fixture.control.effects({ api: 'cloudbeds', kind: 'reservation' })).filter((effect) => effect.key === `sentinel-${walkIn.id}`);
    expect(posted).toHaveLength(1);
    expect(posted[0]!.data).toMatchObject({ guestFirstName: 'Wanda', guestLastName: 'van Walkin', startDate: arrival, endDate: addDays(arrival, 1) });
    const cloudbedsId = (posted[0]!.data as { reservationID: string }).reservationID;
    expect(fixture.count(`SELECT COUNT(*) FROM reservation_links WHERE reservation_id = ? AND system = 'cloudbeds' AND external_id = ?`, walkIn.id, cloudbedsId)).toBe(1);
    // Cloudbeds' answer lost (as in a crash before it was recorded): read back from Cloudbeds, it
    // is still known as this stay by the identifier it was posted with, not taken as a second one.
    fixture.core.db.prepare(`DELETE FROM reservation_links WHERE reservation_id = ? AND system = 'cloudbeds'`).run(walkIn.id);
    fixture.core.channel.pollNow('cloudbeds');
    await fixture.settled();
    expect(stays()).toBe(before);

    // Posted again, Cloudbeds answers as the first time (the old check-out): the new one follows.
    await fixture.ok('reservations/update', { id: walkIn.id, departure: addDays(arrival, 3) });
    await fixture.settled();
    // Cloudbeds' API cannot move an arrival: refused here, with what to do, and nothing changed.
    const moved = await fixture.call('reservations/update', { id: walkIn.id, arrival: addDays(arrival, 1) });
    expect(moved).toMatchObject({ ok: false, error: { code: 'conflict', field: 'arrival', message: expect.stringMatching(/change it in Cloudbeds, or cancel this stay and book a new one$/) } });
    expect(fixture.count('SELECT arrival = ? FROM reservations WHERE id = ?', arrival, walkIn.id)).toBe(1);
    await fixture.settled();
    await fixture.ok('reservations/cancel', { id: walkIn.id });
    await fixture.settled();
    const updates = (await fixture.control.effects({ api: 'cloudbeds', kind: 'reservation-update' })).map((effect) => effect.data);
    expect(updates).toEqual([
      { reservationID: cloudbedsId, status: undefined, checkoutDate: addDays(arrival, 3) },
      { reservationID: cloudbedsId, status: 'canceled', checkoutDate: undefined },
    ]);
    expect(fixture.count(`SELECT COUNT(*) FROM reservation_links WHERE reservation_id = ? AND system = 'cloudbeds' AND external_id = ?`, walkIn.id, cloudbedsId)).toBe(1);
    const sent = fixture.count(`SELECT COUNT(*) FROM channel_events WHERE reservation_id = ? AND system = 'cloudbeds' AND direction = 'outbound' AND status = 'done'`, walkIn.id);
    expect(sent).toBe(3);
    fixture.core.channel.pollNow('cloudbeds');
    await fixture.settled();
    expect(stays()).toBe(before);
    expect((await fixture.control.effects({ api: 'beds24', kind: 'booking' })).filter((effect) => effect.key === `apiReference:sentinel-${walkIn.id}`)).toHaveLength(1);
  });

  it('cancels at Cloudbeds and Beds24 a walk-in whose sends went unanswered, and sends nothing for one cancelled before any send', async () => {
    fixture = await startChannelCore();
    const { roomTypeId } = await mappedType();
    const arrival = addDays(today(), 47);
    const postsOf = async (id: number) => (await fixture.control.effects({ api: 'cloudbeds', kind: 'reservation' })).filter((effect) => effect.key === `sentinel-${id}`);
    const bookingsOf = async (id: number) => (await fixture.control.effects({ api: 'beds24', kind: 'booking' })).filter((effect) => effect.key === `apiReference:sentinel-${id}`);
    const unanswered = (type: string, orderingKey: string) =>
      fixture.count(`SELECT COUNT(*) FROM job_attempts a JOIN jobs j ON j.id = a.job_id WHERE j.type = ? AND j.ordering_key = ? AND a.outcome = 'error'`, type, orderingKey);
    const linked = (id: number, system: string) => fixture.count(`SELECT COUNT(*) FROM reservation_links WHERE reservation_id = ? AND system = ?`, id, system);

    // Neither system answers: whether the sends booked anything is unknown. Cancelled meanwhile,
    // the stay is sent once they answer again (a replay would be the same booking) and cancelled there.
    await fixture.control.faults('cloudbeds', { outage: true });
    await fixture.control.faults('beds24', { outage: true });
    const unsure = await fixture.ok('reservations/create', { guestName: 'Una Answered', arrival, departure: addDays(arrival, 1), roomTypeId });
    await untilEvent(fixture.core, 'unanswered sends', () => unanswered('channel/push-cloudbeds', `reservation:${unsure.id}:cloudbeds`) > 0 && unanswered('channel/push-booking', `reservation:${unsure.id}`) > 0);
    await fixture.ok('reservations/cancel', { id: unsure.id });
    await fixture.control.faults('cloudbeds', { outage: false });
    await fixture.control.faults('beds24', { outage: false });
    await untilEvent(fixture.core, 'the cancellations', () => linked(unsure.id, 'cloudbeds') === 1 && linked(unsure.id, 'beds24') === 1, 30_000);
    await fixture.settled();
    const cloudbedsId = ((await postsOf(unsure.id))[0]!.data as { reservationID: string }).reservationID;
    const updates = (await fixture.control.effects({ api: 'cloudbeds', kind: 'reservation-update' })).map((effect) => effect.data);
    expect(updates).toContainEqual({ reservationID: cloudbedsId, status: 'canceled', checkoutDate: undefined });
    const bookingId = Number(fixture.core.db.prepare(`SELECT external_id FROM reservation_links WHERE reservation_id = ? AND system = 'beds24'`).pluck().get(unsure.id));
    const { bookings } = await fixture.control.state<{ bookings: { id: number; status: string }[] }>('beds24');
    expect(bookings.find((booking) => booking.id === bookingId)?.status).toBe('cancelled');

    // Booked at Beds24, but the answer lost (a crash before it was recorded): cancelled since,
    // the create is answered as a replay of the confirmed booking, and the cancellation follows.
    const lost = await fixture.ok('reservations/create', { guestName: 'Lou Stanswer', arrival, departure: addDays(arrival, 1), roomTypeId });
    await untilEvent(fixture.core, 'the booking at Beds24', () => linked(lost.id, 'beds24') === 1);
    await fixture.settled();
    const lostBooking = Number(fixture.core.db.prepare(`SELECT external_id FROM reservation_links WHERE reservation_id = ? AND system = 'beds24'`).pluck().get(lost.id));
    fixture.core.db.prepare(`DELETE FROM reservation_links WHERE reservation_id = ? AND system = 'beds24'`).run(lost.id);
    fixture.core.db.prepare(`UPDATE job_attempts SET outcome = 'lost' WHERE job_id IN (SELECT id FROM jobs WHERE type = 'channel/push-booking' AND ordering_key = ?)`).run(`reservation:${lost.id}`);
    await fixture.ok('reservations/cancel', { id: lost.id });
    await untilEvent(fixture.core, 'the replayed booking', () => linked(lost.id, 'beds24') === 1);
    await fixture.settled();
    const after = await fixture.control.state<{ bookings: { id: number; status: string }[] }>('beds24');
    expect(after.bookings.find((booking) => booking.id === lostBooking)?.status).toBe('cancelled');
    expect(fixture.count(`SELECT CAST(external_id AS INTEGER) FROM reservation_links WHERE reservation_id = ? AND system = 'beds24'`, lost.id)).toBe(lostBooking);

    // Never sent (sync paused): cancelled here, it is nothing to either system.
    await fixture.ok('sync/pause', {});
    const never = await fixture.ok('reservations/create', { guestName: 'Nev Ersent', arrival, departure: addDays(arrival, 1), roomTypeId });
    await fixture.ok('reservations/cancel', { id: never.id });
    await fixture.ok('sync/resume', {});
    await untilEvent(fixture.core, 'its sends to end', () => fixture.count(`SELECT COUNT(*) FROM channel_events WHERE reservation_id = ? AND status = 'done'`, never.id) === 4);
    expect(await postsOf(never.id)).toHaveLength(0);
    expect(await bookingsOf(never.id)).toHaveLength(0);
  });

  it('sends a maintenance block on 3 nights as one calendar request carrying exactly those nights', async () => {
    fixture = await startChannelCore();
    const { beds24RoomId, rooms } = await mappedType();
    const first = addDays(today(), 50);
    const before = (await fixture.calendarRequests()).length;

    await fixture.ok('blocks/create', { roomId: rooms[0]!.id, kind: 'maintenance', firstNight: first, lastNight: addDays(first, 2) });
    await fixture.settled();

    const requests = (await fixture.calendarRequests()).slice(before);
    expect(requests).toHaveLength(1);
    const body = requests[0]!.body;
    expect(body.map((item) => item.roomId)).toEqual([beds24RoomId]);
    const nights = body[0]!.calendar.flatMap((range) => {
      const days = [];
      for (let night = range.from; night <= range.to; night = addDays(night, 1)) days.push(night);
      return days;
    });
    expect(nights).toEqual([first, addDays(first, 1), addDays(first, 2)]);
  });

  it('sends a burst of 50 changes to one range of nights as one calendar request', async () => {
    fixture = await startChannelCore({ availabilityDelayMs: 1_000 });
    const { rooms } = await mappedType();
    const first = addDays(today(), 70);
    const before = (await fixture.calendarRequests()).length;

    for (let i = 0; i < 50; i += 1) {
      await fixture.ok('blocks/create', { roomId: rooms[i % rooms.length]!.id, kind: 'out_of_order', firstNight: first, lastNight: addDays(first, 3) });
    }
    await untilEvent(fixture.core, 'the push', async () => (await fixture.calendarRequests()).length > before);
    await fixture.settled();

    expect((await fixture.calendarRequests()).length - before).toBe(1);
    expect(fixture.count(`SELECT COUNT(*) FROM jobs WHERE type = 'channel/push-availability'`)).toBe(1);
  });

  it('sends no availability while its property is switched off, and the year ahead once it is on again', async () => {
    fixture = await startChannelCore();
    const { beds24RoomId, rooms } = await mappedType();
    const [property] = (await fixture.ok('mappings/list', {})).properties;
    const before = (await fixture.calendarRequests()).length;

    await fixture.ok('mappings/set', { properties: [{ id: property!.id, availabilitySync: false }] });
    await fixture.ok('blocks/create', { roomId: rooms[0]!.id, kind: 'maintenance', firstNight: addDays(today(), 5), lastNight: addDays(today(), 6) });
    await fixture.settled();
    expect((await fixture.calendarRequests()).length).toBe(before);

    await fixture.ok('mappings/set', { properties: [{ id: property!.id, availabilitySync: true }] });
    await fixture.settled();
    const sent = (await fixture.calendarRequests()).slice(before);
    expect(sent).toHaveLength(1);
    const room = sent[0]!.body.find((item) => item.roomId === beds24RoomId)!;
    expect(room.calendar[0]!.from).toBe(today());
    expect(room.calendar.at(-1)!.to).toBe(addDays(today(), 365));
  });

  it('sends a rate Cloudbeds confirmed on to Beds24 as its price, a night closed there as none to sell, and open again', async () => {
    fixture = await startChannelCore();
    const { roomTypeId, beds24RoomId, rooms } = await mappedType();
    await fixture.ok('rates/grid', { from: today(), to: addDays(today(), 1) });
    await untilEvent(fixture.core, 'the rate import', () => fixture.count('SELECT COUNT(*) FROM room_types') > 0);
    // Past the sandbox's seeded stays (60 days): every room is free, so availability is the room count.
    const first = addDays(today(), 100);
    const nights = [first, addDays(first, 1), addDays(first, 2)];
    const synced = () => fixture.count(`SELECT COUNT(*) FROM rate_cells WHERE room_type_id = ? AND date BETWEEN ? AND ? AND state = 'synced'`, roomTypeId, first, nights[2]);
    /** The room's ranges in the calendar requests sent since `since`, once the push is done. */
    const sentSince = async (since: number) => {
      await untilEvent(fixture.core, 'the push to Beds24', async () =>
        (await fixture.calendarRequests()).slice(since).some((request) => request.body.some((item) => item.roomId === beds24RoomId)),
      );
      await fixture.settled();
      return (await fixture.calendarRequests())
        .slice(since)
        .flatMap((request) => request.body.filter((item) => item.roomId === beds24RoomId).flatMap((item) => item.calendar));
    };

    let before = (await fixture.calendarRequests()).length;
    await fixture.ok('rates/submit', { changes: nights.map((date, i) => ({ roomTypeId, date, rate: i < 2 ? 150 : 175 })) });
    await untilEvent(fixture.core, 'Cloudbeds to confirm', () => synced() === 3);
    expect(await sentSince(before)).toEqual([
      { from: nights[0], to: nights[1], numAvail: rooms.length, price1: 150 },
      { from: nights[2], to: nights[2], numAvail: rooms.length, price1: 175 },
    ]);

    before = (await fixture.calendarRequests()).length;
    await fixture.ok('rates/stop-sell', { cells: [{ roomTypeId, date: nights[1] }], closed: true });
    await untilEvent(fixture.core, 'Cloudbeds to confirm', () => fixture.count('SELECT COUNT(*) FROM rate_cells WHERE synced_closed = 1') === 1);
    expect(await sentSince(before)).toEqual([{ from: nights[1], to: nights[1], numAvail: 0, price1: 150 }]);

    before = (await fixture.calendarRequests()).length;
    await fixture.ok('rates/stop-sell', { cells: [{ roomTypeId, date: nights[1] }], closed: false });
    await untilEvent(fixture.core, 'Cloudbeds to confirm', () => fixture.count('SELECT COUNT(*) FROM rate_cells WHERE synced_closed = 0') === 1);
    expect(await sentSince(before)).toEqual([{ from: nights[1], to: nights[1], numAvail: rooms.length, price1: 150 }]);
  });

  it('applies 20 bookings made during a Beds24 outage once it ends: none lost, none twice', async () => {
    fixture = await startChannelCore({ webhooks: false });
    const { beds24RoomId } = await mappedType();
    await fixture.core.channel.pollNow();
    await fixture.settled();
    await fixture.control.faults('beds24', { outage: true });
    const ids: number[] = [];
    for (let i = 0; i < 20; i += 1) {
      const arrival = addDays(today(), 60 + (i % 10) * 3);
      const { id } = await fixture.control.beds24('create', { roomId: beds24RoomId, arrival, departure: addDays(arrival, 2), firstName: `Guest${i}`, lastName: 'Outage' });
      ids.push(id);
    }
    fixture.core.channel.pollNow();
    await untilEvent(fixture.core, 'Beds24 offline', async () => (await fixture.ok('sync/status', {})).lanes.find((lane) => lane.lane === 'beds24')?.state === 'offline');
    await fixture.control.faults('beds24', { outage: false });
    await untilEvent(fixture.core, 'the 20 bookings applied', eventsDone(20), 30_000);
    // Polled again: the last second comes back, and is dropped as a duplicate.
    fixture.core.channel.pollNow();
    await fixture.settled();

    for (const id of ids) {
      expect(fixture.count(`SELECT COUNT(*) FROM reservations WHERE source = 'beds24' AND source_id = ?`, String(id))).toBe(1);
      expect(await cloudbedsReservationsFor(id)).toBe(1);
    }
    expect(fixture.count(`SELECT COUNT(*) FROM channel_events WHERE direction = 'inbound'`)).toBe(20);
    expect((await fixture.control.counters()).cloudbeds.duplicates).toBe(0);
  }, 60_000);
});
