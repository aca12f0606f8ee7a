import type { IpcRenderer, IpcRendererEvent } from 'electron';
import { ipcCallChannel, ipcEventChannel, type SentinelBridge } from '../shared/bridge.js';
import { CALL_NAMES, EVENT_NAMES } from '../shared/contract.js';

/** The three ipcRenderer methods the bridge uses; tests pass a recording fake. */
export type BridgeIpc = Pick<IpcRenderer, 'invoke' | 'on' | 'removeListener'>;

/** Builds `{ [name]: make(name) }` for a list of names, keeping the names in the key type. */
function byName<K extends string, V>(names: readonly K[], make: (name: K) => V): Record<K, V> {
  return Object.fromEntries(names.map((name) => [name, make(name)])) as Record<K, V>;
}

/**
 * The object the preload exposes as `window.sentinel`: one function per contract call and one
 * subscription per contract event, generated from CALL_NAMES / EVENT_NAMES so nothing is
 * hand-listed. Raw ipcRenderer never reaches the page, and listeners receive only the payload,
 * never the IpcRendererEvent (whose `sender` would hand the page ipcRenderer itself).
 */
export function createBridge(ipc: BridgeIpc): SentinelBridge {
  const calls = byName(CALL_NAMES, (name) => (args: unknown) => ipc.invoke(ipcCallChannel(name), args));

  // `never`: each event's payload type comes from the contract through SentinelBridge below;
  // at runtime it is whatever main sent on that event's channel.
  const events = byName(EVENT_NAMES, (name) => (listener: (payload: never) => void) => {
    const channel = ipcEventChannel(name);
    const onMessage = (_event: IpcRendererEvent, payload: unknown): void => listener(payload as never);
    ipc.on(channel, onMessage);
    return (): void => {
      ipc.removeListener(channel, onMessage);
    };
  });

  return { calls, events } satisfies SentinelBridge;
}
