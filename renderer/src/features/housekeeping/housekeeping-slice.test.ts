import { describe, expect, it } from 'vitest';
import type { CallName, CallOutcome, EventName, EventPayload, HousekeepingDay, HousekeepingStatus, SentinelApi } from '../../../../shared/contract.js';
import { createAppStore } from '../../store.js';
import { groupsOf } from './CleaningGroups.js';
import { dayLabel } from './housekeeping-slice.js';

type Answer = (args: any) => CallOutcome<CallName> | Promise<CallOutcome<CallName>>;

/** A host stand-in: answers per call, and a way to push events as the host would. */
function fakeHost(answers: Partial<Record<CallName, Answer>>) {
  const listeners = new Map<string, ((payload: unknown) => void)[]>();
  const calls: { name: string; args: unknown }[] = [];
  const api: SentinelApi = {
    async call(name, args) {
      calls.push({ name, args });
      const answer = answers[name];
      return (answer ? await answer(args) : { ok: false, error: { code: 'internal', message: `${name} not faked` } }) as never;
    },
    subscribe(name, listener) {
      listeners.set(name, [...(listeners.get(name) ?? []), listener as (payload: unknown) => void]);
      return () => {};
    },
  };
  const emit = <E extends EventName>(name: E, payload: EventPayload<E>) => listeners.get(name)?.forEach((listener) => listener(payload));
  return { api, calls, emit };
}

const DATES = ['2030-03-04', '2030-03-05', '2030-03-06', '2030-03-07', '2030-03-08', '2030-03-09', '2030-03-10'];
const status = (): { ok: true; data: HousekeepingStatus } => ({
  ok: true,
  data: {
    days: DATES.map((date) => ({ date, state: 'ok', fetchedAt: '2030-03-04T09:00:00.000Z', size: 100, cleanings: 2, lastError: null, failedAt: null, fetching: false })),
    schedule: { cron: '0 * * * *', timeZone: 'UTC', nextRunAt: '2030-03-04T10:00:00.000Z', lastRunAt: null },
    refreshing: false,
    connected: true,
  },
});
const day = (date: string): HousekeepingDay => ({
  date,
  fetchedAt: '2030-03-04T09:00:00.000Z',
  asOf: `${date}T09:30`,
  nextChangeAt: null,
  cleanings: [
    { id: 1, room: 'Room 101', address: null, scope: 'Departure clean', start: '11:00', end: '11:45', state: 'not_started', teamIds: [31], personIds: [8800, 8803] },
    { id: 2, room: 'Room 102', address: null, scope: null, start: null, end: null, state: 'not_started', teamIds: [], personIds: [] },
  ],
  people: [
    { id: 8803, name: 'Lucía Ortega', roles: ['Housekeeper'], teamIds: [31], cleaningIds: [1] },
    { id: 8800, name: 'Maria Santos', roles: ['Supervisor'], teamIds: [31], cleaningIds: [1] },
  ],
  teams: [{ id: 31, name: 'Team Blue', color: '#2563eb', memberIds: [8800, 8803], cleaningIds: [1] }],
  unassigned: { noPerson: [2], noTeam: [2] },
  counts: { done: 0, in_progress: 0, not_started: 2 },
});

describe('the housekeeping slice', () => {
  it('opens on the hotel’s today, read from the host', async () => {
    const host = fakeHost({ 'housekeeping/status': status, 'housekeeping/day': ({ date }) => ({ ok: true, data: day(date) }) });
    const store = createAppStore(host.api);
    await store.getState().loadHousekeeping();
    expect(store.getState().housekeepingDate).toBe(DATES[0]);
    expect(store.getState().housekeepingDay?.date).toBe(DATES[0]);
    expect(host.calls.map((call) => call.name)).toEqual(['housekeeping/status', 'housekeeping/day']);
  });

  it('says on the screen, not in the app-wide banner, why a day cannot be shown', async () => {
    const refusal = { code: 'corrupt' as const, message: 'date: the stored schedule of 5 Mar cannot be used', field: 'date' };
    const host = fakeHost({
      'housekeeping/status': status,
      'housekeeping/day': ({ date }) => (date === DATES[1] ? { ok: false, error: refusal } : { ok: true, data: day(date) }),
    });
    const store = createAppStore(host.api);
    await store.getState().loadHousekeeping();
    await store.getState().pickHousekeepingDay(DATES[1]!);
    expect(store.getState()).toMatchObject({ housekeepingDay: null, housekeepingError: refusal, problem: null });
    await store.getState().pickHousekeepingDay(DATES[2]!);
    expect(store.getState()).toMatchObject({ housekeepingError: null, housekeepingDay: { date: DATES[2] } });
  });

  it('drops the answer for a day no longer picked', async () => {
    let answerLate!: () => void;
    const late = new Promise<void>((resolve) => (answerLate = resolve));
    const host = fakeHost({
      'housekeeping/status': status,
      'housekeeping/day': async ({ date }) => {
        if (date === DATES[3]) await late;
        return { ok: true, data: day(date) };
      },
    });
    const store = createAppStore(host.api);
    await store.getState().loadHousekeeping();
    const slow = store.getState().pickHousekeepingDay(DATES[3]!);
    await store.getState().pickHousekeepingDay(DATES[4]!);
    answerLate();
    await slow;
    expect(store.getState().housekeepingDay?.date).toBe(DATES[4]);
  });

  it('reads the status and the shown day again when the host says a day changed, once the screen was opened', async () => {
    const host = fakeHost({ 'housekeeping/status': status, 'housekeeping/day': ({ date }) => ({ ok: true, data: day(date) }) });
    const store = createAppStore(host.api);
    host.emit('housekeeping/changed', { date: DATES[0]! });
    expect(host.calls).toEqual([]);
    await store.getState().loadHousekeeping();
    host.calls.length = 0;
    host.emit('housekeeping/changed', { date: DATES[5]! });
    host.emit('housekeeping/changed', { date: DATES[0]! });
    await new Promise((resolve) => setImmediate(resolve));
    expect(host.calls).toEqual([
      { name: 'housekeeping/status', args: {} },
      { name: 'housekeeping/status', args: {} },
      { name: 'housekeeping/day', args: { date: DATES[0] } },
    ]);
  });

  it('asks the host to refresh, then reads the status', async () => {
    const host = fakeHost({ 'housekeeping/status': status, 'housekeeping/refresh': () => ({ ok: true, data: { jobId: 9 } }) });
    const store = createAppStore(host.api);
    await store.getState().refreshHousekeeping();
    expect(host.calls.map((call) => call.name)).toEqual(['housekeeping/refresh', 'housekeeping/status']);
    expect(store.getState().housekeepingRefreshing).toBe(false);
  });
});

describe('the cleanings’ groups', () => {
  it('give one group per person, then the cleanings nobody is on, each with its teams', () => {
    const groups = groupsOf(day(DATES[0]!), 'person');
    expect(groups.map((group) => [group.title, group.detail, group.cleanings.map((c) => c.room)])).toEqual([
      ['Lucía Ortega', 'Housekeeper · Team Blue', ['Room 101']],
      ['Maria Santos', 'Supervisor · Team Blue', ['Room 101']],
      ['Nobody scheduled', 'No one is on these yet in MaidCentral', ['Room 102']],
    ]);
    expect(groups[0]!.withOf(groups[0]!.cleanings[0]!)).toBe('Team Blue');
    // Every cleaning of Lucía's is her one team's: the column would only repeat the header.
    expect(groups.map((group) => group.showWith)).toEqual([false, false, true]);
  });

  it('give one group per team with its members, then the cleanings of no team, each with its people', () => {
    const groups = groupsOf(day(DATES[0]!), 'team');
    expect(groups.map((group) => [group.title, group.detail, group.color])).toEqual([
      ['Team Blue', 'Maria Santos, Lucía Ortega', '#2563eb'],
      ['No team', 'Not given to a team in MaidCentral', null],
    ]);
    expect(groups[0]!.withOf(groups[0]!.cleanings[0]!)).toBe('Maria Santos, Lucía Ortega');
    expect(groups[1]!.withOf(groups[1]!.cleanings[0]!)).toBe('Nobody');
    expect(groups.map((group) => group.showWith)).toEqual([false, true]);
  });
});

describe('a hotel date', () => {
  it('reads as its weekday and day, whatever the browser’s time zone', () => {
    expect(dayLabel('2030-03-04')).toEqual({ short: 'Mon 4', long: 'Monday 4 March' });
    expect(dayLabel('2026-11-29')).toEqual({ short: 'Sun 29', long: 'Sunday 29 November' });
  });
});
