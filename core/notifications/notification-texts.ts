import type { NotificationDraft } from './notification-store.js';

/** Job types in words, singular and plural; a type not listed here reads as a "sync job". */
const JOB_TYPE_WORDS: Record<string, [singular: string, plural: string]> = {
  'rates/push': ['rate update', 'rate updates'],
  'bookings/push': ['booking update', 'booking updates'],
  'availability/push': ['availability update', 'availability updates'],
  'locks/pin': ['door PIN change', 'door PIN changes'],
  'housekeeping/push': ['housekeeping update', 'housekeeping updates'],
  'reconcile/run': ['reconciliation', 'reconciliations'],
};
const GENERIC_JOB_WORDS: [string, string] = ['sync job', 'sync jobs'];

/** The remote system behind each lane, as people call it. */
const LANE_SYSTEM_NAMES: Record<string, string> = {
  cloudbeds: 'Cloudbeds',
  beds24: 'Beds24',
  stays: 'Stays',
  locks: 'Seam (door locks)',
  maidcentral: 'MaidCentral',
};

// Titles are one line in a bell and an OS toast; the whole error stays in the message.
const TITLE_LIMIT = 140;

const capitalise = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
const clip = (text: string) => (text.length > TITLE_LIMIT ? `${text.slice(0, TITLE_LIMIT - 1)}…` : text);

export function jobTypeInWords(type: string): [singular: string, plural: string] {
  return JOB_TYPE_WORDS[type] ?? GENERIC_JOB_WORDS;
}

export function systemName(lane: string): string {
  return LANE_SYSTEM_NAMES[lane] ?? capitalise(lane);
}

/** "Rate update failed: <message>", then "3 rate updates failed" as more fail in the window. */
export function jobFailed(job: { id: number; type: string; lastError: string | null }): NotificationDraft {
  const [singular, plural] = jobTypeInWords(job.type);
  const reason = job.lastError?.trim() || 'no reason was given';
  return {
    type: 'ERROR',
    groupKey: `job-failed:${job.type}`,
    screen: 'failed',
    jobId: job.id,
    describe: (count) =>
      count === 1
        ? { title: clip(`${capitalise(singular)} failed: ${reason}`), message: `${reason}. Open Failed to retry or discard it.` }
        : { title: `${count} ${plural} failed`, message: `Latest: ${reason}. Open Failed to retry or discard them.` },
  };
}

export function laneNeedsSignIn(lane: string): NotificationDraft {
  const system = systemName(lane);
  return {
    type: 'ERROR',
    groupKey: `lane-sign-in:${lane}`,
    screen: 'sync',
    jobId: null,
    describe: () => ({
      title: `${system} needs you to sign in again`,
      message: `${system} refused the saved credentials. Changes wait in the queue; nothing is lost. Sign in, then resume sync.`,
    }),
  };
}

export function laneOffline(lane: string): NotificationDraft {
  const system = systemName(lane);
  return {
    type: 'INFO',
    groupKey: `lane-offline:${lane}`,
    screen: 'sync',
    jobId: null,
    describe: () => ({
      title: `${system} is offline; changes are kept and will be sent`,
      message: `The app keeps checking in the background and sends everything queued as soon as ${system} answers.`,
    }),
  };
}

export function laneBack(lane: string, queued: number): NotificationDraft {
  const system = systemName(lane);
  const waiting = queued === 0 ? 'nothing was waiting' : `${queued} queued ${queued === 1 ? 'change is' : 'changes are'} being sent`;
  return {
    type: 'SUCCESS',
    groupKey: `lane-back:${lane}`,
    screen: 'sync',
    jobId: null,
    describe: () => ({ title: `${system} is back; ${waiting}`, message: `${system} answers again after an outage.` }),
  };
}
