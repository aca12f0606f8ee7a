import { describe, expect, it } from 'vitest';
import { hotelCalendar } from '../hotel-calendar.js';
import type { MaidCentralJob } from '../integrations/maidcentral/maidcentral.js';
import { ManualClock } from '../testing/manual-clock.js';
import { cleaningState, dayView, localTime } from './day-view.js';
import { wallClockAt } from '../hotel-calendar.js';
import { STORED_DAY_FORMAT, type StoredDay } from './stored-day.js';

const DATE = '2026-07-14';
type TeamOfJob = MaidCentralJob['teams'][number];
const blue: TeamOfJob = { teamListId: 31, description: 'Team Blue', color: '#2563eb' };
const green: TeamOfJob = { teamListId: 32, description: 'Team Green', color: null };
const maria = { employeeInformationId: 8800, firstName: 'Maria', lastName: 'Santos', teamPosition: 1 };
const kofi = { employeeInformationId: 8802, firstName: 'Kofi', lastName: 'Mensah', teamPosition: 1 };

function job(id: number, room: string | null, start: string | null, end: string | null, teams = [blue], employees = [maria]): MaidCentralJob {
  return {
    jobInformationId: id,
    serviceCompanyId: 2207,
    jobDate: DATE,
    scheduledStartTime: start,
    scheduledEndTime: end,
    scopeOfWork: 'Departure clean',
    teams,
    employees,
    home: { homeId: 60_000 + id, name: room, address: room ? `Harbour Light Hotel, ${room.toLowerCase()}` : null },
    billRate: 35,
  };
}

const stored = (jobs: MaidCentralJob[]): StoredDay => ({ format: STORED_DAY_FORMAT, date: DATE, fetchedAt: '2026-07-14T08:00:00.000Z', requestId: 'r-1', jobs });

describe('a cleaning’s state', () => {
  it('is done once its scheduled end has passed, in progress from its start until then, not started before', () => {
    const start = `${DATE}T11:00:00`;
    const end = `${DATE}T11:45:00`;
    expect(cleaningState(start, end, `${DATE}T10:59:59`)).toBe('not_started');
    expect(cleaningState(start, end, `${DATE}T11:00:00`)).toBe('in_progress');
    expect(cleaningState(start, end, `${DATE}T11:44:59`)).toBe('in_progress');
    expect(cleaningState(start, end, `${DATE}T11:45:00`)).toBe('done');
    // Another day: all done before today, none started after.
    expect(cleaningState(start, end, '2026-07-15T08:00:00')).toBe('done');
    expect(cleaningState(start, end, '2026-07-13T23:00:00')).toBe('not_started');
  });

  it('stays in progress without an end, and not started without any time', () => {
    expect(cleaningState(`${DATE}T11:00:00`, null, `${DATE}T18:00:00`)).toBe('in_progress');
    expect(cleaningState(null, `${DATE}T12:00:00`, `${DATE}T12:30:00`)).toBe('done');
    expect(cleaningState(null, null, `${DATE}T23:59:59`)).toBe('not_started');
  });

  it('reads MaidCentral’s times with or without seconds, fractions or a date', () => {
    expect(localTime('2026-07-14T11:00:00', DATE)).toBe('2026-07-14T11:00:00');
    expect(localTime('2026-07-14T11:00:00.000', DATE)).toBe('2026-07-14T11:00:00');
    expect(localTime('2026-07-14 11:05', DATE)).toBe('2026-07-14T11:05:00');
    expect(localTime('13:30', DATE)).toBe('2026-07-14T13:30:00');
    expect(localTime('', DATE)).toBeNull();
    expect(localTime('soon', DATE)).toBeNull();
  });
});

describe('a day as the screen shows it', () => {
  // 12:10 in Lisbon (summer time, UTC+1) is 11:10 UTC.
  const clock = new ManualClock(Date.UTC(2026, 6, 14, 11, 10));
  const calendar = hotelCalendar(clock, 'Europe/Lisbon');
  const view = (jobs: MaidCentralJob[]) =>
    dayView({
      stored: stored(jobs),
      staff: new Map([[8800, { employeeId: 8800, firstName: 'Maria', lastName: 'Santos', roles: ['Supervisor', 'Housekeeper'] }]]),
      now: wallClockAt(clock.now(), calendar.timeZone),
      instantAt: calendar.instantAt,
    });

  it('reads every state on the hotel’s clock, and says when the next one changes as an instant', () => {
    const day = view([
      job(1, 'Room 101', `${DATE}T11:00:00`, `${DATE}T11:45:00`),
      job(2, 'Room 102', `${DATE}T11:45:00`, `${DATE}T12:30:00`),
      job(3, 'Room 103', `${DATE}T12:30:00`, `${DATE}T12:55:00`),
    ]);
    expect(day.asOf).toBe('2026-07-14T12:10');
    expect(day.cleanings.map((cleaning) => [cleaning.room, cleaning.start, cleaning.end, cleaning.state])).toEqual([
      ['Room 101', '11:00', '11:45', 'done'],
      ['Room 102', '11:45', '12:30', 'in_progress'],
      ['Room 103', '12:30', '12:55', 'not_started'],
    ]);
    expect(day.counts).toEqual({ done: 1, in_progress: 1, not_started: 1 });
    // 12:30 in Lisbon.
    expect(day.nextChangeAt).toBe('2026-07-14T11:30:00.000Z');
  });

  it('groups the cleanings by person and by team, by name, and lists those with nobody or no team', () => {
    const day = view([
      job(4, 'Room 210', `${DATE}T13:00:00`, `${DATE}T13:25:00`, [green], [kofi]),
      job(5, 'Room 201', `${DATE}T13:00:00`, `${DATE}T13:45:00`, [blue], [maria, kofi]),
      job(6, 'Room 9', `${DATE}T13:00:00`, `${DATE}T13:25:00`, [], []),
      job(7, null, null, null, [green], [kofi]),
    ]);
    // By start, then room in natural order (9 before 201), unscheduled last.
    expect(day.cleanings.map((cleaning) => cleaning.room)).toEqual(['Room 9', 'Room 201', 'Room 210', 'Home 60007']);
    expect(day.people).toEqual([
      { id: 8802, name: 'Kofi Mensah', roles: [], teamIds: [31, 32], cleaningIds: [5, 4, 7] },
      { id: 8800, name: 'Maria Santos', roles: ['Supervisor', 'Housekeeper'], teamIds: [31], cleaningIds: [5] },
    ]);
    expect(day.teams).toEqual([
      { id: 31, name: 'Team Blue', color: '#2563eb', memberIds: [8800, 8802], cleaningIds: [5] },
      { id: 32, name: 'Team Green', color: null, memberIds: [8802], cleaningIds: [4, 7] },
    ]);
    expect(day.unassigned).toEqual({ noPerson: [6], noTeam: [6] });
    expect(day.nextChangeAt).toBe('2026-07-14T12:00:00.000Z');
  });

  it('has no next change once every cleaning of the day is done', () => {
    expect(view([job(1, 'Room 101', `${DATE}T09:00:00`, `${DATE}T09:45:00`)]).nextChangeAt).toBeNull();
  });
});
