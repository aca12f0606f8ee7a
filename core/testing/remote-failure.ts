import { RemoteError } from '../queue/remote-error.js';

/**
 * The RemoteError a call fails with. Throws (failing the test) when the call succeeds or fails
 * with anything that is not a RemoteError.
 */
export async function failureOf(promise: Promise<unknown>): Promise<RemoteError> {
  let value: unknown;
  try {
    value = await promise;
  } catch (error) {
    if (error instanceof RemoteError) return error;
    throw new Error(`Expected the call to fail with a RemoteError, but it failed with ${describe(error)}`, { cause: error });
  }
  throw new Error(`Expected the call to fail with a RemoteError, but it succeeded with ${describe(value)}`);
}

function describe(value: unknown): string {
  if (value instanceof Error) return `${value.name}: ${value.message}`;
  let text: string | undefined;
  try {
    text = JSON.stringify(value);
  } catch {
    // Cycles and BigInts: fall back to String below.
  }
  return (text ?? String(value)).slice(0, 300);
}
