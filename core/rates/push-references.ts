import type { Db } from '../store/database.js';
import type { RatePushEntry } from './rate-intervals.js';

/** A putRate Cloudbeds accepted and the push has not read back yet. */
export interface SentPush {
  reference: string;
  rates: RatePushEntry[];
}

/**
 * The Cloudbeds job references of a push's accepted requests (`rate_push_sent`). Recorded the
 * moment putRate answers, in its own durable write, so no retry sends those rates again.
 */
export function createPushReferences(db: Db) {
  const statements = {
    record: db.prepare('INSERT OR IGNORE INTO rate_push_sent (job_id, reference, rates, sent_at) VALUES (?, ?, ?, ?)'),
    ofJob: db.prepare<[number], { reference: string; rates: string }>('SELECT reference, rates FROM rate_push_sent WHERE job_id = ? ORDER BY sent_at, reference'),
    forget: db.prepare('DELETE FROM rate_push_sent WHERE job_id = ? AND reference = ?'),
  };
  return {
    record(jobId: number, sent: SentPush, now: number): void {
      statements.record.run(jobId, sent.reference, JSON.stringify(sent.rates), now);
    },
    /** What the push sent in earlier attempts and still has to follow, oldest first. */
    ofJob(jobId: number): SentPush[] {
      return statements.ofJob.all(jobId).map((row) => ({ reference: row.reference, rates: JSON.parse(row.rates) as RatePushEntry[] }));
    },
    /** Call inside the transaction that settles the reference's cells. */
    forget(jobId: number, reference: string): void {
      statements.forget.run(jobId, reference);
    },
  };
}

export type PushReferences = ReturnType<typeof createPushReferences>;
