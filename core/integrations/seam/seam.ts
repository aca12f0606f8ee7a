import type { AxiosResponse } from 'axios';
import type { z } from 'zod';
import { systemClock, type Clock } from '../../clock.js';
import { RemoteError } from '../../queue/remote-error.js';
import { createHttpClient, send, type ConnectorHooks, type Remote, type RemoteSystem } from '../remote-call.js';
import {
  accessCodeAnswer,
  accessCodesAnswer,
  attemptAnswer,
  createAnswer,
  devicesAnswer,
  type SeamDevice,
  type CreateAccessCodeInput,
  type SeamAccessCode,
  type SeamActionAttempt,
  type UpdateAccessCodeInput,
  type WaitOptions,
} from './seam-types.js';

export type * from './seam-types.js';

export interface SeamConnectorOptions extends ConnectorHooks {
  /** `https://connect.getseam.com`, or the demo simulator's. */
  baseURL: string;
  credentials: { apiKey: string };
}

const seam: RemoteSystem = {
  name: 'Seam',
  requestIdHeader: 'seam-request-id',
  describeError(body) {
    const error = (body as { error?: { type?: unknown; message?: unknown; validation_errors?: unknown } } | null)?.error;
    if (!error || typeof error !== 'object') return {};
    const message = typeof error.message === 'string' && error.message !== '' ? error.message : undefined;
    const type = typeof error.type === 'string' ? error.type : undefined;
    const invalid = error.validation_errors;
    const field = invalid && typeof invalid === 'object' ? Object.keys(invalid)[0] : undefined;
    return {
      ...(message || type ? { message: [message, type && `(${type})`].filter(Boolean).join(' ') } : {}),
      ...(field ? { field } : {}),
    };
  },
};

/** A guard against a server whose pages never end (500 devices or codes a page by default). */
const MAX_LIST_PAGES = 100;

// ISO 8601 date-time with a zone (`Z` or an offset), as Seam reads starts_at/ends_at.
const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/;
const instant = (value: string) => (ISO_DATE_TIME.test(value) ? Date.parse(value) : Number.NaN);

function refuse(message: string, field: string): never {
  throw new RemoteError('validation', message, { field });
}

/** Checks what the connector can know is wrong before Seam does: formats and order of times. */
function checkInput(input: { startsAt?: string | undefined; endsAt?: string | undefined; code?: string | undefined }): void {
  const starts = input.startsAt === undefined ? undefined : instant(input.startsAt);
  const ends = input.endsAt === undefined ? undefined : instant(input.endsAt);
  if (Number.isNaN(starts)) refuse(`startsAt must be an ISO 8601 date and time with a zone (got "${input.startsAt}")`, 'startsAt');
  if (Number.isNaN(ends)) refuse(`endsAt must be an ISO 8601 date and time with a zone (got "${input.endsAt}")`, 'endsAt');
  if (starts !== undefined && ends !== undefined && ends <= starts) refuse(`endsAt (${input.endsAt}) must be after startsAt (${input.startsAt})`, 'endsAt');
  if (input.code !== undefined && !/^\d{4,12}$/.test(input.code)) refuse('code must be 4 to 12 digits', 'code');
}

function requireId(value: string, field: string): void {
  if (typeof value !== 'string' || value.trim() === '') refuse(`${field} is required`, field);
}

/** A 2xx whose body says `ok:false` is still a refusal. */
function checkOk(response: AxiosResponse): RemoteError | undefined {
  if ((response.data as { ok?: unknown } | null)?.ok !== false) return undefined;
  const { message, field } = seam.describeError(response.data);
  const requestId = response.headers[seam.requestIdHeader] as string | undefined;
  return new RemoteError('validation', `Seam refused the request: ${message ?? 'no reason given'}`, {
    httpStatus: response.status,
    ...(requestId ? { requestId } : {}),
    ...(field ? { field } : {}),
  });
}

/**
 * Seam Connect, for door PINs: access codes created, changed and removed on a room's lock.
 * Programming a lock is asynchronous: a new code is `setting` until the lock confirms (`set`);
 * `waitUntilSet` polls for that. Update and delete answer with an action attempt (per the spec).
 */
export function createSeamConnector(options: SeamConnectorOptions) {
  const clock = options.clock ?? systemClock;
  const http = createHttpClient(options);
  const authorization = `Bearer ${options.credentials.apiKey}`;

  async function post<S extends z.ZodType>(path: string, body: Record<string, unknown>, schema: S): Promise<Remote<z.infer<S>>> {
    const answer = await send<unknown>(
      seam,
      () => http.post(path, body, { headers: { authorization, 'content-type': 'application/json', accept: 'application/json' } }),
      checkOk,
    );
    const parsed = schema.safeParse(answer.data);
    if (!parsed.success) {
      const where = parsed.error.issues[0]?.path.join('.');
      throw new RemoteError('server', `Seam answered ${path} with a body the connector cannot read${where ? ` at ${where}` : ''}`, {
        httpStatus: answer.httpStatus,
        ...(answer.requestId ? { requestId: answer.requestId } : {}),
      });
    }
    return { ...answer, data: parsed.data as z.infer<S> };
  }

  async function getAccessCode(accessCodeId: string): Promise<Remote<SeamAccessCode>> {
    requireId(accessCodeId, 'accessCodeId');
    const answer = await post('/access_codes/get', { access_code_id: accessCodeId }, accessCodeAnswer);
    return { ...answer, data: answer.data.access_code };
  }

  function pause(ms: number, signal: AbortSignal | undefined, stop: () => RemoteError): Promise<void> {
    return new Promise((resolve, reject) => {
      const onAbort = () => {
        clock.clearTimeout(handle);
        reject(stop());
      };
      const handle = clock.setTimeout(() => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      }, ms);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  /** Pages of a list call, following `next_page_cursor`; bounded, in case a server never ends. */
  async function listAll<T>(fetchPage: (cursor: string | undefined) => Promise<{ items: T[]; next: string | undefined }>): Promise<T[]> {
    const all: T[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < MAX_LIST_PAGES; page += 1) {
      const { items, next } = await fetchPage(cursor);
      all.push(...items);
      if (!next) return all;
      cursor = next;
    }
    throw new RemoteError('server', `Seam kept sending pages past ${MAX_LIST_PAGES}`);
  }

  return {
    /** Every device of the workspace, with its custom metadata (which room each lock is on). */
    async listDevices(): Promise<SeamDevice[]> {
      return listAll(async (cursor) => {
        const answer = await post('/devices/list', cursor ? { page_cursor: cursor } : {}, devicesAnswer);
        return { items: answer.data.devices, next: answer.data.pagination?.has_next_page ? (answer.data.pagination.next_page_cursor ?? undefined) : undefined };
      });
    },

    /** The codes on one lock (to find one whose create answer was lost, by its name). */
    async listAccessCodes(deviceId: string): Promise<SeamAccessCode[]> {
      requireId(deviceId, 'deviceId');
      return listAll(async (cursor) => {
        const answer = await post('/access_codes/list', { device_id: deviceId, ...(cursor ? { page_cursor: cursor } : {}) }, accessCodesAnswer);
        return { items: answer.data.access_codes, next: answer.data.pagination?.has_next_page ? (answer.data.pagination.next_page_cursor ?? undefined) : undefined };
      });
    },

    /** Creates a time-bound PIN on a lock; it comes back `setting` until the lock has it. */
    async createAccessCode(input: CreateAccessCodeInput): Promise<Remote<{ accessCode: SeamAccessCode; actionAttempt: SeamActionAttempt }>> {
      requireId(input.deviceId, 'deviceId');
      checkInput(input);
      const body = {
        device_id: input.deviceId,
        name: input.name,
        starts_at: input.startsAt,
        ends_at: input.endsAt,
        ...(input.code !== undefined ? { code: input.code } : {}),
      };
      const answer = await post('/access_codes/create', body, createAnswer);
      return { ...answer, data: { accessCode: answer.data.access_code, actionAttempt: answer.data.action_attempt } };
    },

    /** Changes a code's time frame, name or PIN; the lock is reprogrammed (`setting` again). */
    async updateAccessCode(input: UpdateAccessCodeInput): Promise<Remote<SeamActionAttempt>> {
      requireId(input.accessCodeId, 'accessCodeId');
      if ([input.startsAt, input.endsAt, input.name, input.code].every((value) => value === undefined)) {
        refuse('Nothing to update: give startsAt, endsAt, name or code', 'accessCodeId');
      }
      checkInput(input);
      const body = {
        access_code_id: input.accessCodeId,
        ...(input.startsAt !== undefined ? { starts_at: input.startsAt } : {}),
        ...(input.endsAt !== undefined ? { ends_at: input.endsAt } : {}),
        ...(input.name !== undefined ? { name: input.name } : {}),
        ...(input.code !== undefined ? { code: input.code } : {}),
      };
      const answer = await post('/access_codes/update', body, attemptAnswer);
      return { ...answer, data: answer.data.action_attempt };
    },

    /** Removes a code from its lock (`removing`, then gone). */
    async deleteAccessCode(accessCodeId: string): Promise<Remote<SeamActionAttempt>> {
      requireId(accessCodeId, 'accessCodeId');
      const answer = await post('/access_codes/delete', { access_code_id: accessCodeId }, attemptAnswer);
      return { ...answer, data: answer.data.action_attempt };
    },

    getAccessCode,

    /** An action attempt (from create, update or delete), to see whether the lock has done it. */
    async getActionAttempt(actionAttemptId: string): Promise<Remote<SeamActionAttempt>> {
      requireId(actionAttemptId, 'actionAttemptId');
      const answer = await post('/action_attempts/get', { action_attempt_id: actionAttemptId }, attemptAnswer);
      return { ...answer, data: answer.data.action_attempt };
    },

    /**
     * Reads the code every `intervalMs` until the lock has it (`set`), and gives it back. Past
     * `timeoutMs` (or when `signal` aborts) it stops with a server error, so the job is retried
     * later; a code being removed will never be set, which is a validation error.
     */
    async waitUntilSet(accessCodeId: string, wait: WaitOptions): Promise<Remote<SeamAccessCode>> {
      const deadline = clock.now() + wait.timeoutMs;
      const stopped = () => new RemoteError('server', `Stopped waiting for Seam access code ${accessCodeId} to be set`);
      for (;;) {
        if (wait.signal?.aborted) throw stopped();
        const answer = await getAccessCode(accessCodeId);
        const { status, errors } = answer.data;
        const details = answer.requestId ? { requestId: answer.requestId } : {};
        if (status === 'set') return answer;
        if (status === 'removing') throw new RemoteError('validation', `Seam access code ${accessCodeId} is being removed and will not be set`, details);
        const left = deadline - clock.now();
        if (left <= 0) {
          const why = errors.length > 0 ? ` (${errors.map((e) => e.message).join('; ')})` : '';
          throw new RemoteError('server', `Seam access code ${accessCodeId} was still "${status}" after ${wait.timeoutMs} ms${why}`, details);
        }
        await pause(Math.min(wait.intervalMs, left), wait.signal, stopped);
      }
    },
  };
}

export type SeamConnector = ReturnType<typeof createSeamConnector>;
