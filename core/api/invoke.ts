import type { z } from 'zod';
import { calls, type ApiError, type CallName, type CallOutcome, type CallResult, type ValidCallArgs } from '../../shared/contract.js';
import { itsLog, type Logger } from '../logger.js';
import { STORAGE_TROUBLE_TEXT, storageTrouble } from '../store/storage-trouble.js';
import { CallError } from './call-error.js';

/** The core's implementation of every call in the contract. */
export type Handlers = { [K in CallName]: (args: ValidCallArgs<K>) => CallResult<K> | Promise<CallResult<K>> };

/** A field name quoted back is cut here: a caller may send a megabyte-long key. */
const MAX_QUOTED_KEY = 64;

const quoted = (key: string) => (key.length > MAX_QUOTED_KEY ? `${key.slice(0, MAX_QUOTED_KEY)}…` : key);

/** Turns the first schema issue into an error that names the field and the rule. */
export function describeIssue(error: z.ZodError): ApiError {
  const issue = error.issues[0]!;
  const path = issue.path.map((part) => quoted(String(part)));
  if (issue.code === 'unrecognized_keys') path.push(quoted(issue.keys[0]!));
  const field = path.join('.');
  const rule = issue.code === 'unrecognized_keys' ? 'is not a known field' : issue.message;
  return field
    ? { code: 'invalid_argument', message: `${field}: ${rule}`, field }
    : { code: 'invalid_argument', message: rule };
}

export function isCallName(name: string): name is CallName {
  return Object.hasOwn(calls, name);
}

/**
 * The one boundary every host goes through: validates the arguments against the contract,
 * runs the handler, and turns every outcome into plain data. A write refused by the disk is
 * also told to `storageFailed`.
 */
export function createInvoker(handlers: Handlers, logger: Logger, hooks: { storageFailed?: (error: unknown) => void } = {}) {
  return async function invoke(name: string, rawArgs: unknown): Promise<CallOutcome<CallName>> {
    if (!isCallName(name)) return { ok: false, error: { code: 'unknown_call', message: `There is no call named "${name}"` } };
    // No arguments at all (an empty HTTP body, an IPC call without one) means {}; anything
    // else, null included, is checked as it came: a `null` body is not "no arguments".
    const parsed = calls[name].args.safeParse(rawArgs === undefined ? {} : rawArgs);
    if (!parsed.success) return { ok: false, error: describeIssue(parsed.error) };
    try {
      const handler = handlers[name] as (args: unknown) => unknown;
      return { ok: true, data: (await handler(parsed.data)) as CallResult<CallName> };
    } catch (error) {
      if (error instanceof CallError) return { ok: false, error: error.toApiError() };
      const trouble = storageTrouble(error);
      if (trouble) {
        // The write was one transaction and rolled back: nothing of the call was kept.
        logger.warn('call refused: the database cannot be written', { call: name, error: error instanceof Error ? error.message : String(error) });
        // The header and sync must know too, not just this caller.
        hooks.storageFailed?.(error);
        return { ok: false, error: { code: 'storage_full', message: `${STORAGE_TROUBLE_TEXT[trouble]}. Nothing was changed; try again then.` } };
      }
      logger.error('call failed', { call: name, error: error instanceof Error ? error.stack : String(error) });
      return { ok: false, error: { code: 'internal', message: `Something went wrong inside the app; the details are in ${itsLog(logger)}.` } };
    }
  };
}

export type Invoke = ReturnType<typeof createInvoker>;
