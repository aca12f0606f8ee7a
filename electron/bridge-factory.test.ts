import { describe, expect, it, vi } from 'vitest';
import { ipcCallChannel, ipcEventChannel } from '../shared/bridge.js';
import { CALL_NAMES, EVENT_NAMES, type JobSummary } from '../shared/contract.js';
import { createBridge, type BridgeIpc } from './bridge-factory.js';

type IpcListener = (event: unknown, ...args: unknown[]) => void;

/** A recording stand-in for ipcRenderer: invoke answers with the channel and arguments it got. */
function fakeIpcRenderer() {
  const listeners = new Map<string, Set<IpcListener>>();
  const ipc = {
    invoke: vi.fn(async (channel: string, ...args: unknown[]) => ({ ok: true, data: { channel, args } })),
    on: vi.fn((channel: string, listener: IpcListener) => {
      const set = listeners.get(channel) ?? new Set();
      listeners.set(channel, set.add(listener));
      return ipc;
    }),
    removeListener: vi.fn((channel: string, listener: IpcListener) => {
      listeners.get(channel)?.delete(listener);
      return ipc;
    }),
    /** What main's webContents.send would do: an IpcRendererEvent first, then the payload. */
    emit(channel: string, payload: unknown) {
      const event = { sender: 'the ipcRenderer itself', senderId: 0 };
      for (const listener of listeners.get(channel) ?? []) listener(event, payload);
    },
    count: (channel: string) => listeners.get(channel)?.size ?? 0,
  };
  return ipc;
}

describe('createBridge', () => {
  it('exposes one function per contract call and one per contract event, and nothing else', () => {
    const bridge = createBridge(fakeIpcRenderer() as unknown as BridgeIpc);
    expect(Object.keys(bridge)).toEqual(['calls', 'events']);
    expect(Object.keys(bridge.calls)).toEqual(CALL_NAMES);
    expect(Object.keys(bridge.events)).toEqual(EVENT_NAMES);
    for (const fn of [...Object.values(bridge.calls), ...Object.values(bridge.events)]) expect(typeof fn).toBe('function');
  });

  it("sends each call on its own channel with the caller's arguments and returns main's answer", async () => {
    const ipc = fakeIpcRenderer();
    const bridge = createBridge(ipc as unknown as BridgeIpc);

    const outcome = await bridge.calls['jobs/retry']({ id: 7 });
    expect(ipc.invoke).toHaveBeenCalledWith(ipcCallChannel('jobs/retry'), { id: 7 });
    expect(outcome).toEqual({ ok: true, data: { channel: 'sentinel:call:jobs/retry', args: [{ id: 7 }] } });

    for (const name of CALL_NAMES) await (bridge.calls[name] as (args: unknown) => Promise<unknown>)({});
    expect(ipc.invoke.mock.calls.slice(1).map(([channel]) => channel)).toEqual(CALL_NAMES.map(ipcCallChannel));
  });

  it('hands event listeners only the payload, never the IpcRendererEvent', () => {
    const ipc = fakeIpcRenderer();
    const bridge = createBridge(ipc as unknown as BridgeIpc);
    const listener = vi.fn();
    bridge.events['job/changed'](listener);

    const payload = { id: 1, status: 'done' } as JobSummary;
    ipc.emit(ipcEventChannel('job/changed'), payload);
    expect(listener).toHaveBeenCalledTimes(1);
    expect(listener.mock.calls[0]).toEqual([payload]);

    ipc.emit(ipcEventChannel('sync/changed'), { paused: true, lanes: [] });
    expect(listener).toHaveBeenCalledTimes(1);
  });

  it('returns an unsubscribe that removes exactly the listener it added', () => {
    const ipc = fakeIpcRenderer();
    const bridge = createBridge(ipc as unknown as BridgeIpc);
    const first = vi.fn();
    const second = vi.fn();
    const unsubscribeFirst = bridge.events['sync/changed'](first);
    bridge.events['sync/changed'](second);
    expect(ipc.count(ipcEventChannel('sync/changed'))).toBe(2);

    unsubscribeFirst();
    ipc.emit(ipcEventChannel('sync/changed'), { paused: false, lanes: [] });
    expect(first).not.toHaveBeenCalled();
    expect(second).toHaveBeenCalledTimes(1);
    expect(ipc.count(ipcEventChannel('sync/changed'))).toBe(1);
  });
});
