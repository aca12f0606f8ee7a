import { calls, type CallName, type CallOutcome } from '../../shared/contract.js';
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
