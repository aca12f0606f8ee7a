import { createHash, randomBytes } from 'node:crypto';
import { DEMO_CREDENTIALS } from '../demo-credentials.js';
import { json, text, type ApiContext, type SandboxApi, type SandboxRequest, type SandboxResponse } from '../kit.js';
import { createBookingDesk } from './cloudbeds-bookings.js';
import { fail, idList } from './cloudbeds-format.js';
import { hotelDetails } from './cloudbeds-hotel.js';
import { createRateDesk } from './cloudbeds-rates.js';

const BASE_PATH = '/api/v1.3';
/** Published limit: 5 requests per second per property credential (10 for partners). */
export const CLOUDBEDS_LIMIT = { limit: 5, windowMs: 1000 } as const;
/** Access tokens live an hour; refresh tokens until revoked. */
const ACCESS_TOKEN_SECONDS = 3600;
const credentials = DEMO_CREDENTIALS.cloudbeds;

/** A short, stable name for a secret, so window keys and principals never hold the secret itself. */
const fingerprint = (secret: string) => createHash('sha256').update(secret).digest('hex').slice(0, 12);
const newToken = (prefix: string) => `${prefix}${randomBytes(24).toString('base64url')}`;

/**
 * Cloudbeds PMS API v1.3 under `/cloudbeds/api/v1.3`: `x-api-key` or OAuth bearer tokens
 * (`POST /access_token`, refresh_token grant, free of charge), `GET /oauth/metadata`, rates
 * (putRate, getRateJobs, getRatePlans), the hotel's details (getHotelDetails), room types and
 * reservations. Both `/access_token` and `/oauth/metadata` sit below the basePath, as the spec's
 * paths are relative to its server URL `https://api.cloudbeds.com/api/v1.3/`. Content errors come back as HTTP 200 with
 * `{success:false, message}`; bad credentials as 401, limits as 429, faults as 5xx, each with
 * that same body.
 */
export function createCloudbedsApi(context: ApiContext): SandboxApi {
  const hotel = context.hotel;
  const rates = createRateDesk(context, hotel);
  const bookings = createBookingDesk(context, hotel, rates);
  const accessTokens = new Map<string, { clientId: string; expiresAt: number }>();
  // Every refresh token handed out stays valid (with the demo one), so a client that missed the
  // rotation can still sign in.
  const refreshTokens = new Set<string>([credentials.refreshToken]);

  const refuse = (message: string): { ok: false; response: SandboxResponse } => ({ ok: false, response: fail(message, 401) });

  function issueToken(body: Record<string, unknown>): SandboxResponse {
    const grantType = text(body.grant_type);
    if (grantType !== 'refresh_token') return fail(`Unsupported grant_type "${grantType ?? ''}" for grant_type`, 400);
    if (text(body.client_id) !== credentials.clientId || text(body.client_secret) !== credentials.clientSecret) {
      return fail('Invalid client credentials', 401);
    }
    if (!refreshTokens.has(text(body.refresh_token) ?? '')) return fail('Invalid or revoked refresh token', 401);
    const accessToken = newToken('at_');
    const refreshToken = newToken('cbrt_');
    accessTokens.set(accessToken, { clientId: credentials.clientId, expiresAt: context.now() + ACCESS_TOKEN_SECONDS * 1000 });
    refreshTokens.add(refreshToken);
    return json(200, {
      access_token: accessToken,
      token_type: 'Bearer',
      expires_in: ACCESS_TOKEN_SECONDS,
      refresh_token: refreshToken,
      resources: [{ type: 'property', id: String(hotel.propertyId) }],
    });
  }

  /** The property a request names (`propertyID`, `propertyIDs`), when it is not this hotel. */
  function foreignProperty(request: SandboxRequest): string | undefined {
    const source = { ...request.query, ...(request.body && typeof request.body === 'object' ? request.body : {}) } as Record<string, unknown>;
    const named = [...idList(source.propertyID), ...idList(source.propertyIDs)];
    return named.find((id) => id !== String(hotel.propertyId));
  }

  function route(request: SandboxRequest, principal: string, method: string): SandboxResponse {
    switch (`${request.method} ${method}`) {
      case 'POST putRate':
        return rates.putRate(request, principal);
      case 'GET getRateJobs':
        return rates.getRateJobs(request, principal);
      case 'GET getRatePlans':
        return rates.getRatePlans(request);
      case 'GET getHotelDetails':
        return hotelDetails(hotel);
      case 'GET getRoomTypes':
        return bookings.getRoomTypes(request);
      case 'GET getReservations':
        return bookings.getReservations(request);
      case 'POST postReservation':
        return bookings.postReservation(request);
      case 'PUT putReservation':
        return bookings.putReservation(request);
      case 'GET oauth/metadata': {
        const host = text(request.headers.host) ?? '127.0.0.1';
        // The spec types `success` as a string here (unlike every other method).
        return json(200, { success: 'true', data: { api: { url: `http://${host}/cloudbeds` } } });
      }
      default:
        return fail(`Method ${request.method} /${method} is not available`, 404);
    }
  }

  return {
    name: 'cloudbeds',
    basePath: BASE_PATH,
    requestIdHeader: 'x-request-id',

    authenticate(request, revoked) {
      if (revoked) return refuse('Access to this property has been revoked for this client');
      if (request.path === `${BASE_PATH}/access_token`) return { ok: true, principal: 'token-endpoint' };
      const apiKey = text(request.headers['x-api-key']);
      const bearer = /^Bearer\s+(\S+)$/i.exec(text(request.headers.authorization) ?? '')?.[1];
      if (apiKey !== undefined) return apiKey === credentials.apiKey ? { ok: true, principal: `api-key:${fingerprint(apiKey)}` } : refuse('Invalid API key');
      if (bearer === undefined) return refuse('Authentication required: send an x-api-key header or a bearer access token');
      // API keys may also be sent as a bearer token.
      if (bearer === credentials.apiKey) return { ok: true, principal: `api-key:${fingerprint(bearer)}` };
      const token = accessTokens.get(bearer);
      if (!token || token.expiresAt <= context.now()) return refuse('Invalid or expired access token');
      return { ok: true, principal: `client:${token.clientId}` };
    },

    chargeFor(request, principal) {
      if (request.path === `${BASE_PATH}/access_token`) return null;
      return { key: principal, ...CLOUDBEDS_LIMIT, cost: 1 };
    },

    errorResponse(status, message) {
      // Rejected values are content errors, which Cloudbeds reports inside an HTTP 200.
      return fail(message, status === 400 ? 200 : status);
    },

    handle(request, principal) {
      if (!request.path.startsWith(`${BASE_PATH}/`)) return fail(`No Cloudbeds API at ${request.path}`, 404);
      const method = request.path.slice(BASE_PATH.length + 1);
      if (method === 'access_token') {
        if (request.method !== 'POST') return fail(`Method ${request.method} /access_token is not available`, 404);
        return issueToken((request.body && typeof request.body === 'object' ? request.body : {}) as Record<string, unknown>);
      }
      const foreign = foreignProperty(request);
      if (foreign !== undefined) return fail(`You don't have permission to access property ${foreign}`);
      return route(request, principal, method);
    },

    expireTokens() {
      accessTokens.clear();
    },
  };
}
