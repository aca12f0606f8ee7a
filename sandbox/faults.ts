import { z } from 'zod';
import { API_NAMES, type ApiName } from './kit.js';

/** Faults one simulated API is told to show; set through `PUT /__sandbox/faults/<api>`. */
export const faultSettingsSchema = z
  .object({
    /** Share of requests answered with a 5xx (0–1). */
    errorRate: z.number().min(0).max(1),
    /** Added to every answer, in ms. */
    latencyMs: z.number().int().min(0).max(120_000),
    /** The next `count` requests get a 429 with this Retry-After. */
    burst429: z.strictObject({ count: z.number().int().min(0).max(100_000), retryAfterSeconds: z.number().int().min(0).max(3600) }),
    /**
     * The next `count` requests (whose path and query string hold `pathContains`, when set) get
     * a 503: `{count: 100, pathContains: 'startDate=2026-11-25'}` fails one MaidCentral day.
     */
    burst5xx: z.strictObject({ count: z.number().int().min(0).max(100_000), pathContains: z.string().min(1).max(200).nullable() }),
    /** Connections are dropped without an answer, as if the host were down. */
    outage: z.boolean(),
    /** Every credential is refused (401) until this is cleared. */
    authRevoked: z.boolean(),
    /** Requests whose body or query holds any of these values are rejected as invalid (400). */
    rejectValues: z.array(z.string().min(1).max(200)).max(100),
  })
  .strict();

export type FaultSettings = z.infer<typeof faultSettingsSchema>;
export const faultPatchSchema = faultSettingsSchema.partial().strict();

export const NO_FAULTS: FaultSettings = {
  errorRate: 0,
  latencyMs: 0,
  burst429: { count: 0, retryAfterSeconds: 1 },
  burst5xx: { count: 0, pathContains: null },
  outage: false,
  authRevoked: false,
  rejectValues: [],
};

/** A rate-limit override for tests that cannot wait minutes (`PUT /__sandbox/limits/<api>`). */
export const limitOverrideSchema = z.strictObject({
  limit: z.number().int().min(1).max(1_000_000),
  windowMs: z.number().int().min(1).max(3_600_000),
});
export type LimitOverride = z.infer<typeof limitOverrideSchema>;

export function createFaults() {
  let settings = Object.fromEntries(API_NAMES.map((name) => [name, structuredClone(NO_FAULTS)])) as Record<ApiName, FaultSettings>;
  return {
    get(api: ApiName): FaultSettings {
      return settings[api];
    },
    patch(api: ApiName, patch: Partial<FaultSettings>): FaultSettings {
      settings[api] = { ...settings[api], ...patch };
      return settings[api];
    },
    /** Takes one 429 from the burst, when one is left. */
    takeBurst429(api: ApiName): number | null {
      const burst = settings[api].burst429;
      if (burst.count <= 0) return null;
      burst.count -= 1;
      return burst.retryAfterSeconds;
    },
    /** Takes one 503 from the burst for a request to `target` (path and query string), when one is left for it. */
    takeBurst5xx(api: ApiName, target: string): boolean {
      const burst = settings[api].burst5xx;
      if (burst.count <= 0 || (burst.pathContains !== null && !target.includes(burst.pathContains))) return false;
      burst.count -= 1;
      return true;
    },
    all(): Record<ApiName, FaultSettings> {
      return structuredClone(settings);
    },
    reset(): void {
      settings = Object.fromEntries(API_NAMES.map((name) => [name, structuredClone(NO_FAULTS)])) as Record<ApiName, FaultSettings>;
    },
  };
}

export type Faults = ReturnType<typeof createFaults>;
