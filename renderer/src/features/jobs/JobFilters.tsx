import { useEffect, useState } from 'react';
import { JOB_STATUSES, type JobFilter, type JobStatus } from '../../../../shared/contract.js';
import { instantAt } from '../../../../shared/hotel-time.js';
import { addDays } from '../../../../shared/iso-date.js';
import { useHotelTimeZone } from '../../hotel-clock.js';
import { useApp } from '../../store.js';

const capitalise = (words: string) => words.charAt(0).toUpperCase() + words.slice(1);

/** Words typed are searched once the person pauses, not at every key. */
const SEARCH_PAUSE_MS = 300;

/** A date picked in the form as the host filters by: the start of that day on the hotel's clock. */
const dayStart = (date: string, timeZone: string) => new Date(instantAt(date, '00:00', timeZone)).toISOString();
const nextDayStart = (date: string, timeZone: string) => dayStart(addDays(date, 1), timeZone);

export interface JobFilterForm {
  text: string;
  lane: string;
  /** A job type ("rates/push"); one of the chosen system's when a system is chosen. */
  type: string;
  status: JobStatus | '';
  from: string;
  to: string;
}

export const NO_FILTER: JobFilterForm = { text: '', lane: '', type: '', status: '', from: '', to: '' };

/** The form as the contract's filter: empty fields narrow nothing; dates cover whole days at the hotel. */
export function toJobFilter(form: JobFilterForm, fixedStatus: JobStatus | null, timeZone: string): JobFilter {
  const status = fixedStatus ?? (form.status || null);
  const text = form.text.trim();
  return {
    ...(status ? { status: [status] } : {}),
    ...(form.lane ? { lane: [form.lane] } : {}),
    ...(form.type ? { type: [form.type] } : {}),
    ...(text ? { text: text.slice(0, 200) } : {}),
    ...(form.from ? { from: dayStart(form.from, timeZone) } : {}),
    ...(form.to ? { to: nextDayStart(form.to, timeZone) } : {}),
  };
}

/** Search, system, kind of job, status and dates for Activity; Failed keeps its status and offers the rest. */
export function JobFilters({ labels, fixedStatus, onChange }: { labels: Record<JobStatus, string>; fixedStatus: JobStatus | null; onChange(filter: JobFilter): void }) {
  const lanes = useApp((state) => state.sync?.lanes ?? []);
  const [form, setForm] = useState<JobFilterForm>(NO_FILTER);
  const [text, setText] = useState('');

  useEffect(() => {
    if (text === form.text) return;
    const timer = setTimeout(() => setForm((current) => ({ ...current, text })), SEARCH_PAUSE_MS);
    return () => clearTimeout(timer);
  }, [text, form.text]);

  const timeZone = useHotelTimeZone();
  useEffect(() => onChange(toJobFilter(form, fixedStatus, timeZone)), [form, fixedStatus, timeZone, onChange]);

  const set = (patch: Partial<JobFilterForm>) => setForm((current) => ({ ...current, ...patch }));
  /** The kinds of job of one system, or of every system. */
  const kindsOf = (lane: string) => lanes.filter((candidate) => !lane || candidate.lane === lane).flatMap((candidate) => candidate.jobTypes);
  return (
    <form className="job-filters" role="search" aria-label="Filter jobs" onSubmit={(event) => event.preventDefault()}>
      <input type="search" aria-label="Search jobs" placeholder="Search: room, guest, error…" value={text} onChange={(event) => setText(event.target.value)} />
      <select
        aria-label="System filter"
        value={form.lane}
        // A kind of job of another system would match nothing: the kind is cleared with it.
        onChange={(event) => set({ lane: event.target.value, ...(kindsOf(event.target.value).some((kind) => kind.type === form.type) ? {} : { type: '' }) })}
      >
        <option value="">All systems</option>
        {lanes.map((lane) => (
          <option key={lane.lane} value={lane.lane}>
            {lane.displayName}
          </option>
        ))}
      </select>
      <select aria-label="Kind of job filter" value={form.type} onChange={(event) => set({ type: event.target.value })}>
        <option value="">All kinds of job</option>
        {kindsOf(form.lane).map((kind) => (
          <option key={kind.type} value={kind.type}>
            {capitalise(kind.noun)}
          </option>
        ))}
      </select>
      {fixedStatus === null && (
        <select aria-label="Status filter" value={form.status} onChange={(event) => set({ status: event.target.value as JobStatus | '' })}>
          <option value="">All statuses</option>
          {JOB_STATUSES.map((status) => (
            <option key={status} value={status}>
              {labels[status]}
            </option>
          ))}
        </select>
      )}
      <label>
        From <input type="date" aria-label="Created from" value={form.from} max={form.to || undefined} onChange={(event) => set({ from: event.target.value })} />
      </label>
      <label>
        to <input type="date" aria-label="Created until" value={form.to} min={form.from || undefined} onChange={(event) => set({ to: event.target.value })} />
      </label>
    </form>
  );
}
