import { randomBytes } from 'node:crypto';
import { DEMO_CREDENTIALS } from '../demo-credentials.js';
import { isoDate, json, text, type ApiContext, type SandboxApi, type SandboxRequest } from '../kit.js';
import { scheduleResult, usersResult } from './maidcentral-schedule.js';

/** MaidCentral publishes no limit; the sandbox holds each API user to 2 requests per second. */
export const MAIDCENTRAL_LIMIT = { limit: 2, windowMs: 1000 } as const;
/** How long an access token lives, in seconds (the `expires_in` of `/token`). */
export const MAIDCENTRAL_TOKEN_SECONDS = 3600;

const DENIED = 'Authorization has been denied for this request.';

/** MaidCentral's envelope: `IsSuccess:false` carries the reason in `Message`. */
const envelope = (status: number, result: unknown, message = '') =>
  json(status, { IsSuccess: status < 400 && result !== null, Message: message, Result: result });
const failed = (status: number, message: string) => envelope(status, null, message);
/** The OAuth token endpoint's own error shape. */
const grantError = (error: string, description: string) => json(400, { error, error_description: description });

/**
 * MaidCentral API v2 (housekeeping schedule), under `/maidcentral`: `POST /token` with the
 * password grant, then bearer tokens for `GET /api/dr-schedule/users` and
 * `GET /api/dr-schedule?startDate=D&endDate=D` (one day per call), built from the seeded hotel.
 */
export function createMaidCentralApi(context: ApiContext): SandboxApi {
  const tokens = new Map<string, { username: string; expiresAt: number }>();

  function issueToken(request: SandboxRequest) {
    const form = (request.body ?? {}) as Record<string, unknown>;
    if (text(form.grant_type) !== 'password') return grantError('unsupported_grant_type', 'The grant type must be "password".');
    const { username, password } = DEMO_CREDENTIALS.maidcentral;
    if (text(form.username) !== username || text(form.password) !== password) {
      return grantError('invalid_grant', 'The user name or password is incorrect.');
    }
    const accessToken = randomBytes(24).toString('base64url');
    const issuedAt = context.now();
    const expiresAt = issuedAt + MAIDCENTRAL_TOKEN_SECONDS * 1000;
    tokens.set(accessToken, { username, expiresAt });
    return json(200, {
      access_token: accessToken,
      token_type: 'bearer',
      expires_in: MAIDCENTRAL_TOKEN_SECONDS,
      userName: username,
      '.issued': new Date(issuedAt).toUTCString(),
      '.expires': new Date(expiresAt).toUTCString(),
    });
  }

  function schedule(request: SandboxRequest) {
    const { startDate, endDate } = request.query;
    if (startDate === undefined || endDate === undefined) return failed(400, 'startDate and endDate are required.');
    const start = isoDate(startDate);
    const end = isoDate(endDate);
    if (!start) return failed(400, `The value '${text(startDate) ?? ''}' is not valid for startDate.`);
    if (!end) return failed(400, `The value '${text(endDate) ?? ''}' is not valid for endDate.`);
    // MaidCentral answers this one inside a 200: the request was fine, the range is not.
    if (start !== end) return failed(200, 'startDate and endDate must be the same date.');
    return envelope(200, scheduleResult(context.hotel, start));
  }

  return {
    name: 'maidcentral',
    basePath: '',
    requestIdHeader: 'x-request-id',
    authenticate(request, revoked) {
      if (request.path === '/token') {
        // The token endpoint checks the password itself; a revoked user cannot sign in.
        return revoked ? { ok: false, response: grantError('invalid_grant', 'The user account is disabled.') } : { ok: true, principal: 'anonymous' };
      }
      const header = request.headers.authorization ?? '';
      const token = /^Bearer (.+)$/i.exec(header)?.[1];
      const session = token === undefined ? undefined : tokens.get(token);
      if (revoked || !session || session.expiresAt <= context.now()) return { ok: false, response: json(401, { Message: DENIED }) };
      return { ok: true, principal: session.username };
    },
    chargeFor: (request, principal) => (request.path === '/token' ? null : { key: principal, ...MAIDCENTRAL_LIMIT, cost: 1 }),
    errorResponse: (status, message) => (status === 401 ? json(401, { Message: DENIED }) : failed(status, message)),
    handle(request) {
      const route = `${request.method} ${request.path}`;
      switch (route) {
        case 'POST /token':
          return issueToken(request);
        case 'GET /api/dr-schedule/users':
          return envelope(200, usersResult(context.hotel));
        case 'GET /api/dr-schedule':
          return schedule(request);
        default:
          return json(404, { Message: `No HTTP resource was found that matches the request URI '${request.path}'.` });
      }
    },
    expireTokens() {
      tokens.clear();
    },
  };
}
