import type { AxiosInstance, AxiosResponse } from 'axios';
import qs from 'qs';
import { systemClock } from '../../clock.js';
import { RemoteError } from '../../queue/remote-error.js';
import { parseAccessToken } from './cloudbeds-parse.js';
import type { CloudbedsConnectorOptions } from './cloudbeds-types.js';
import { requestIdOf, send, type Remote, type RemoteSystem } from '../remote-call.js';
import { createTokenSession } from '../token-session.js';

export const FORM_HEADERS = { 'content-type': 'application/x-www-form-urlencoded' } as const;

// Cloudbeds' own messages name the parameter they refuse: "Invalid Parameter Format for
// startDate", "Parameter rates is required".
const FIELD_PATTERNS = [/^Parameter (\S+) is required/i, /\bfor ([A-Za-z_][\w.[\]]*)(?: \([^)]*\))?\s*$/];
// A `success:false` about who may do what is a sign-in matter for a person, not bad input.
const AUTH_MESSAGE = /access token|api key|unauthori[sz]ed|not authori[sz]ed|permission|access denied|forbidden|revoked|scope/i;

function fieldOf(message: string): string | undefined {
  for (const pattern of FIELD_PATTERNS) {
    const match = pattern.exec(message);
    if (match) return match[1];
  }
  return undefined;
}

export const CLOUDBEDS: RemoteSystem = {
  name: 'Cloudbeds',
  requestIdHeader: 'x-request-id',
  describeError(body) {
    if (body === null || typeof body !== 'object') return {};
    const { message, error_description: description, error } = body as Record<string, unknown>;
    const text = [message, description, error].find((value): value is string => typeof value === 'string' && value !== '');
    const field = text === undefined ? undefined : fieldOf(text);
    return { ...(text !== undefined ? { message: text } : {}), ...(field ? { field } : {}) };
  },
};

/** Cloudbeds reports most failures inside an HTTP 200: `{success:false, message}`. */
export function rejectedContent(response: AxiosResponse): RemoteError | undefined {
  const body: unknown = response.data;
  const requestId = requestIdOf(CLOUDBEDS, response);
  const details = { httpStatus: response.status, ...(requestId ? { requestId } : {}) };
  if (body === null || typeof body !== 'object') return new RemoteError('server', 'Cloudbeds sent an answer that is not JSON', details);
  const success = (body as Record<string, unknown>).success;
  if (success !== false && success !== 'false') return undefined;
  const { message = 'no reason given', field } = CLOUDBEDS.describeError(body);
  return new RemoteError(AUTH_MESSAGE.test(message) ? 'auth' : 'validation', `Cloudbeds refused the request: ${message}`, {
    ...details,
    ...(field ? { field } : {}),
  });
}

/**
 * Signs requests in and keeps secrets out of what leaves the connector. With an API key every
 * request carries `x-api-key`; with OAuth a bearer token is fetched with the refresh token,
 * renewed a minute before it expires and once after a 401, and a rotated refresh token is kept
 * (and handed to `onRefreshToken`).
 */
export function createCloudbedsAuth(http: AxiosInstance, options: CloudbedsConnectorOptions) {
  const { credentials } = options;
  const clock = options.clock ?? systemClock;
  const secrets = new Set<string>();
  const remember = (secret: string) => secret.length >= 4 && secrets.add(secret);
  if (credentials.kind === 'api-key') remember(credentials.apiKey);
  else [credentials.clientSecret, credentials.refreshToken].forEach(remember);
  let refreshToken = credentials.kind === 'oauth' ? credentials.refreshToken : '';

  /** Any remote message may echo what it was sent; none of our secrets may pass through it. */
  function scrub(value: string): string {
    let clean = value;
    for (const secret of secrets) clean = clean.split(secret).join('[redacted]');
    return clean;
  }

  function scrubbed(failure: unknown): RemoteError {
    const error = failure instanceof RemoteError ? failure : new RemoteError('server', failure instanceof Error ? failure.message : String(failure));
    return new RemoteError(error.kind, scrub(error.message), {
      ...(error.retryAfterMs !== undefined ? { retryAfterMs: error.retryAfterMs } : {}),
      ...(error.httpStatus !== undefined ? { httpStatus: error.httpStatus } : {}),
      ...(error.requestId !== undefined ? { requestId: error.requestId } : {}),
      ...(error.field !== undefined ? { field: scrub(error.field) } : {}),
    });
  }

  async function obtain() {
    if (credentials.kind !== 'oauth') throw new Error('obtain() is for OAuth credentials');
    const form = { grant_type: 'refresh_token', client_id: credentials.clientId, client_secret: credentials.clientSecret, refresh_token: refreshToken };
    let answer: Remote<unknown>;
    try {
      answer = await send<unknown>(CLOUDBEDS, () => http.post('/access_token', qs.stringify(form), { headers: FORM_HEADERS }), rejectedContent);
    } catch (failure) {
      // A refused grant (bad client, revoked refresh token) needs a person to sign in again.
      if (failure instanceof RemoteError && failure.kind === 'validation') {
        throw new RemoteError('auth', failure.message.replace('refused the request', 'refused the sign-in'), {
          ...(failure.httpStatus !== undefined ? { httpStatus: failure.httpStatus } : {}),
          ...(failure.requestId !== undefined ? { requestId: failure.requestId } : {}),
        });
      }
      throw failure;
    }
    const token = parseAccessToken(answer.data);
    remember(token.accessToken);
    if (token.refreshToken !== undefined && token.refreshToken !== refreshToken) {
      refreshToken = token.refreshToken;
      remember(refreshToken);
      try {
        await options.onRefreshToken?.(refreshToken);
      } catch {
        // Storing it is the app's concern; this session keeps using the new token regardless.
      }
    }
    return { value: token.accessToken, expiresAt: clock.now() + token.expiresInS * 1000 };
  }

  const session = credentials.kind === 'oauth' ? createTokenSession({ obtain, clock, marginMs: 60_000 }) : null;

  return {
    /** Runs a request with the credentials' headers; every failure leaves as a scrubbed RemoteError. */
    async signed<T>(call: (headers: Record<string, string>) => Promise<T>): Promise<T> {
      try {
        if (credentials.kind === 'api-key') return await call({ 'x-api-key': credentials.apiKey });
        return await session!.withToken((token) => call({ authorization: `Bearer ${token}` }));
      } catch (failure) {
        throw scrubbed(failure);
      }
    },
    scrubbed,
  };
}
