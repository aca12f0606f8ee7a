import { randomUUID } from 'node:crypto';
import { json, type ApiContext, type SandboxResponse } from '../kit.js';
import { actionAttemptView, invalidInput, isoInstant, isUuid, seamError, WORKSPACE_ID, type ActionType } from './seam-shapes.js';

/** How long the simulated locks take to program or remove a code (status `setting` → `set`). */
export const SEAM_PROGRAMMING_MS = 120;
/** A `starts_at` this far in the past still counts as "now" (clocks drift, requests take time). */
export const SEAM_PAST_GRACE_MS = 5 * 60_000;
/** PIN lengths the simulated locks accept (the spec allows 4–12 digits; devices narrow it). */
const DEVICE_CODE_LENGTHS = { min: 4, max: 8 };

type Mutation = { mutation_code: string; created_at: string; message: string; from?: unknown; to?: unknown };

interface StoredCode {
  id: string;
  deviceId: string;
  name: string | null;
  code: string;
  startsAt: string | null;
  endsAt: string | null;
  createdAt: string;
  /** Where the code is heading once the lock has done the pending work. */
  status: 'setting' | 'set' | 'removing';
  settlesAt: number;
  mutations: Mutation[];
}

interface Attempt {
  id: string;
  type: ActionType;
  settlesAt: number;
  codeId: string;
}

type Body = Record<string, unknown>;
type Outcome<T> = { ok: true; value: T } | { ok: false; response: SandboxResponse };
const fail = (response: SandboxResponse): { ok: false; response: SandboxResponse } => ({ ok: false, response });

const codeNotFound = () => seamError(404, 'access_code_not_found', 'Access code not found');

/**
 * The access codes of the sandbox's locks. Programming is asynchronous as on real locks: a new
 * or changed code is `setting` and becomes `set` (a deleted one `removing`, then gone) once
 * SEAM_PROGRAMMING_MS have passed; the state is worked out when read, so no timers outlive it.
 */
export function createAccessCodes(context: ApiContext, deviceExists: (deviceId: string) => boolean) {
  const codes = new Map<string, StoredCode>();
  /** Codes that were removed, kept so a replayed delete or create can be answered as before. */
  const removed = new Map<string, StoredCode>();
  const attempts = new Map<string, Attempt>();

  function settle(code: StoredCode): StoredCode | undefined {
    if (context.now() < code.settlesAt) return code;
    if (code.status === 'removing') {
      codes.delete(code.id);
      removed.set(code.id, code);
      return undefined;
    }
    code.status = 'set';
    code.mutations = [];
    return code;
  }
  const live = (id: unknown) => (typeof id === 'string' && codes.has(id) ? settle(codes.get(id)!) : undefined);

  /**
   * When an effect with this key was accepted before, counts the replay as a duplicate and gives
   * what the first one recorded, so it can be answered the same way.
   */
  function replayOf(kind: string, key: string): { accessCodeId: string; actionAttemptId: string } | undefined {
    const first = context.ledger.effects({ api: 'seam', kind }).find((effect) => effect.key === key);
    if (!first) return undefined;
    context.ledger.record({ api: 'seam', kind, key, at: context.now(), data: first.data });
    return first.data as { accessCodeId: string; actionAttemptId: string };
  }

  function view(code: StoredCode) {
    return {
      access_code_id: code.id,
      device_id: code.deviceId,
      workspace_id: WORKSPACE_ID,
      name: code.name,
      code: code.code,
      common_code_key: null,
      type: code.startsAt ? 'time_bound' : 'ongoing',
      status: code.status,
      starts_at: code.startsAt,
      ends_at: code.endsAt,
      created_at: code.createdAt,
      errors: [],
      warnings: [],
      is_managed: true,
      is_backup: false,
      is_backup_access_code_available: false,
      is_external_modification_allowed: false,
      is_one_time_use: false,
      is_offline_access_code: false,
      // Codes are programmed ahead and the lock enforces the time frame (native scheduling).
      is_scheduled_on_device: code.startsAt !== null,
      is_waiting_for_code_assignment: false,
      pulled_backup_access_code_id: null,
      pending_mutations: code.mutations,
    };
  }

  function startAttempt(type: ActionType, codeId: string): Attempt {
    const attempt = { id: randomUUID(), type, settlesAt: context.now() + SEAM_PROGRAMMING_MS, codeId };
    attempts.set(attempt.id, attempt);
    return attempt;
  }
  function attemptView(attempt: Attempt) {
    return actionAttemptView(attempt, context.now(), () => {
      if (attempt.type === 'DELETE_ACCESS_CODE') return {};
      const code = live(attempt.codeId) ?? removed.get(attempt.codeId);
      return code ? { access_code: view(code) } : {};
    });
  }

  function pickCode(body: Body, deviceId: string, exceptId?: string): Outcome<string> {
    const taken = (pin: string) => [...codes.values()].some((c) => c.deviceId === deviceId && c.code === pin && c.id !== exceptId && c.status !== 'removing');
    if (body.code === undefined) {
      let pin: string;
      do pin = String(Math.floor(100_000 + Math.random() * 900_000));
      while (taken(pin));
      return { ok: true, value: pin };
    }
    if (typeof body.code !== 'string' || !/^\d{4,12}$/.test(body.code)) return fail(invalidInput('code must be 4 to 12 digits', 'code'));
    if (body.code.length < DEVICE_CODE_LENGTHS.min || body.code.length > DEVICE_CODE_LENGTHS.max) {
      return fail(invalidInput(`This device supports codes of ${DEVICE_CODE_LENGTHS.min} to ${DEVICE_CODE_LENGTHS.max} digits`, 'code'));
    }
    if (taken(body.code)) return fail(seamError(400, 'duplicate_access_code', 'An access code with this code already exists on the device'));
    return { ok: true, value: body.code };
  }

  /** Reads and checks `starts_at`/`ends_at` against the time frame the code has now. */
  function timeFrame(body: Body, current: { startsAt: string | null; endsAt: string | null }): Outcome<{ startsAt: string | null; endsAt: string | null }> {
    const now = context.now();
    const read = (field: 'starts_at' | 'ends_at'): Outcome<string | null | undefined> => {
      if (body[field] === undefined) return { ok: true, value: undefined };
      const at = isoInstant(body[field]);
      return at ? { ok: true, value: at } : fail(invalidInput(`${field} must be a date and time in ISO 8601 format`, field));
    };
    const starts = read('starts_at');
    if (!starts.ok) return starts;
    const ends = read('ends_at');
    if (!ends.ok) return ends;
    const startsAt = starts.value === undefined ? current.startsAt : starts.value;
    const endsAt = ends.value === undefined ? current.endsAt : ends.value;
    if ((startsAt === null) !== (endsAt === null)) {
      return fail(invalidInput('starts_at and ends_at must be given together', startsAt === null ? 'starts_at' : 'ends_at'));
    }
    if (starts.value && starts.value !== current.startsAt && Date.parse(starts.value) < now - SEAM_PAST_GRACE_MS) {
      return fail(invalidInput('starts_at must be in the future', 'starts_at'));
    }
    if (ends.value && Date.parse(ends.value) <= now) return fail(invalidInput('ends_at must be in the future', 'ends_at'));
    if (startsAt && endsAt && Date.parse(endsAt) <= Date.parse(startsAt)) return fail(invalidInput('ends_at must be after starts_at', 'ends_at'));
    return { ok: true, value: { startsAt, endsAt } };
  }

  function checkName(body: Body): Outcome<string | null | undefined> {
    if (body.name === undefined || body.name === null || typeof body.name === 'string') return { ok: true, value: body.name };
    return fail(invalidInput('name must be a string', 'name'));
  }

  function codeOf(body: Body): Outcome<StoredCode> {
    if (body.access_code_id === undefined) return fail(invalidInput('access_code_id is required', 'access_code_id'));
    if (!isUuid(body.access_code_id)) return fail(invalidInput('access_code_id must be a UUID', 'access_code_id'));
    const code = live(body.access_code_id);
    return code ? { ok: true, value: code } : fail(codeNotFound());
  }

  return {
    /** Every code on the locks now (removed ones gone), with its validity; the PINs left out. */
    all: () =>
      [...codes.values()]
        .map(settle)
        .filter((code): code is StoredCode => code !== undefined)
        .map((code) => ({ accessCodeId: code.id, deviceId: code.deviceId, name: code.name, startsAt: code.startsAt, endsAt: code.endsAt, status: code.status })),

    /** The device an access code is on (live or removed), for the per-device limits. */
    deviceOf: (id: unknown): string | undefined => (typeof id === 'string' ? (codes.get(id) ?? removed.get(id))?.deviceId : undefined),

    create(body: Body): SandboxResponse {
      if (body.device_id === undefined) return invalidInput('device_id is required', 'device_id');
      if (!isUuid(body.device_id)) return invalidInput('device_id must be a UUID', 'device_id');
      if (!deviceExists(body.device_id)) return seamError(404, 'device_not_found', 'Device not found');
      const deviceId = body.device_id;
      const name = checkName(body);
      if (!name.ok) return name.response;
      const frame = timeFrame(body, { startsAt: null, endsAt: null });
      if (!frame.ok) return frame.response;

      // Seam has no idempotency key: a create with the same device, name and time frame is
      // taken as a replay of the first and answered with the code it made.
      const key = [deviceId, name.value ?? '', frame.value.startsAt ?? '', frame.value.endsAt ?? ''].join('|');
      const replay = replayOf('access_code', key);
      if (replay) {
        const code = live(replay.accessCodeId) ?? removed.get(replay.accessCodeId)!;
        return json(200, { access_code: view(code), action_attempt: attemptView(attempts.get(replay.actionAttemptId)!), ok: true });
      }
      const pin = pickCode(body, deviceId);
      if (!pin.ok) return pin.response;

      const createdAt = new Date(context.now()).toISOString();
      const code: StoredCode = {
        id: randomUUID(),
        deviceId,
        name: name.value ?? null,
        code: pin.value,
        ...frame.value,
        createdAt,
        status: 'setting',
        settlesAt: context.now() + SEAM_PROGRAMMING_MS,
        mutations: [{ mutation_code: 'creating', created_at: createdAt, message: 'Seam is setting the access code on the device' }],
      };
      codes.set(code.id, code);
      const attempt = startAttempt('CREATE_ACCESS_CODE', code.id);
      const data = { accessCodeId: code.id, actionAttemptId: attempt.id, deviceId, name: code.name, code: code.code, startsAt: code.startsAt, endsAt: code.endsAt };
      context.ledger.record({ api: 'seam', kind: 'access_code', key, at: context.now(), data });
      return json(200, { access_code: view(code), action_attempt: attemptView(attempt), ok: true });
    },

    get(body: Body): SandboxResponse {
      if (body.access_code_id === undefined && typeof body.device_id === 'string' && typeof body.code === 'string') {
        const found = [...codes.values()].map(settle).find((c) => c !== undefined && c.deviceId === body.device_id && c.code === body.code);
        return found ? json(200, { access_code: view(found), ok: true }) : codeNotFound();
      }
      const code = codeOf(body);
      return code.ok ? json(200, { access_code: view(code.value), ok: true }) : code.response;
    },

    list(body: Body): SandboxResponse {
      if (body.device_id !== undefined && !isUuid(body.device_id)) return invalidInput('device_id must be a UUID', 'device_id');
      if (body.device_id !== undefined && !deviceExists(body.device_id)) return seamError(404, 'device_not_found', 'Device not found');
      const found = [...codes.values()]
        .map(settle)
        .filter((c): c is StoredCode => c !== undefined && (body.device_id === undefined || c.deviceId === body.device_id));
      return json(200, { access_codes: found.map(view), pagination: { has_next_page: false, next_page_cursor: null, next_page_url: null }, ok: true });
    },

    update(body: Body): SandboxResponse {
      const found = codeOf(body);
      if (!found.ok) return found.response;
      const code = found.value;
      if (code.status === 'removing') return codeNotFound();
      const name = checkName(body);
      if (!name.ok) return name.response;
      const frame = timeFrame(body, code);
      if (!frame.ok) return frame.response;
      const pin = body.code === undefined ? ({ ok: true, value: code.code } as const) : pickCode(body, code.deviceId, code.id);
      if (!pin.ok) return pin.response;
      const next = { name: name.value === undefined ? code.name : name.value, code: pin.value, ...frame.value };

      const key = [code.id, next.name ?? '', next.code, next.startsAt ?? '', next.endsAt ?? ''].join('|');
      const replay = replayOf('access_code_update', key);
      if (replay) return json(200, { action_attempt: attemptView(attempts.get(replay.actionAttemptId)!), ok: true });
      const at = new Date(context.now()).toISOString();
      const mutations: Mutation[] = [];
      if (next.startsAt !== code.startsAt || next.endsAt !== code.endsAt) {
        mutations.push({
          mutation_code: 'updating_time_frame',
          created_at: at,
          message: 'Seam is updating the time frame on the device',
          from: { starts_at: code.startsAt, ends_at: code.endsAt },
          to: { starts_at: next.startsAt, ends_at: next.endsAt },
        });
      }
      if (next.code !== code.code) {
        const message = 'Seam is updating the code on the device';
        mutations.push({ mutation_code: 'updating_code', created_at: at, message, from: { code: code.code }, to: { code: next.code } });
      }
      if (next.name !== code.name) {
        const message = 'Seam is updating the name on the device';
        mutations.push({ mutation_code: 'updating_name', created_at: at, message, from: { name: code.name }, to: { name: next.name } });
      }
      Object.assign(code, next, { status: 'setting', settlesAt: context.now() + SEAM_PROGRAMMING_MS, mutations: [...code.mutations, ...mutations] });
      const attempt = startAttempt('UPDATE_ACCESS_CODE', code.id);
      const data = { accessCodeId: code.id, actionAttemptId: attempt.id, ...next };
      context.ledger.record({ api: 'seam', kind: 'access_code_update', key, at: context.now(), data });
      return json(200, { action_attempt: attemptView(attempt), ok: true });
    },

    delete(body: Body): SandboxResponse {
      if (body.access_code_id === undefined) return invalidInput('access_code_id is required', 'access_code_id');
      if (!isUuid(body.access_code_id)) return invalidInput('access_code_id must be a UUID', 'access_code_id');
      const id = body.access_code_id;
      const replay = replayOf('access_code_delete', id);
      if (replay) return json(200, { action_attempt: attemptView(attempts.get(replay.actionAttemptId)!), ok: true });
      const code = live(id);
      if (!code || code.status === 'removing') return codeNotFound();
      const at = new Date(context.now()).toISOString();
      Object.assign(code, {
        status: 'removing',
        settlesAt: context.now() + SEAM_PROGRAMMING_MS,
        mutations: [{ mutation_code: 'deleting', created_at: at, message: 'Seam is removing the access code from the device' }],
      });
      const attempt = startAttempt('DELETE_ACCESS_CODE', id);
      context.ledger.record({ api: 'seam', kind: 'access_code_delete', key: id, at: context.now(), data: { accessCodeId: id, actionAttemptId: attempt.id } });
      return json(200, { action_attempt: attemptView(attempt), ok: true });
    },

    getActionAttempt(body: Body): SandboxResponse {
      if (!isUuid(body.action_attempt_id)) return invalidInput('action_attempt_id must be a UUID', 'action_attempt_id');
      const attempt = attempts.get(body.action_attempt_id);
      return attempt ? json(200, { action_attempt: attemptView(attempt), ok: true }) : seamError(404, 'action_attempt_not_found', 'Action attempt not found');
    },
  };
}
