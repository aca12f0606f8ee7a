import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import qs from 'qs';
import { createBeds24Api } from './apis/beds24.js';
import type { WebhookTarget } from './apis/beds24-channel.js';
import { createCloudbedsApi } from './apis/cloudbeds.js';
import { RATE_JOB_DELAY_MS } from './apis/cloudbeds-rates.js';
import { createMaidCentralApi } from './apis/maidcentral.js';
import { createSeamApi } from './apis/seam.js';
import { createStaysApi } from './apis/stays.js';
import { handleControl } from './control.js';
import { createFaults, type LimitOverride } from './faults.js';
import { createRandom, seedHotel, type Hotel } from './hotel.js';
import { addBulkStays, changeStays } from './apis/stays-changes.js';
import { API_NAMES, type ApiContext, type ApiName, type SandboxApi, type SandboxClock, type SandboxRequest, type SandboxResponse } from './kit.js';
import { createLedger } from './ledger.js';
import { createRateWindows } from './rate-window.js';

export interface SandboxOptions {
  port?: number;
  host?: string;
  /** The day the hotel is seeded for (`YYYY-MM-DD`); today (UTC) by default. */
  today?: string;
  seed?: number;
  /** Real time by default; a test's manual clock makes rate jobs and lock programming finish on its word. */
  clock?: SandboxClock;
  /** When set, the control API (`/__sandbox/…`) answers only requests carrying it (`X-Sandbox-Control`). */
  controlToken?: string;
  /** How long a Cloudbeds putRate job stays in progress (default RATE_JOB_DELAY_MS, 150 ms). */
  rateJobDelayMs?: number;
  /** Seeds this many more Stays reservations, over the next three years (benchmarks: 10,000). */
  staysReservations?: number;
}

const realClock: SandboxClock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms).unref(),
};

const MAX_BODY_BYTES = 1024 * 1024;
/** qs defaults turn indices past 20 into object keys; Cloudbeds sends up to 30 intervals. */
const QS_OPTIONS = { arrayLimit: 1000, parameterLimit: 10_000, depth: 6 } as const;

/** Every leaf value of a parsed body or query, with its path, for the `rejectValues` fault. */
function* leaves(value: unknown, path: string): Generator<[string, string]> {
  if (value === null || value === undefined) return;
  if (typeof value === 'object') {
    for (const [key, child] of Object.entries(value)) yield* leaves(child, path ? `${path}.${key}` : key);
    return;
  }
  yield [path, String(value)];
}

function readBody(request: IncomingMessage): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) return resolve(null);
      chunks.push(chunk);
    });
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

function parseBody(raw: string, contentType: string | undefined): { ok: true; body: unknown } | { ok: false; message: string } {
  if (raw === '') return { ok: true, body: undefined };
  if (contentType?.includes('application/json')) {
    try {
      return { ok: true, body: JSON.parse(raw) };
    } catch {
      return { ok: false, message: 'The body is not valid JSON' };
    }
  }
  return { ok: true, body: qs.parse(raw, QS_OPTIONS) };
}

function write(response: ServerResponse, answer: SandboxResponse, extraHeaders: Record<string, string> = {}): void {
  const body = answer.body === undefined ? '' : JSON.stringify(answer.body);
  response.writeHead(answer.status, {
    ...(answer.body === undefined ? {} : { 'content-type': 'application/json; charset=utf-8' }),
    ...extraHeaders,
    ...answer.headers,
  });
  response.end(body);
}

/** The simulator of each registered integration: a new system without one does not compile. */
const SIMULATORS: Record<ApiName, (context: ApiContext) => SandboxApi> = {
  cloudbeds: createCloudbedsApi,
  beds24: createBeds24Api,
  stays: createStaysApi,
  maidcentral: createMaidCentralApi,
  seam: createSeamApi,
};

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The sandbox: one local HTTP server simulating Cloudbeds, Beds24, Stays, MaidCentral and Seam
 * under `/<api>/…`, with their auth, limits and shapes, plus `/__sandbox/…` to inject faults
 * and read what it saw.
 */
export async function startSandbox(options: SandboxOptions = {}) {
  const clock = options.clock ?? realClock;
  const now = () => clock.now();
  const today = options.today ?? new Date(now()).toISOString().slice(0, 10);
  const seed = () => {
    const hotel = seedHotel({ today, ...(options.seed !== undefined ? { seed: options.seed } : {}), now: now() });
    if (options.staysReservations) addBulkStays(hotel, options.staysReservations, createRandom(options.seed ?? 1));
    return hotel;
  };
  const ledger = createLedger();
  const faults = createFaults();
  const windows = createRateWindows();
  const limitOverrides = new Map<ApiName, LimitOverride>();
  const context: ApiContext = {
    hotel: seed(),
    ledger,
    now,
    setTimeout: (fn, ms) => void clock.setTimeout(fn, ms),
    nextRequestId: () => randomUUID(),
    rateJobDelayMs: options.rateJobDelayMs ?? RATE_JOB_DELAY_MS,
  };
  let apis = buildApis(context);
  // Kept across a reset, as the app that receives them is still there.
  let webhookTarget: WebhookTarget | null = null;
  const beds24Channel = () => (apis.get('beds24') as ReturnType<typeof createBeds24Api>).channel;

  function buildApis(ctx: ApiContext): Map<ApiName, SandboxApi> {
    return new Map(API_NAMES.map((name) => [name, SIMULATORS[name](ctx)]));
  }

  async function serveApi(api: SandboxApi, request: IncomingMessage, response: ServerResponse, path: string, search: string) {
    const fault = faults.get(api.name);
    ledger.count(api.name, 'requests');
    if (fault.outage) {
      ledger.count(api.name, 'injectedFaults');
      request.socket.destroy();
      return;
    }
    if (fault.latencyMs > 0) await sleep(fault.latencyMs);
    const requestIdHeaders = { [api.requestIdHeader]: context.nextRequestId() };
    const raw = await readBody(request);
    if (raw === null) return write(response, api.errorResponse(413, 'Request body too large'), { ...requestIdHeaders, connection: 'close' });
    const parsed = parseBody(raw, request.headers['content-type']);
    if (!parsed.ok) return write(response, api.errorResponse(400, parsed.message), requestIdHeaders);
    const sandboxRequest: SandboxRequest = {
      method: request.method ?? 'GET',
      path,
      query: qs.parse(search.replace(/^\?/, ''), QS_OPTIONS),
      headers: request.headers,
      body: parsed.body,
    };

    const auth = api.authenticate(sandboxRequest, fault.authRevoked);
    if (!auth.ok) return write(response, auth.response, requestIdHeaders);

    let limitHeaders: Record<string, string> = {};
    const charge = api.chargeFor(sandboxRequest, auth.principal);
    if (charge) {
      const override = limitOverrides.get(api.name);
      const spent = windows.charge(override ? { ...charge, ...override, key: `${api.name}:${charge.key}` } : { ...charge, key: `${api.name}:${charge.key}` }, now());
      if (!spent.ok) {
        ledger.count(api.name, 'overLimit');
        const answer = api.errorResponse(429, 'Rate limit exceeded');
        return write(response, answer, { ...requestIdHeaders, 'retry-after': String(Math.ceil(spent.retryAfterMs / 1000)) });
      }
      limitHeaders = api.limitHeaders?.(spent.remaining, spent.resetsInMs, charge.cost) ?? {};
    }
    const headers = { ...requestIdHeaders, ...limitHeaders };

    const burstRetryAfter = faults.takeBurst429(api.name);
    if (burstRetryAfter !== null) {
      ledger.count(api.name, 'injectedFaults');
      return write(response, api.errorResponse(429, 'Too many requests'), { ...headers, 'retry-after': String(burstRetryAfter) });
    }
    if (faults.takeBurst5xx(api.name, `${path}${search}`) || (fault.errorRate > 0 && Math.random() < fault.errorRate)) {
      ledger.count(api.name, 'injectedFaults');
      return write(response, api.errorResponse(503, 'Service temporarily unavailable'), headers);
    }
    if (fault.rejectValues.length > 0) {
      for (const [field, value] of [...leaves(sandboxRequest.body, ''), ...leaves(sandboxRequest.query, '')]) {
        if (!fault.rejectValues.includes(value)) continue;
        ledger.count(api.name, 'injectedFaults');
        return write(response, api.errorResponse(400, `Invalid value "${value}" for ${field}`, field), headers);
      }
    }
    try {
      write(response, await api.handle(sandboxRequest, auth.principal), headers);
    } catch (error) {
      write(response, api.errorResponse(500, `Sandbox fault: ${(error as Error).message}`), headers);
    }
  }

  const sockets = new Set<Socket>();
  // Known once listening; no request arrives before.
  let origin = '';
  const server = createServer((request, response) => {
    const target = new URL(request.url ?? '/', 'http://sandbox');
    const [, first = '', ...rest] = target.pathname.split('/');
    const api = apis.get(first as ApiName);
    const route = api
      ? serveApi(api, request, response, `/${rest.join('/')}`, target.search)
      : first === '__sandbox'
        ? handleControl(
            { request, response, path: `/${rest.join('/')}`, search: target.searchParams, readBody: () => readBody(request) },
            {
              controlToken: options.controlToken ?? null,
              origin: () => origin,
              ledger,
              faults,
              limitOverrides,
              expireTokens: (name) => apis.get(name)?.expireTokens?.(),
              baseUrls: () => baseUrls,
              clearCloudbedsRates: (rateId, dates) => {
                if (!context.hotel.roomTypes.some((type) => type.rateId === rateId)) return `Rate ${rateId} is not a base rate plan of the hotel`;
                for (const date of dates) context.hotel.unratedNights.add(`${rateId}:${date}`);
                return null;
              },
              changeStays: (action, body) => changeStays(context.hotel, action, body, now()),
              inspect: (name) => apis.get(name)?.state?.(),
              configureBeds24Webhooks: (target) => {
                webhookTarget = target;
                beds24Channel().configure(target);
              },
              changeBeds24: (action, body) => beds24Channel().apply(action, body),
              reset: () => {
                context.hotel = seed();
                apis = buildApis(context);
                beds24Channel().configure(webhookTarget);
                ledger.reset();
                faults.reset();
                windows.reset();
                limitOverrides.clear();
              },
            },
          )
        : Promise.resolve(write(response, { status: 404, body: { error: { message: `No simulated API at /${first}` } } }));
    route.catch((error: unknown) => {
      if (!response.headersSent) write(response, { status: 500, body: { error: { message: (error as Error).message } } });
      else response.destroy();
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const address = server.address() as AddressInfo;
  const url = `http://${address.address}:${address.port}`;
  origin = url;
  const baseUrls = Object.fromEntries(API_NAMES.map((name) => [name, `${url}/${name}${apis.get(name)!.basePath}`])) as Record<ApiName, string>;

  return {
    url,
    port: address.port,
    /** What control requests must carry, or null when the control API is open (tests). */
    controlToken: options.controlToken ?? null,
    /** Where each simulated API lives: what a connector's base URL is in demo mode. */
    baseUrls,
    ledger,
    faults,
    /** Where Beds24 sends booking webhooks (the demo points it at the host's receiver). */
    configureBeds24Webhooks(target: WebhookTarget | null): void {
      webhookTarget = target;
      beds24Channel().configure(target);
    },
    /** The hotel as it is now (rates, reservations…); replaced by a reset. */
    hotel: (): Hotel => context.hotel,
    async close(): Promise<void> {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      });
    },
  };
}

export type Sandbox = Awaited<ReturnType<typeof startSandbox>>;
