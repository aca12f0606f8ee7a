import axios, { type AxiosInstance, type AxiosResponse } from 'axios';
import type { ErrorKind } from '../../shared/contract.js';
import type { Clock } from '../clock.js';
import { RemoteError } from '../queue/remote-error.js';

/** What a connector call gives back: the data, plus what the attempt history keeps. */
export interface Remote<T> {
  data: T;
  httpStatus: number;
  requestId?: string;
}

/** How one remote system talks about itself and its failures. */
export interface RemoteSystem {
  /** Shown in messages: "Cloudbeds answered 400: …". */
  name: string;
  /** Header carrying the remote request id (lower case), kept for the attempt history. */
  requestIdHeader: string;
  /** Pulls the remote system's own message (and field) out of an error body, when it has one. */
  describeError(body: unknown): { message?: string; field?: string };
}

/**
 * Waits until the system's lane allows one more request, and counts it (the queue's
 * `acquireRequest`); the ticket it gives back is told when the answer comes. Rejecting fails the
 * request before it is sent.
 */
export type BeforeRequest = (signal?: AbortSignal) => Promise<{ answered(): void } | undefined | void>;

/** Where a request's lane ticket rides with it, from the request interceptor to the answer. */
const TICKET = Symbol('lane ticket');
type WithTicket = { [TICKET]?: { answered(): void } };

/** What every connector takes besides where and as whom it connects. */
export interface ConnectorHooks {
  timeoutMs?: number;
  clock?: Clock;
  /** Awaited before every HTTP request the connector sends, token refreshes and pages included. */
  beforeRequest?: BeforeRequest;
}

export interface HttpClientOptions {
  baseURL: string;
  timeoutMs?: number | undefined;
  beforeRequest?: BeforeRequest | undefined;
}

export const DEFAULT_TIMEOUT_MS = 30_000;

/**
 * An axios instance for one remote system. Proxies from the environment are ignored so demo
 * and test traffic stays on loopback, and every status is resolved so connectors read the body
 * (some APIs report errors inside a 200) before deciding.
 */
export function createHttpClient(options: HttpClientOptions): AxiosInstance {
  const http = axios.create({
    baseURL: options.baseURL.replace(/\/+$/, ''),
    timeout: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    proxy: false,
    validateStatus: () => true,
    maxRedirects: 0,
  });
  // Here rather than in each call, so no request of any connector can go out unpaid: the lane's
  // published limit counts token refreshes, pages and polls alike.
  const { beforeRequest } = options;
  if (beforeRequest) {
    http.interceptors.request.use(async (config) => {
      const ticket = await beforeRequest(config.signal instanceof AbortSignal ? config.signal : undefined);
      if (ticket) (config as WithTicket)[TICKET] = ticket;
      return config;
    });
    // The lane counts the request from its answer (or its failure): see RequestTicket.
    const answered = (config: unknown) => (config as WithTicket | undefined)?.[TICKET]?.answered();
    http.interceptors.response.use(
      (response) => {
        answered(response.config);
        return response;
      },
      (failure: unknown) => {
        answered((failure as { config?: unknown } | null)?.config);
        return Promise.reject(failure);
      },
    );
  }
  return http;
}

// Failures where the request never got an answer because the network (or the host) is away.
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'ENETDOWN',
  'EPIPE',
  'ERR_NETWORK',
  'ERR_SOCKET_CONNECTION_TIMEOUT',
]);
const TIMEOUT_CODES = new Set(['ECONNABORTED', 'ETIMEDOUT', 'ERR_CANCELED']);

/** What a status alone says about the failure; 429, auth and 5xx mean the same everywhere. */
export function kindOfStatus(status: number): ErrorKind {
  if (status === 429) return 'rate_limited';
  if (status === 401 || status === 403) return 'auth';
  if (status === 408 || status >= 500) return 'server';
  return 'validation';
}

/** Retry-After in seconds or as an HTTP date; undefined when absent or unreadable. */
export function parseRetryAfter(value: unknown, now = Date.now()): number | undefined {
  if (typeof value !== 'string' && typeof value !== 'number') return undefined;
  const text = String(value).trim();
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  const at = Date.parse(text);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

export function requestIdOf(system: RemoteSystem, response: AxiosResponse): string | undefined {
  const value: unknown = response.headers[system.requestIdHeader];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** A non-2xx answer as a typed error, with the remote system's own words. */
export function errorFromResponse(system: RemoteSystem, response: AxiosResponse, kind = kindOfStatus(response.status)): RemoteError {
  const { message, field } = system.describeError(response.data);
  const retryAfterMs = parseRetryAfter(response.headers['retry-after']);
  const requestId = requestIdOf(system, response);
  return new RemoteError(kind, `${system.name} answered ${response.status}: ${message ?? response.statusText ?? 'no reason given'}`, {
    httpStatus: response.status,
    ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
    ...(requestId ? { requestId } : {}),
    ...(field ? { field } : {}),
  });
}

/**
 * Any failure of a request as a typed error. The message is built from the error code and the
 * remote answer only: axios errors carry the request config (headers, credentials), which must
 * never reach a log or a job's history.
 */
export function errorFromFailure(system: RemoteSystem, failure: unknown): RemoteError {
  if (failure instanceof RemoteError) return failure;
  if (axios.isAxiosError(failure)) {
    if (failure.response) return errorFromResponse(system, failure.response);
    const code = failure.code ?? '';
    if (TIMEOUT_CODES.has(code)) return new RemoteError('server', `${system.name} did not answer in time`);
    if (NETWORK_CODES.has(code)) return new RemoteError('network', `${system.name} is unreachable (${code})`);
    return new RemoteError('network', `${system.name} could not be reached${code ? ` (${code})` : ''}`);
  }
  const code = (failure as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && NETWORK_CODES.has(code)) return new RemoteError('network', `${system.name} is unreachable (${code})`);
  return new RemoteError('server', `${system.name} call failed unexpectedly`);
}

/**
 * Sends one request and returns its answer, or throws a typed error: transport failures and
 * non-2xx statuses are mapped here; `check` lets a connector reject a 2xx whose body says it
 * failed (e.g. Cloudbeds' `success:false`).
 */
export async function send<T>(
  system: RemoteSystem,
  request: () => Promise<AxiosResponse>,
  check?: (response: AxiosResponse) => RemoteError | undefined,
): Promise<Remote<T>> {
  let response: AxiosResponse;
  try {
    response = await request();
  } catch (failure) {
    throw errorFromFailure(system, failure);
  }
  if (response.status < 200 || response.status >= 300) throw errorFromResponse(system, response);
  const rejected = check?.(response);
  if (rejected) throw rejected;
  const requestId = requestIdOf(system, response);
  return { data: response.data as T, httpStatus: response.status, ...(requestId ? { requestId } : {}) };
}
