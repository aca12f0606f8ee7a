import { z } from 'zod';
import { stays } from '../integrations/stays/index.js';
import { defineJobKind } from '../queue/job-kind.js';
import { RemoteError } from '../queue/remote-error.js';

/** One reconciliation run: read Stays, update the mirror, keep the door-PIN jobs in step. */
export const RECONCILE = defineJobKind({
  type: 'reconciliation/run',
  lane: stays.id,
  payload: z.strictObject({ trigger: z.enum(['schedule', 'manual']) }),
  summarize: ({ trigger }) => `Reconciliation with Stays · ${trigger === 'manual' ? 'run now' : 'scheduled'}`,
  noun: ['reconciliation run', 'reconciliation runs'],
});

/** The schedule's name (and part of each run's idempotency key). */
export const RECONCILE_SCHEDULE = 'reconciliation';
/** Every 30 minutes (SPEC §5.3), on the hotel's clock. */
export const DEFAULT_RECONCILE_CRON = '*/30 * * * *';
/** Queued by the first screen that finds no run yet, once. */
export const FIRST_RUN_KEY = 'reconciliation/run:first';
/** A person's "Run now" goes before background sync (as in rates). */
export const PERSON_PRIORITY = 100;

export const staysNotConnected = () => new RemoteError('auth', 'Stays is not connected: add its credentials in Settings');
