import type { CallArgs, CallName, CallOutcome, EventName, EventPayload } from './contract.js';

/**
 * What the Electron preload exposes as `window.sentinel`: one function per call and one
 * subscription per event, generated from the contract maps (never raw ipcRenderer).
 */
export interface SentinelBridge {
  calls: { [K in CallName]: (args: CallArgs<K>) => Promise<CallOutcome<K>> };
  events: { [E in EventName]: (listener: (payload: EventPayload<E>) => void) => () => void };
}

/** IPC channel of a call: `sentinel:call:jobs/list`. */
export const ipcCallChannel = (name: CallName): string => `sentinel:call:${name}`;
/** IPC channel of a pushed event: `sentinel:event:job/changed`. */
export const ipcEventChannel = (name: EventName): string => `sentinel:event:${name}`;
