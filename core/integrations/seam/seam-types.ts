import { z } from 'zod';

/** Where an access code is in its life on the lock (Seam's `status`). */
export type SeamAccessCodeStatus = 'setting' | 'set' | 'unset' | 'removing' | 'unknown';

/** An access code (a door PIN), with Seam's snake_case turned into ours. */
export interface SeamAccessCode {
  accessCodeId: string;
  deviceId: string;
  name: string | null;
  /** The PIN; null while the lock has not assigned one yet. */
  code: string | null;
  type: 'time_bound' | 'ongoing';
  status: SeamAccessCodeStatus;
  /** ISO 8601 instants; null for ongoing codes. */
  startsAt: string | null;
  endsAt: string | null;
  createdAt: string;
  errors: { errorCode: string; message: string }[];
  warnings: { warningCode: string; message: string }[];
  /** What Seam is still pushing to the lock (`creating`, `updating_time_frame`, `deleting`…). */
  pendingMutations: string[];
}

/** An asynchronous action on a lock, as Seam reports it. */
export interface SeamActionAttempt {
  actionAttemptId: string;
  actionType: string;
  status: 'pending' | 'success' | 'error';
  error: { type: string; message: string } | null;
}

export interface CreateAccessCodeInput {
  deviceId: string;
  /**
   * Shown in Seam and (shortened) on the lock. Seam has no idempotency key, so the app keeps its
   * own key in the name: a create repeated with the same device, name and time frame is taken
   * as the same code by the simulator (and recognisable when reconciling with the real API).
   */
  name: string;
  /** 4–12 digits; Seam picks one when absent. */
  code?: string;
  /** ISO 8601 with a zone, e.g. `2026-11-25T15:00:00Z`. */
  startsAt: string;
  /** ISO 8601 with a zone; after `startsAt`. */
  endsAt: string;
}

export interface UpdateAccessCodeInput {
  accessCodeId: string;
  startsAt?: string;
  endsAt?: string;
  name?: string;
  code?: string;
}

/** A lock (or other device) of the workspace, with the app's own ids in its custom metadata. */
export interface SeamDevice {
  deviceId: string;
  /** Its name as people see it in Seam ("Room 101 door"). */
  name: string;
  /** Key/value pairs the hotel set on the device (`stays_listing_id`, `room_id`…). */
  customMetadata: Record<string, string | boolean>;
}

export interface WaitOptions {
  /** Time between two reads of the code. */
  intervalMs: number;
  /** Give up (a server error, so the queue retries later) after this long. */
  timeoutMs: number;
  signal?: AbortSignal;
}

const text = z.string();
const nullableText = z.string().nullish().transform((value) => value ?? null);

export const accessCodeSchema = z
  .object({
    access_code_id: text.min(1),
    device_id: text.min(1),
    name: nullableText,
    code: nullableText,
    type: z.enum(['time_bound', 'ongoing']),
    status: z.enum(['setting', 'set', 'unset', 'removing', 'unknown']),
    starts_at: nullableText,
    ends_at: nullableText,
    created_at: text,
    errors: z.array(z.object({ error_code: text, message: text })).default([]),
    warnings: z.array(z.object({ warning_code: text, message: text })).default([]),
    pending_mutations: z.array(z.object({ mutation_code: text })).default([]),
  })
  .transform(
    (raw): SeamAccessCode => ({
      accessCodeId: raw.access_code_id,
      deviceId: raw.device_id,
      name: raw.name,
      code: raw.code,
      type: raw.type,
      status: raw.status,
      startsAt: raw.starts_at,
      endsAt: raw.ends_at,
      createdAt: raw.created_at,
      errors: raw.errors.map((e) => ({ errorCode: e.error_code, message: e.message })),
      warnings: raw.warnings.map((w) => ({ warningCode: w.warning_code, message: w.message })),
      pendingMutations: raw.pending_mutations.map((m) => m.mutation_code),
    }),
  );

export const actionAttemptSchema = z
  .object({
    action_attempt_id: text.min(1),
    action_type: text,
    status: z.enum(['pending', 'success', 'error']),
    error: z.object({ type: text, message: text }).nullish(),
  })
  .transform(
    (raw): SeamActionAttempt => ({
      actionAttemptId: raw.action_attempt_id,
      actionType: raw.action_type,
      status: raw.status,
      error: raw.error ?? null,
    }),
  );

export const deviceSchema = z
  .object({
    device_id: text.min(1),
    display_name: z.string().nullish(),
    nickname: z.string().nullish(),
    properties: z.object({ name: z.string().nullish() }).partial().nullish(),
    custom_metadata: z.record(z.string(), z.union([z.string(), z.boolean()])).nullish(),
  })
  .transform(
    (raw): SeamDevice => ({
      deviceId: raw.device_id,
      name: raw.display_name ?? raw.nickname ?? raw.properties?.name ?? raw.device_id,
      customMetadata: raw.custom_metadata ?? {},
    }),
  );

const pagination = z.object({ has_next_page: z.boolean(), next_page_cursor: z.string().nullish() }).nullish();

/** `POST /devices/list`. */
export const devicesAnswer = z.object({ devices: z.array(deviceSchema), pagination });
/** `POST /access_codes/list`. */
export const accessCodesAnswer = z.object({ access_codes: z.array(accessCodeSchema), pagination });
/** `POST /access_codes/get`. */
export const accessCodeAnswer = z.object({ access_code: accessCodeSchema });
/** `POST /access_codes/create`: the code and the attempt to program it. */
export const createAnswer = z.object({ access_code: accessCodeSchema, action_attempt: actionAttemptSchema });
/** `POST /access_codes/update|delete` and `/action_attempts/get`. */
export const attemptAnswer = z.object({ action_attempt: actionAttemptSchema });
