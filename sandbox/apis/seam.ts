import { DEMO_CREDENTIALS } from '../demo-credentials.js';
import { json, type ApiContext, type LimitCharge, type SandboxApi, type SandboxRequest } from '../kit.js';
import { createAccessCodes } from './seam-access-codes.js';
import { deviceView, invalidInput, isUuid, seamError, typeOfStatus } from './seam-shapes.js';
import { staysListingId } from './stays-ids.js';

/** Seam's published per-device limits on access-code writes (HTTP 429 past them). */
export const SEAM_LIMITS = {
  create: { limit: 10, windowMs: 60_000 },
  update: { limit: 10, windowMs: 60_000 },
  delete: { limit: 20, windowMs: 60_000 },
} as const;

const WRITES: Record<string, keyof typeof SEAM_LIMITS> = {
  '/access_codes/create': 'create',
  '/access_codes/update': 'update',
  '/access_codes/delete': 'delete',
};

/** A request's parameters: the JSON body for POSTs, the query for GETs (as Seam allows both). */
function paramsOf(request: SandboxRequest): Record<string, unknown> {
  const source = request.method === 'GET' || request.method === 'DELETE' ? request.query : request.body;
  return source !== null && typeof source === 'object' && !Array.isArray(source) ? (source as Record<string, unknown>) : {};
}

/**
 * Seam Connect (smart-lock access codes), under `/seam`: bearer API key; one lock per room of
 * the seeded hotel; `POST /devices/list|get`, `/access_codes/create|get|list|update|delete` and
 * `/action_attempts/get`, with the spec's shapes. Codes are programmed asynchronously (`setting`
 * → `set`). Writes are limited per device, each action with its own window.
 */
export function createSeamApi(context: ApiContext): SandboxApi {
  const expected = `Bearer ${DEMO_CREDENTIALS.seam.apiKey}`;
  const deviceCreatedAt = new Date(Date.parse(`${context.hotel.today}T00:00:00Z`) - 180 * 86_400_000).toISOString();
  const lockOf = (deviceId: unknown) => context.hotel.locks.find((lock) => lock.deviceId === deviceId);
  const accessCodes = createAccessCodes(context, (deviceId) => lockOf(deviceId) !== undefined);
  const listingOf = (roomId: string) => {
    const room = context.hotel.rooms.find((candidate) => candidate.id === roomId);
    return room ? staysListingId(room.number) : undefined;
  };
  const view = (lock: (typeof context.hotel.locks)[number]) => deviceView(lock, deviceCreatedAt, listingOf(lock.roomId));

  function devices(params: Record<string, unknown>) {
    const ids = Array.isArray(params.device_ids) ? params.device_ids : undefined;
    const found = context.hotel.locks.filter((lock) => !ids || ids.includes(lock.deviceId));
    return json(200, {
      devices: found.map(view),
      pagination: { has_next_page: false, next_page_cursor: null, next_page_url: null },
      ok: true,
    });
  }

  function device(params: Record<string, unknown>) {
    if (!isUuid(params.device_id)) return invalidInput('device_id must be a UUID', 'device_id');
    const lock = lockOf(params.device_id);
    return lock ? json(200, { device: view(lock), ok: true }) : seamError(404, 'device_not_found', 'Device not found');
  }

  return {
    name: 'seam',
    basePath: '',
    requestIdHeader: 'seam-request-id',
    authenticate(request, revoked) {
      if (!revoked && request.headers.authorization === expected) return { ok: true, principal: 'workspace' };
      return { ok: false, response: seamError(401, 'unauthorized', 'Unauthorized') };
    },
    /** Access-code writes spend from `<action>:<device>` windows; reads are not limited here. */
    chargeFor(request): LimitCharge | null {
      const action = WRITES[request.path];
      if (!action) return null;
      const params = paramsOf(request);
      const deviceId = typeof params.device_id === 'string' ? params.device_id : (accessCodes.deviceOf(params.access_code_id) ?? 'unknown');
      return { key: `${action}:${deviceId}`, ...SEAM_LIMITS[action], cost: 1 };
    },
    /** `GET /__sandbox/state/seam`: the codes on each lock now, with their validity (PINs left out). */
    state: () => ({ accessCodes: accessCodes.all() }),
    errorResponse: (status, message, field) => seamError(status, typeOfStatus(status), message, status === 400 ? field : undefined),
    handle(request) {
      const params = paramsOf(request);
      if (request.method === 'POST' && request.body !== undefined && params !== request.body) {
        return invalidInput('The request body must be a JSON object');
      }
      switch (request.path) {
        case '/devices/list':
          return devices(params);
        case '/devices/get':
          return device(params);
        case '/access_codes/create':
          return accessCodes.create(params);
        case '/access_codes/get':
          return accessCodes.get(params);
        case '/access_codes/list':
          return accessCodes.list(params);
        case '/access_codes/update':
          return accessCodes.update(params);
        case '/access_codes/delete':
          return accessCodes.delete(params);
        case '/action_attempts/get':
          return accessCodes.getActionAttempt(params);
        default:
          return seamError(404, 'not_found', `No route for ${request.method} ${request.path}`);
      }
    },
  };
}
