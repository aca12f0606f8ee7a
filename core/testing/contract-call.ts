import { calls, type CallName, type CallOutcome, type CallResult } from '../../shared/contract.js';
import type { Core } from '../core.js';

/**
 * Calls through the core's boundary, as a host would, and checks a successful result against
 * the contract's own schema, so a handler cannot drift from what the renderer is promised.
 */
export async function callChecked<K extends CallName>(core: Pick<Core, 'invoke'>, name: K, args: unknown): Promise<CallOutcome<K>> {
  const outcome = (await core.invoke(name, args)) as CallOutcome<K>;
  if (outcome.ok) calls[name].result.parse(outcome.data);
  return outcome;
}

/** A call that must succeed: its checked result, or an error naming the call and the refusal. */
export async function okChecked<K extends CallName>(core: Pick<Core, 'invoke'>, name: K, args: unknown): Promise<CallResult<K>> {
  const outcome = await callChecked(core, name, args);
  if (!outcome.ok) throw new Error(`${name} refused: ${JSON.stringify(outcome.error)}`);
  return outcome.data;
}
