import type { ErrorKind } from '../../shared/contract.js';

export interface RemoteErrorDetails {
  /** How long the remote system asked us to wait, when it said. */
  retryAfterMs?: number;
  httpStatus?: number;
  /** The remote system's request id, kept for the attempt history. */
  requestId?: string;
  /** The field the remote system rejected, when it named one. */
  field?: string;
}

/**
 * A failed remote call, as every connector reports it. The kind alone decides what the queue
 * does next (see `outcome-policy.ts`); the message is shown to people, so it never holds secrets.
 */
export class RemoteError extends Error {
  readonly kind: ErrorKind;
  readonly retryAfterMs: number | undefined;
  readonly httpStatus: number | undefined;
  readonly requestId: string | undefined;
  readonly field: string | undefined;

  constructor(kind: ErrorKind, message: string, details: RemoteErrorDetails = {}) {
    super(message);
    this.name = 'RemoteError';
    this.kind = kind;
    this.retryAfterMs = details.retryAfterMs;
    this.httpStatus = details.httpStatus;
    this.requestId = details.requestId;
    this.field = details.field;
  }
}

/**
 * Every value a job handler throws passes through here. Anything that is not a RemoteError is
 * a fault of ours (a bug, a bad payload): it is retried like a server error so it ends up
 * visible in Failed rather than lost.
 */
export function coerceError(value: unknown): RemoteError {
  if (value instanceof RemoteError) return value;
  if (value instanceof Error) return new RemoteError('server', value.message || value.name);
  return new RemoteError('server', typeof value === 'string' ? value : `Unexpected failure: ${String(value)}`);
}
