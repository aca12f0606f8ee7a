import { json, type SandboxResponse } from '../kit.js';

/** The sandbox's one Seam workspace. */
export const WORKSPACE_ID = '0c3a6c2e-5e9d-4f0a-9b7e-2f1d8e6a4b10';
export const CONNECTED_ACCOUNT_ID = '7d2b1f4e-3c6a-4e8b-a1d9-5f0e2c7b9a31';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;
export const isUuid = (value: unknown): value is string => typeof value === 'string' && UUID.test(value);

// ISO 8601 date-time with a zone (`Z` or an offset); seconds and fractions optional.
const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/;

/** An ISO 8601 instant as Seam gives it back (UTC, milliseconds), or undefined. */
export function isoInstant(value: unknown): string | undefined {
  if (typeof value !== 'string' || !ISO_DATE_TIME.test(value)) return undefined;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : new Date(at).toISOString();
}

/**
 * Seam's error body: `{error:{type, message, validation_errors?}, ok:false}`; an invalid input
 * names its field in `validation_errors` as the Seam SDKs read it.
 */
export function seamError(status: number, type: string, message: string, field?: string): SandboxResponse {
  return json(status, {
    error: { type, message, ...(field ? { validation_errors: { [field]: { _errors: [message] } } } : {}) },
    ok: false,
  });
}

export const invalidInput = (message: string, field?: string) => seamError(400, 'invalid_input', message, field);

/** The type Seam gives a failure the sandbox's gates make up, by status. */
export function typeOfStatus(status: number): string {
  if (status === 400 || status === 413) return 'invalid_input';
  if (status === 401) return 'unauthorized';
  if (status === 404) return 'not_found';
  if (status === 429) return 'rate_limit_exceeded';
  return status === 503 ? 'service_unavailable' : 'internal_server_error';
}

export type ActionType = 'CREATE_ACCESS_CODE' | 'UPDATE_ACCESS_CODE' | 'DELETE_ACCESS_CODE';

/** An action attempt as the spec's `action_attempt` (pending until the lock has done it). */
export function actionAttemptView(attempt: { id: string; type: ActionType; settlesAt: number }, now: number, result: () => Record<string, unknown>) {
  const done = now >= attempt.settlesAt;
  return {
    action_attempt_id: attempt.id,
    action_type: attempt.type,
    status: done ? 'success' : 'pending',
    result: done ? result() : null,
    error: null,
  };
}

/**
 * One lock as `/devices/list` gives it: only what the spec requires, and a little more. Its
 * custom metadata names its room and the room's Stays listing, as a hotel tags its locks so the
 * app knows which lock opens which room.
 */
export function deviceView(lock: { deviceId: string; name: string; roomId: string }, createdAt: string, staysListingId?: string) {
  return {
    device_id: lock.deviceId,
    device_type: 'schlage_lock',
    display_name: lock.name,
    nickname: lock.name,
    space_ids: [],
    capabilities_supported: ['access_code', 'lock'],
    can_program_online_access_codes: true,
    properties: {
      online: true,
      name: lock.name,
      appearance: { name: lock.name },
      model: { display_name: 'Encode Smart WiFi Deadbolt', manufacturer_display_name: 'Schlage' },
      locked: true,
      supported_code_lengths: [4, 5, 6, 7, 8],
    },
    connected_account_id: CONNECTED_ACCOUNT_ID,
    workspace_id: WORKSPACE_ID,
    errors: [],
    warnings: [],
    created_at: createdAt,
    is_managed: true,
    custom_metadata: { room_id: lock.roomId, ...(staysListingId ? { stays_listing_id: staysListingId } : {}) },
  };
}
