import type { z } from 'zod';
import type { JobContext } from './job-context.js';

/**
 * One kind of job, declared once: the lane (remote system) it talks to, the schema of its
 * payload (which also gives the payload's type), and how it reads to a person. A flow declares
 * its kinds beside its handlers; the queue refuses a kind it has no worker for.
 */
export interface JobKind<P> {
  /** Stored in `jobs.type`; lowercase with `/` between flow and action (`rates/push`). */
  readonly type: string;
  /** The lane its requests go through (an integration's id, or a local lane). */
  readonly lane: string;
  readonly payload: z.ZodType<P>;
  /** One line for Activity, Failed and notifications: "Rates · Single Room · 5–7 Dec → 150.00". */
  summarize(payload: P): string;
  /** The kind in words, singular and plural ("rate update", "rate updates"). */
  readonly noun: readonly [singular: string, plural: string];
}

export function defineJobKind<P>(kind: JobKind<P>): JobKind<P> {
  return kind;
}

/** What the queue runs for a kind; the payload it gets has passed the kind's schema. */
export interface JobWorker {
  readonly kind: JobKind<unknown>;
  run(payload: unknown, context: JobContext): Promise<unknown>;
}

export function workerFor<P>(kind: JobKind<P>, run: (payload: P, context: JobContext) => Promise<unknown>): JobWorker {
  return { kind: kind as JobKind<unknown>, run: run as JobWorker['run'] };
}

/** A person's action goes before background sync (SPEC §4): the priority of what someone asked for. */
export const PERSON_PRIORITY = 100;

/** How a job is queued, beyond its kind and payload. */
export interface JobOptions {
  /** Higher runs first; a person's action goes before background sync. */
  priority?: number;
  /** Not before this time (ms since epoch). */
  runAt?: number;
  maxAttempts?: number;
  /** A job with this key already present is returned instead of a duplicate. */
  idempotencyKey?: string;
  /** Jobs with the same key run one after another, in enqueue order. */
  orderingKey?: string;
  /** A new job cancels the still-queued jobs with the same key: the last value wins. */
  coalesceKey?: string;
}

/** A job to enqueue; made by `newJob`, so its payload has its kind's type. */
export interface NewJob extends JobOptions {
  readonly kind: JobKind<unknown>;
  readonly payload: unknown;
}

export function newJob<P>(kind: JobKind<P>, payload: NoInfer<P>, options: JobOptions = {}): NewJob {
  return { ...options, kind: kind as JobKind<unknown>, payload };
}
