import type { Cleaner, Cleaning, CleaningState, CleaningTeam, HousekeepingDay } from '../../shared/housekeeping-contract.js';
import type { MaidCentralJob } from '../integrations/maidcentral/maidcentral.js';
import type { StaffMember } from './housekeeping-store.js';
import type { StoredDay } from './stored-day.js';

/**
 * A scheduled time as `YYYY-MM-DDTHH:MM:SS` on the hotel's clock. MaidCentral writes
 * `2026-11-25T11:00:00` (sometimes with fractions); a bare `11:00` is read on the job's date.
 * Anything else is no time at all.
 */
export function localTime(value: string | null, date: string): string | null {
  if (!value) return null;
  const full = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}):(\d{2})(?::(\d{2}))?/.exec(value);
  if (full) return `${full[1]}T${full[2]}:${full[3]}:${full[4] ?? '00'}`;
  const time = /^(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(value);
  return time ? `${date}T${time[1]}:${time[2]}:${time[3] ?? '00'}` : null;
}

/**
 * Where a cleaning stands by its schedule, MaidCentral telling nothing of progress: done once
 * its scheduled end has passed on the hotel's clock, in progress from its scheduled start until
 * then, not started before its start. Without an end it stays in progress once started; without
 * any time it is not started. Times and `now` are hotel wall-clock `YYYY-MM-DDTHH:MM:SS`.
 */
export function cleaningState(start: string | null, end: string | null, now: string): CleaningState {
  if (end !== null && end <= now) return 'done';
  if (start !== null && start <= now) return 'in_progress';
  return 'not_started';
}

const collator = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });

function roomOf(job: MaidCentralJob): string {
  return job.home.name ?? job.home.address ?? (job.home.homeId !== null ? `Home ${job.home.homeId}` : 'No room given');
}

export interface DayViewInput {
  stored: StoredDay;
  /** MaidCentral's staff, for each person's roles. */
  staff: ReadonlyMap<number, StaffMember>;
  /** The hotel's wall-clock time now, `YYYY-MM-DDTHH:MM:SS`. */
  now: string;
  /** The instant of a wall-clock time at the hotel (the hotel calendar's `instantAt`). */
  instantAt(date: string, time: string): number;
}

/**
 * What the Housekeeping screen shows of a stored day: each cleaning with its state, grouped by
 * person and by team, and when the next state changes (so the screen reads again then, rather
 * than polling).
 */
export function dayView({ stored, staff, now, instantAt }: DayViewInput): HousekeepingDay {
  const people = new Map<number, Cleaner>();
  const teams = new Map<number, CleaningTeam>();
  const noPerson: number[] = [];
  const noTeam: number[] = [];
  const counts = { done: 0, in_progress: 0, not_started: 0 };
  let nextChange: string | null = null;

  const timed = stored.jobs.map((job) => ({ job, start: localTime(job.scheduledStartTime, job.jobDate), end: localTime(job.scheduledEndTime, job.jobDate) }));
  timed.sort(
    (a, b) =>
      (a.start === b.start ? 0 : a.start === null ? 1 : b.start === null ? -1 : a.start < b.start ? -1 : 1) ||
      collator.compare(roomOf(a.job), roomOf(b.job)) ||
      a.job.jobInformationId - b.job.jobInformationId,
  );

  const cleanings: Cleaning[] = timed.map(({ job, start, end }) => {
    const state = cleaningState(start, end, now);
    counts[state] += 1;
    for (const time of [start, end]) if (time !== null && time > now && (nextChange === null || time < nextChange)) nextChange = time;
    const teamIds = job.teams.map((team) => team.teamListId);
    const personIds = job.employees.map((employee) => employee.employeeInformationId);
    for (const team of job.teams) {
      let group = teams.get(team.teamListId);
      if (!group) teams.set(team.teamListId, (group = { id: team.teamListId, name: team.description, color: team.color, memberIds: [], cleaningIds: [] }));
      group.cleaningIds.push(job.jobInformationId);
      for (const personId of personIds) if (!group.memberIds.includes(personId)) group.memberIds.push(personId);
    }
    for (const employee of job.employees) {
      let person = people.get(employee.employeeInformationId);
      if (!person) {
        const name = `${employee.firstName} ${employee.lastName}`.trim();
        const roles = staff.get(employee.employeeInformationId)?.roles ?? [];
        people.set(employee.employeeInformationId, (person = { id: employee.employeeInformationId, name, roles, teamIds: [], cleaningIds: [] }));
      }
      person.cleaningIds.push(job.jobInformationId);
      for (const teamId of teamIds) if (!person.teamIds.includes(teamId)) person.teamIds.push(teamId);
    }
    if (personIds.length === 0) noPerson.push(job.jobInformationId);
    if (teamIds.length === 0) noTeam.push(job.jobInformationId);
    return {
      id: job.jobInformationId,
      room: roomOf(job),
      address: job.home.address,
      scope: job.scopeOfWork,
      start: start?.slice(11, 16) ?? null,
      end: end?.slice(11, 16) ?? null,
      state,
      teamIds,
      personIds,
    };
  });

  const next = nextChange as string | null;
  return {
    date: stored.date,
    fetchedAt: stored.fetchedAt,
    asOf: now.slice(0, 16),
    nextChangeAt: next === null ? null : new Date(instantAt(next.slice(0, 10), next.slice(11))).toISOString(),
    cleanings,
    people: [...people.values()].sort((a, b) => collator.compare(a.name, b.name)),
    teams: [...teams.values()].sort((a, b) => collator.compare(a.name, b.name)),
    unassigned: { noPerson, noTeam },
    counts,
  };
}

/** A day with nothing stored yet: the screen says so (and that it is being fetched). */
export function emptyDay(date: string, now: string): HousekeepingDay {
  return {
    date,
    fetchedAt: null,
    asOf: now.slice(0, 16),
    nextChangeAt: null,
    cleanings: [],
    people: [],
    teams: [],
    unassigned: { noPerson: [], noTeam: [] },
    counts: { done: 0, in_progress: 0, not_started: 0 },
  };
}
