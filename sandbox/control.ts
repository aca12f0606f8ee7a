import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import { faultPatchSchema, limitOverrideSchema, type Faults, type LimitOverride } from './faults.js';
import { API_NAMES, type ApiName } from './kit.js';
import type { Ledger } from './ledger.js';
import { STAYS_CHANGES, staysChangeSchemas, type StaysChange, type StaysChangeOutcome } from './apis/stays-changes.js';
import { CHANNEL_CHANGES, channelChangeSchemas, webhookTargetSchema, type ChannelChange, type ChannelChangeOutcome, type WebhookTarget } from './apis/beds24-channel.js';

export interface ControlRequest {
  request: IncomingMessage;
  response: ServerResponse;
  /** Below `/__sandbox`. */
  path: string;
  search: URLSearchParams;
  readBody(): Promise<string | null>;
}

/** The header a control request carries the sandbox's control token in. */
export const CONTROL_TOKEN_HEADER = 'x-sandbox-control';

export interface ControlState {
  /** When set, every control request must carry it in `X-Sandbox-Control`. */
  controlToken: string | null;
  /** The sandbox's own origin: a control request from any other is refused. */
  origin(): string;
  ledger: Ledger;
  faults: Faults;
  limitOverrides: Map<ApiName, LimitOverride>;
  expireTokens(api: ApiName): void;
  baseUrls(): Record<ApiName, string>;
  /** Takes a Cloudbeds base rate plan's rate away on some nights; answers why not, or null. */
  clearCloudbedsRates(rateId: number, dates: string[]): string | null;
  /** Adds, moves, cancels or deletes a Stays reservation (the body has passed its schema). */
  changeStays(action: StaysChange, body: Record<string, unknown>): StaysChangeOutcome;
  /** Where Beds24 sends booking webhooks (null: nowhere). */
  configureBeds24Webhooks(target: WebhookTarget | null): void;
  /** A channel (an OTA) makes, changes or cancels a booking at Beds24, which sends its webhook. */
  changeBeds24(action: ChannelChange, body: Record<string, unknown>): Promise<ChannelChangeOutcome>;
  /** What a simulated API holds now, or undefined when it does not tell. */
  inspect(api: ApiName): unknown;
  reset(): void;
}

/** `POST /clear-rates/cloudbeds`: a base rate plan and the nights it is to have no rate on. */
export const clearRatesSchema = z.strictObject({
  rateId: z.number().int().positive(),
  dates: z.array(z.iso.date()).min(1).max(366),
});

function sameToken(given: string | string[] | undefined, expected: string): boolean {
  if (typeof given !== 'string') return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

function answer(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  response.end(JSON.stringify(body));
}

const badRequest = (response: ServerResponse, message: string, field?: string) =>
  answer(response, 400, { error: { message, ...(field ? { field } : {}) } });

const isApiName = (name: string | undefined): name is ApiName => API_NAMES.includes(name as ApiName);

/** Reads a JSON body and checks it against a schema; answers 400 with the reason when it fails. */
async function readJson<S extends z.ZodType>(control: ControlRequest, schema: S): Promise<z.infer<S> | undefined> {
  const raw = await control.readBody();
  if (raw === null) return void answer(control.response, 413, { error: { message: 'Body too large' } });
  let value: unknown;
  try {
    value = JSON.parse(raw === '' ? '{}' : raw);
  } catch {
    return void badRequest(control.response, 'The body is not valid JSON');
  }
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const field = issue.path.join('.');
  badRequest(control.response, field ? `${field}: ${issue.message}` : issue.message, field || undefined);
  return undefined;
}

/**
 * The control API tests and demos drive the sandbox with:
 * - `GET  /health`                   base URLs of the simulated APIs
 * - `GET  /counters`                 requests, effects, over-limit, duplicates, injected faults
 * - `GET  /effects?api=&kind=`       every accepted effect with its de-duplication key
 * - `GET  /faults`, `PUT /faults/<api>` (partial settings), `DELETE /faults` (all off)
 * - `PUT  /limits/<api>` `{limit, windowMs}`, `DELETE /limits/<api>`
 * - `POST /expire-tokens/<api>`      issued access tokens stop working (refresh still does)
 * - `POST /clear-rates/cloudbeds` `{rateId, dates}`  the plan has no rate those nights
 *                                    (getRatePlans answers `rateBase: null`) until a putRate sets one
 * - `POST /stays/add|move|cancel|delete`  a Stays reservation changes (see apis/stays-changes.ts)
 * - `PUT  /webhooks/beds24` `{url, secret}`  Beds24 sends signed booking webhooks there; `DELETE` stops them
 * - `POST /beds24/create|change|cancel`  a channel changes a booking at Beds24 (see apis/beds24-channel.ts);
 *                                    answers its id once the webhook (if configured) was answered
 * - `GET  /state/<api>`              what the API holds now (Stays reservations, Seam codes per lock,
 *                                    Beds24 bookings, calendar requests and webhooks)
 * - `POST /reset`                    a freshly seeded hotel, counters and faults cleared
 */
export async function handleControl(control: ControlRequest, state: ControlState): Promise<void> {
  const { response } = control;
  // A web page the person happens to open may not steer the simulated hotel: browsers send an
  // Origin on cross-origin requests, and cannot add the token header without a preflight,
  // which this server never answers.
  const origin = control.request.headers.origin;
  if (origin !== undefined && origin !== state.origin()) {
    return answer(response, 403, { error: { message: 'Control requests from another origin are refused' } });
  }
  // Health (where the simulated APIs are) tells nothing secret and lets a host find them.
  const isHealth = control.path === '/health' && control.request.method === 'GET';
  if (!isHealth && state.controlToken !== null && !sameToken(control.request.headers[CONTROL_TOKEN_HEADER], state.controlToken)) {
    return answer(response, 401, { error: { message: `Send the control token in the ${CONTROL_TOKEN_HEADER} header (the host prints it when it starts)` } });
  }
  const method = control.request.method ?? 'GET';
  const [route = '', api, ...extra] = control.path.split('/').filter(Boolean);
  if (extra.length > 0) return answer(response, 404, { error: { message: `Unknown control route ${control.path}` } });
  const needsApi = ['faults', 'limits', 'expire-tokens', 'clear-rates', 'state'].includes(route) && api !== undefined;
  if (needsApi && !isApiName(api)) return badRequest(response, `Unknown API "${api}"; expected one of ${API_NAMES.join(', ')}`, 'api');
  const key = `${method} ${route}${api === undefined ? '' : '/:api'}`;

  switch (key) {
    case 'GET health':
      return answer(response, 200, { ok: true, apis: state.baseUrls() });
    case 'GET counters':
      return answer(response, 200, state.ledger.counters());
    case 'GET effects': {
      const filterApi = control.search.get('api') ?? undefined;
      if (filterApi !== undefined && !isApiName(filterApi)) return badRequest(response, `Unknown API "${filterApi}"`, 'api');
      const kind = control.search.get('kind') ?? undefined;
      return answer(response, 200, state.ledger.effects({ ...(filterApi ? { api: filterApi } : {}), ...(kind ? { kind } : {}) }));
    }
    case 'GET faults':
      return answer(response, 200, state.faults.all());
    case 'PUT faults/:api': {
      const patch = await readJson(control, faultPatchSchema);
      if (patch) answer(response, 200, state.faults.patch(api as ApiName, patch));
      return;
    }
    case 'DELETE faults':
      state.faults.reset();
      return answer(response, 200, state.faults.all());
    case 'PUT limits/:api': {
      const limit = await readJson(control, limitOverrideSchema);
      if (limit) {
        state.limitOverrides.set(api as ApiName, limit);
        answer(response, 200, limit);
      }
      return;
    }
    case 'DELETE limits/:api':
      state.limitOverrides.delete(api as ApiName);
      return answer(response, 200, { ok: true });
    case 'POST expire-tokens/:api':
      state.expireTokens(api as ApiName);
      return answer(response, 200, { ok: true });
    case 'POST clear-rates/:api': {
      if (api !== 'cloudbeds') return badRequest(response, 'Only cloudbeds has rate plans whose rates can be cleared', 'api');
      const body = await readJson(control, clearRatesSchema);
      if (!body) return;
      const refusal = state.clearCloudbedsRates(body.rateId, body.dates);
      return refusal ? badRequest(response, refusal, 'rateId') : answer(response, 200, { ok: true });
    }
    case 'POST stays/:api': {
      if (!STAYS_CHANGES.includes(api as StaysChange)) return badRequest(response, `Unknown Stays change "${api}"; expected one of ${STAYS_CHANGES.join(', ')}`, 'action');
      const body = await readJson(control, staysChangeSchemas[api as StaysChange]);
      if (!body) return;
      const outcome = state.changeStays(api as StaysChange, body);
      return outcome.ok ? answer(response, 200, outcome) : answer(response, outcome.status, { error: { message: outcome.message, field: outcome.field } });
    }
    case 'PUT webhooks/:api': {
      if (api !== 'beds24') return badRequest(response, 'Only beds24 sends webhooks here', 'api');
      const body = await readJson(control, webhookTargetSchema);
      if (!body) return;
      state.configureBeds24Webhooks(body);
      return answer(response, 200, { ok: true });
    }
    case 'DELETE webhooks/:api':
      state.configureBeds24Webhooks(null);
      return answer(response, 200, { ok: true });
    case 'POST beds24/:api': {
      if (!CHANNEL_CHANGES.includes(api as ChannelChange)) return badRequest(response, `Unknown channel change "${api}"; expected one of ${CHANNEL_CHANGES.join(', ')}`, 'action');
      const body = await readJson(control, channelChangeSchemas[api as ChannelChange]);
      if (!body) return;
      const outcome = await state.changeBeds24(api as ChannelChange, body);
      return outcome.ok ? answer(response, 200, outcome) : answer(response, outcome.status, { error: { message: outcome.message, field: outcome.field } });
    }
    case 'GET state/:api': {
      const held = state.inspect(api as ApiName);
      return held === undefined ? answer(response, 404, { error: { message: `The ${api} simulator does not show its state` } }) : answer(response, 200, held);
    }
    case 'POST reset':
      state.reset();
      return answer(response, 200, { ok: true });
    default:
      return answer(response, 404, { error: { message: `Unknown control route ${method} /__sandbox${control.path}` } });
  }
}
