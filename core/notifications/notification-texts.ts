import type { StorageStatus } from '../../shared/contract.js';
import type { NotificationDraft } from './notification-store.js';

/** A job kind in words, singular and plural (its kind's `noun`). */
export type JobNoun = readonly [singular: string, plural: string];

/** How a job of a type no worker handles reads. */
export const GENERIC_JOB_NOUN: JobNoun = ['sync job', 'sync jobs'];

// Titles are one line in a bell and an OS toast; the whole error stays in the message.
const TITLE_LIMIT = 140;

const capitalise = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
const clip = (text: string) => (text.length > TITLE_LIMIT ? `${text.slice(0, TITLE_LIMIT - 1)}…` : text);

/** "Rate update failed: <message>", then "3 rate updates failed" as more fail in the window. */
export function jobFailed(job: { id: number; type: string; summary: string; lastError: string | null }, noun: JobNoun): NotificationDraft {
  const [singular, plural] = noun;
  const reason = job.lastError?.trim() || 'no reason was given';
  const what = job.summary ? `${job.summary}: ` : '';
  return {
    type: 'ERROR',
    groupKey: `job-failed:${job.type}`,
    screen: 'failed',
    jobId: job.id,
    resolvable: true,
    describe: (count) =>
      count === 1
        ? { title: clip(`${capitalise(singular)} failed: ${reason}`), message: `${what}${reason}. Open Failed to retry or discard it.` }
        : { title: `${count} ${plural} failed`, message: `Latest: ${reason}. Open Failed to retry or discard them.` },
  };
}

/** `system` is the lane's remote system as people call it ("Cloudbeds"). */
export function laneNeedsSignIn(lane: string, system: string): NotificationDraft {
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

export function laneOffline(lane: string, system: string): NotificationDraft {
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

/** The app cannot write its database (a full disk): every lane waits. */
export function storageFailing(storage: StorageStatus): NotificationDraft {
  return {
    type: 'ERROR',
    groupKey: 'storage',
    screen: 'sync',
    jobId: null,
    describe: () => ({
      title: storage.state === 'full' ? 'The disk is full: sync has stopped' : 'The data folder cannot be written: sync has stopped',
      message: `${storage.message ?? 'The database cannot be written'}. Changes already saved are kept; new ones are refused until then.`,
    }),
  };
}

/** Told when the disk works again, if the trouble could not be written down while it lasted. */
export function storageBack(since: string | null): NotificationDraft {
  return {
    type: 'SUCCESS',
    groupKey: 'storage-back',
    screen: 'sync',
    jobId: null,
    describe: () => ({
      title: 'Sync has resumed: the disk can be written again',
      message: `The database could not be written${since ? ` from ${since.slice(0, 16).replace('T', ' ')} UTC` : ''}; sync waited meanwhile and nothing saved was lost.`,
    }),
  };
}

export function laneBack(lane: string, system: string, queued: number): NotificationDraft {
  const waiting = queued === 0 ? 'nothing was waiting' : `${queued} queued ${queued === 1 ? 'change is' : 'changes are'} being sent`;
  return {
    type: 'SUCCESS',
    groupKey: `lane-back:${lane}`,
    screen: 'sync',
    jobId: null,
    describe: () => ({ title: `${system} is back; ${waiting}`, message: `${system} answers again after an outage.` }),
  };
}
