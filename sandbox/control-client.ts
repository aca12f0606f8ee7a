import { CONTROL_TOKEN_HEADER } from './control.js';
import type { FaultSettings, LimitOverride } from './faults.js';
import type { ApiName } from './kit.js';
import type { ApiCounters, Effect } from './ledger.js';
import type { StaysChange } from './apis/stays-changes.js';
import type { ChannelChange, WebhookTarget } from './apis/beds24-channel.js';

/** One answer of the control API, whatever its status. */
export interface ControlAnswer<T = unknown> {
  status: number;
  body: T;
}

/**
 * A client for the sandbox's control API (`/__sandbox/…`, see `control.ts`), for tests, demos and
 * the app alike: plain `fetch`, no test library. The typed methods throw when the sandbox does
 * not answer 2xx; `request` hands back any answer, for tests of the control API's refusals.
 */
export function createControlClient(baseUrl: string, controlToken: string | null = null) {
  const root = baseUrl.replace(/\/+$/, '');
  const tokenHeader: Record<string, string> = controlToken === null ? {} : { [CONTROL_TOKEN_HEADER]: controlToken };

  /**
   * Any control request, answered with any status. A string body is sent as it is (so a test can
   * send broken JSON); anything else is sent as JSON. Throws only when there is no answer or the
   * answer is not JSON, which the control API always sends.
   */
  async function request<T = unknown>(method: string, path: string, body?: unknown): Promise<ControlAnswer<T>> {
    const route = routeOf(path);
    const response = await fetch(`${root}${route}`, {
      method,
      headers: { ...tokenHeader, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
    });
    const text = await response.text();
    try {
      return { status: response.status, body: JSON.parse(text) as T };
    } catch {
      throw new Error(`Sandbox control ${method} ${route} answered ${response.status} with a body that is not JSON: ${text.slice(0, 300) || '(empty)'}`);
    }
  }

  /** A request that must succeed: its body, or an Error with the status and the sandbox's reason. */
  async function ok<T>(method: string, path: string, body?: unknown): Promise<T> {
    const answer = await request<T>(method, path, body);
    if (answer.status < 200 || answer.status > 299) {
      throw new Error(`Sandbox control ${method} ${routeOf(path)} answered ${answer.status}: ${reason(answer.body)}`);
    }
    return answer.body;
  }

  return {
    request,
    /** Changes some fault settings of one API; answers all its settings. */
    faults: (api: ApiName, patch: Partial<FaultSettings>) => ok<FaultSettings>('PUT', `/faults/${api}`, patch),
    /** Turns every fault of every API off. */
    clearFaults: () => ok<Record<ApiName, FaultSettings>>('DELETE', '/faults'),
    /** Overrides one API's rate limit, for tests that cannot wait out the real window. */
    limit: (api: ApiName, limit: LimitOverride) => ok<LimitOverride>('PUT', `/limits/${api}`, limit),
    /** Makes the access tokens issued so far stop working (refreshing still works). */
    expireTokens: async (api: ApiName): Promise<void> => void (await ok('POST', `/expire-tokens/${api}`)),
    /** Cloudbeds' base rate plan `rateId` has no rate on these nights (`rateBase: null`) until a putRate sets one. */
    clearRates: async (rateId: number, dates: string[]): Promise<void> => void (await ok('POST', '/clear-rates/cloudbeds', { rateId, dates })),
    /** Adds, moves, cancels or deletes a Stays reservation (see sandbox/apis/stays-changes.ts); answers its `_id`. */
    stays: (action: StaysChange, body: Record<string, unknown>) => ok<{ ok: true; _id: string }>('POST', `/stays/${action}`, body),
    /** Beds24 sends its booking webhooks to `url`, signed with `secret` (null: sends none). */
    beds24Webhooks: async (target: WebhookTarget | null): Promise<void> =>
      void (await (target ? ok('PUT', '/webhooks/beds24', target) : ok('DELETE', '/webhooks/beds24'))),
    /** A channel makes, changes or cancels a booking at Beds24 (see sandbox/apis/beds24-channel.ts); answers its id. */
    beds24: (action: ChannelChange, body: Record<string, unknown>) => ok<{ ok: true; id: number }>('POST', `/beds24/${action}`, body),
    /** What a simulated API holds now: Stays reservations, or the codes on Seam's locks. */
    state: <T = unknown>(api: ApiName) => ok<T>('GET', `/state/${api}`),
    /** A freshly seeded hotel, with counters, effects, faults and limits cleared. */
    reset: async (): Promise<void> => void (await ok('POST', '/reset')),
    counters: () => ok<Record<ApiName, ApiCounters>>('GET', '/counters'),
    /** Every accepted effect, optionally of one API and one kind. */
    effects: (filter: { api?: ApiName; kind?: string } = {}) => {
      const query = new URLSearchParams();
      if (filter.api !== undefined) query.set('api', filter.api);
      if (filter.kind !== undefined) query.set('kind', filter.kind);
      const search = query.toString();
      return ok<Effect[]>('GET', `/effects${search ? `?${search}` : ''}`);
    },
  };
}

export type ControlClient = ReturnType<typeof createControlClient>;

const routeOf = (path: string) => `/__sandbox${path.startsWith('/') ? path : `/${path}`}`;

/** The control API's `{error: {message}}`, or the body itself when it has none. */
function reason(body: unknown): string {
  const message = (body as { error?: { message?: unknown } } | null)?.error?.message;
  return typeof message === 'string' ? message : JSON.stringify(body).slice(0, 300);
}
