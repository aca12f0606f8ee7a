import type { IncomingHttpHeaders } from 'node:http';
import type { Ledger } from './ledger.js';
import type { Hotel } from './hotel.js';
import { isIsoDate } from '../shared/iso-date.js';
import { SYSTEM_IDS, type SystemId } from '../core/integrations/index.js';

/** One simulated API per integration the app registers; each is served under `/<id>/…`. */
export const API_NAMES = SYSTEM_IDS;
export type ApiName = SystemId;

/** One request to a simulated API, parsed once by the server. */
export interface SandboxRequest {
  method: string;
  /** The path below the API's prefix, e.g. `/api/v1.3/putRate`. */
  path: string;
  /** The query string, parsed with qs (so `status[]=a` and `rates[0][rateID]` nest). */
  query: Record<string, unknown>;
  headers: IncomingHttpHeaders;
  /** JSON or form body, parsed with qs for forms; undefined when there is none. */
  body: unknown;
}

export interface SandboxResponse {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

/** Who may spend from which rate-limit window, at what cost. */
export interface LimitCharge {
  /** Window key, e.g. the API key, the account or `create:<device>`. */
  key: string;
  limit: number;
  windowMs: number;
  cost: number;
}

export type AuthResult = { ok: true; principal: string } | { ok: false; response: SandboxResponse };

/**
 * Time as the sandbox sees it. Real time by default; a test passes a clock it moves by hand
 * (core/testing/manual-clock.ts fits), so asynchronous remote work (a Cloudbeds rate job, a
 * lock being programmed) finishes when the test says, not after a sleep.
 */
export interface SandboxClock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
}

/** What every simulated API gets: the shared hotel, the ledger of effects, and time. */
export interface ApiContext {
  hotel: Hotel;
  ledger: Ledger;
  now(): number;
  /** Runs `fn` once `ms` have passed on the sandbox's clock (never keeps the process alive). */
  setTimeout(fn: () => void, ms: number): void;
  /** A fresh id for this API's request-id header. */
  nextRequestId(): string;
  /** How long Cloudbeds takes to apply a putRate job (the real API: seconds; here 150 ms by default). */
  rateJobDelayMs: number;
}

/**
 * One simulated API. The server runs the shared gates (outage, latency, auth, rate limit,
 * injected faults) before `handle`, using the API's own shapes for the answers it makes up.
 */
export interface SandboxApi {
  name: ApiName;
  /** The vendor's path prefix below `/<name>` (e.g. `/api/v1.3`); the base URL connectors use. */
  basePath: string;
  /** Header that carries the request id on every answer (lower case). */
  requestIdHeader: string;
  /**
   * Checks the credentials a request carries; token endpoints answer for themselves. When
   * `revoked` is set (the `authRevoked` fault), every credential is refused.
   */
  authenticate(request: SandboxRequest, revoked: boolean): AuthResult;
  /** The rate-limit window this request spends from; null for free requests (e.g. token calls). */
  chargeFor(request: SandboxRequest, principal: string): LimitCharge | null;
  /**
   * The API's own answer for a failure the gates make up: 401, 429, 5xx, or 400 for a rejected
   * value (an API that reports errors inside a 200, like Cloudbeds, may answer 200 there).
   */
  errorResponse(status: number, message: string, field?: string): SandboxResponse;
  /** Headers the API adds to every answer it gives after charging (e.g. Beds24 credits). */
  limitHeaders?(remaining: number, resetsInMs: number, cost: number): Record<string, string>;
  handle(request: SandboxRequest, principal: string): SandboxResponse | Promise<SandboxResponse>;
  /** Forgets issued access tokens (control API: `expire-tokens`); refresh still works. */
  expireTokens?(): void;
  /** What the simulated system holds now, for tests and demos (control API: `GET /state/<api>`). */
  state?(): unknown;
}

export const json = (status: number, body: unknown, headers?: Record<string, string>): SandboxResponse => ({
  status,
  body,
  ...(headers ? { headers } : {}),
});

/** A query or form value as one string (qs may give arrays or objects for odd input). */
export function text(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  return undefined;
}

/** A query or form value as a list of strings (`a=1&a=2`, `a[]=1`, or `a=1`). */
export function textList(value: unknown): string[] {
  if (value === undefined) return [];
  if (Array.isArray(value)) return value.flatMap((item) => (text(item) === undefined ? [] : [text(item)!]));
  const one = text(value);
  return one === undefined ? [] : [one];
}

/** A real calendar date `YYYY-MM-DD`, or undefined. */
export function isoDate(value: unknown): string | undefined {
  const raw = text(value);
  return isIsoDate(raw) ? raw : undefined;
}

export { addDays, datesBetween } from '../shared/iso-date.js';
