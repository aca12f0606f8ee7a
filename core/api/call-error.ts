import type { ApiError, ApiErrorCode } from '../../shared/contract.js';

/** A handler's refusal, carried to the caller as `{ code, message, field? }`. */
export class CallError extends Error {
  constructor(
    readonly code: ApiErrorCode,
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'CallError';
  }

  toApiError(): ApiError {
    return this.field === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, field: this.field };
  }
}

export const notFound = (what: string, id: number | string, field = 'id') =>
  new CallError('not_found', `${what} ${id} does not exist`, field);
