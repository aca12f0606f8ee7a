import { join } from 'node:path';
import type { MaidCentralJob } from '../integrations/maidcentral/maidcentral.js';

/** The data folder's subfolder holding one file per day. */
export const HOUSEKEEPING_FOLDER = 'housekeeping';

/** Bumped when the file's shape changes; a file of another format is fetched again, not read. */
export const STORED_DAY_FORMAT = 1;

/**
 * One day's schedule as stored: MaidCentral's jobs as the connector reads them, and when and
 * with which request they were fetched. Readable on its own by a person opening the folder.
 */
export interface StoredDay {
  format: typeof STORED_DAY_FORMAT;
  date: string;
  fetchedAt: string;
  /** MaidCentral's request id of the answer, to trace it with MaidCentral's support. */
  requestId: string | null;
  jobs: MaidCentralJob[];
}

export const dayFolder = (dataDir: string) => join(dataDir, HOUSEKEEPING_FOLDER);

/**
 * `2026-11-25.<first 16 hex of its SHA-256>.json`. Named by content, a new copy of a day never
 * replaces the file its record points at: the record moves to the new file in one transaction,
 * then the old file goes. A read (one synchronous step) always finds the file its record names,
 * and a crash anywhere leaves the record and its file agreeing.
 */
export const dayFileName = (date: string, sha256: string) => `${date}.${sha256.slice(0, 16)}.json`;
/** `2026-11-25.3f2a….json` → `2026-11-25`; anything else (temporary files) → null. */
export const dateOfFileName = (name: string) => /^(\d{4}-\d{2}-\d{2})\.[0-9a-f]{16}\.json$/.exec(name)?.[1] ?? null;

export function encodeStoredDay(day: Omit<StoredDay, 'format'>): Buffer {
  return Buffer.from(JSON.stringify({ format: STORED_DAY_FORMAT, ...day }), 'utf8');
}

/** The stored day, from bytes that passed their checksum; null for anything this build does not read as one. */
export function decodeStoredDay(data: Buffer): StoredDay | null {
  let day: Partial<StoredDay> | null;
  try {
    day = JSON.parse(data.toString('utf8')) as Partial<StoredDay> | null;
  } catch {
    return null;
  }
  return day?.format === STORED_DAY_FORMAT && Array.isArray(day.jobs) ? (day as StoredDay) : null;
}
