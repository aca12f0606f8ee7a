import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createCore, type Core } from '../core/core.js';
import { silentLogger } from '../core/logger.js';
import { ipcCallChannel, ipcEventChannel } from '../shared/bridge.js';
import { CALL_NAMES, EVENT_NAMES, type EventName } from '../shared/contract.js';
import { forwardEvents, isTrustedSender, registerContractHandlers, type Invoke } from './ipc.js';

type Handler = (event: { senderFrame: { url: string } | null }, ...args: unknown[]) => Promise<unknown>;

/** A recording stand-in for Electron's ipcMain. */
function fakeIpcMain() {
  const handlers = new Map<string, Handler>();
  return {
    handlers,
    handle: vi.fn((channel: string, handler: Handler) => {
      if (handlers.has(channel)) throw new Error(`second handler for ${channel}`);
      handlers.set(channel, handler);
    }),
    removeHandler: vi.fn((channel: string) => handlers.delete(channel)),
  };
}

const rendererDir = join(tmpdir(), 'sentinel-app', 'dist', 'renderer');
const trusted = { rendererDir, devOrigin: 'http://localhost:5173' };
const ourPage = pathToFileURL(join(rendererDir, 'index.html')).href;
const fromPage = (url: string) => ({ senderFrame: { url } });

describe('isTrustedSender', () => {
  it('trusts file pages inside the renderer folder and the dev server origin, nothing else', () => {
    expect(isTrustedSender(ourPage, trusted)).toBe(true);
    expect(isTrustedSender(pathToFileURL(join(rendererDir, 'nested', 'page.html')).href, trusted)).toBe(true);
    expect(isTrustedSender('http://localhost:5173/index.html', trusted)).toBe(true);

    expect(isTrustedSender('https://evil.example/', trusted)).toBe(false);
    expect(isTrustedSender('http://localhost:5174/', trusted)).toBe(false);
    expect(isTrustedSender('https://localhost:5173/', trusted)).toBe(false);
    expect(isTrustedSender(pathToFileURL(join(rendererDir, '..', 'other.html')).href, trusted)).toBe(false);
    expect(isTrustedSender(`${pathToFileURL(rendererDir).href}/../../secret.html`, trusted)).toBe(false);
    expect(isTrustedSender(pathToFileURL(rendererDir).href, trusted)).toBe(false);
    expect(isTrustedSender('file://evil-host/share/index.html', trusted)).toBe(false);
    expect(isTrustedSender('about:blank', trusted)).toBe(false);
    expect(isTrustedSender('', trusted)).toBe(false);
  });

  it('trusts no http page at all when there is no dev server', () => {
    expect(isTrustedSender('http://localhost:5173/', { rendererDir })).toBe(false);
    expect(isTrustedSender(ourPage, { rendererDir })).toBe(true);
  });
});

describe('registerContractHandlers', () => {
  let core: Core | undefined;
  let dataDir: string | undefined;

  afterEach(async () => {
    vi.restoreAllMocks();
    await core?.stop();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
    core = undefined;
    dataDir = undefined;
  });

  it('registers exactly one handler per contract call, and removes them all', () => {
    const ipcMain = fakeIpcMain();
    const remove = registerContractHandlers(ipcMain, vi.fn<Invoke>(), () => true);
    expect([...ipcMain.handlers.keys()].sort()).toEqual(CALL_NAMES.map(ipcCallChannel).sort());
    expect(ipcMain.handle).toHaveBeenCalledTimes(CALL_NAMES.length);

    remove();
    expect(ipcMain.handlers.size).toBe(0);
  });

  it('answers an untrusted sender with unauthorized and never calls the core', async () => {
    const ipcMain = fakeIpcMain();
    const invoke = vi.fn<Invoke>();
    registerContractHandlers(ipcMain, invoke, (url) => isTrustedSender(url, trusted));

    for (const event of [fromPage('https://evil.example/'), { senderFrame: null }]) {
      const outcome = await ipcMain.handlers.get(ipcCallChannel('jobs/list'))!(event, {});
      expect(outcome).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    }
    expect(invoke).not.toHaveBeenCalled();
  });

  it("passes a trusted sender's call to the core and returns its envelope, errors included", async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'sentinel-ipc-'));
    core = createCore({ dataDir, logger: silentLogger });
    const ipcMain = fakeIpcMain();
    registerContractHandlers(ipcMain, core.invoke, (url) => isTrustedSender(url, trusted));

    const bad = await ipcMain.handlers.get(ipcCallChannel('jobs/get'))!(fromPage(ourPage), { id: 'seven' });
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid_argument', field: 'id' } });

    const listed = await ipcMain.handlers.get(ipcCallChannel('jobs/list'))!(fromPage(ourPage), {});
    expect(listed).toEqual({ ok: true, data: { items: [], nextCursor: null } });
  });

  it('still answers with an envelope if invoke ever throws', async () => {
    const ipcMain = fakeIpcMain();
    const invoke = vi.fn<Invoke>(async () => {
      throw new Error('boom');
    });
    vi.spyOn(console, 'error').mockImplementation(() => {});
    registerContractHandlers(ipcMain, invoke, () => true);
    await expect(ipcMain.handlers.get(ipcCallChannel('sync/status'))!(fromPage(ourPage), {})).resolves.toMatchObject({
      ok: false,
      error: { code: 'internal' },
    });
    expect(invoke).toHaveBeenCalledWith('sync/status', {});
  });
});

describe('forwardEvents', () => {
  /** A minimal event source with the core's `events.on` shape. */
  function fakeEvents() {
    const listeners = new Map<string, Set<(payload: unknown) => void>>();
    return {
      listeners,
      on(name: EventName, listener: (payload: unknown) => void) {
        const set = listeners.get(name) ?? new Set();
        listeners.set(name, set.add(listener));
        return () => set.delete(listener);
      },
      emit(name: EventName, payload: unknown) {
        for (const listener of listeners.get(name) ?? []) listener(payload);
      },
      count: () => [...listeners.values()].reduce((sum, set) => sum + set.size, 0),
    };
  }

  function fakeWebContents() {
    const once = new Map<string, () => void>();
    return {
      destroyed: false,
      send: vi.fn(),
      isDestroyed() {
        return this.destroyed;
      },
      once: vi.fn((name: string, listener: () => void) => once.set(name, listener)),
      removeListener: vi.fn((name: string) => once.delete(name)),
      destroy() {
        this.destroyed = true;
        once.get('destroyed')?.();
      },
    };
  }

  it('sends every contract event on its channel with only the payload', () => {
    const events = fakeEvents();
    const contents = fakeWebContents();
    forwardEvents(events, contents as never);
    expect(events.count()).toBe(EVENT_NAMES.length);

    for (const name of EVENT_NAMES) events.emit(name, { name });
    expect(contents.send.mock.calls).toEqual(EVENT_NAMES.map((name) => [ipcEventChannel(name), { name }]));
  });

  it('stops when the webContents is destroyed, or when unsubscribed', () => {
    const events = fakeEvents();
    const first = fakeWebContents();
    forwardEvents(events, first as never);
    first.destroy();
    expect(events.count()).toBe(0);
    events.emit('job/changed', {});
    expect(first.send).not.toHaveBeenCalled();

    const second = fakeWebContents();
    const unsubscribe = forwardEvents(events, second as never);
    unsubscribe();
    expect(events.count()).toBe(0);
    expect(second.removeListener).toHaveBeenCalledWith('destroyed', expect.any(Function));
  });
});
