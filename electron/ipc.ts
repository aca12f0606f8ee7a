import { relative, isAbsolute } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { IpcMain, IpcMainInvokeEvent, WebContents } from 'electron';
import { ipcCallChannel, ipcEventChannel } from '../shared/bridge.js';
import {
  CALL_NAMES,
  EVENT_NAMES,
  type CallName,
  type CallOutcome,
  type EventName,
} from '../shared/contract.js';

/** The pages allowed to talk to the core. */
export interface TrustedOrigins {
  /** Folder of the built renderer; any `file://` page inside it is ours. */
  rendererDir: string;
  /** Origin of the Vite dev server (`http://localhost:5173`), only when running from source. */
  devOrigin?: string | undefined;
}

/**
 * Whether a frame at `url` is one of our pages. Pure, so the rule can be tested without
 * Electron: a `file://` URL must resolve inside the renderer folder (no `..` escape, no UNC host),
 * an http(s) URL must have exactly the dev server's origin. Everything else is a stranger.
 */
export function isTrustedSender(url: string, trusted: TrustedOrigins): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (parsed.protocol === 'file:') {
    if (parsed.host !== '') return false;
    let path: string;
    try {
      path = fileURLToPath(parsed);
    } catch {
      return false;
    }
    const inside = relative(trusted.rendererDir, path);
    return inside !== '' && !inside.startsWith('..') && !isAbsolute(inside);
  }
  if (!trusted.devOrigin) return false;
  try {
    return parsed.origin === new URL(trusted.devOrigin).origin;
  } catch {
    return false;
  }
}

/** The core's one boundary (`core.invoke`): validates and runs a call, never throws. */
export type Invoke = (name: CallName, rawArgs: unknown) => Promise<CallOutcome<CallName>>;

const unauthorized: CallOutcome<CallName> = {
  ok: false,
  error: { code: 'unauthorized', message: 'This page is not part of Sentinel Control Room and may not use its API.' },
};

const internalError: CallOutcome<CallName> = {
  ok: false,
  error: { code: 'internal', message: 'Something went wrong inside the app; the details are in its log.' },
};

/** The URL of the frame that sent an IPC message, or '' when the frame is gone. */
function senderUrl(event: IpcMainInvokeEvent): string {
  try {
    return event.senderFrame?.url ?? '';
  } catch {
    // Reading a destroyed frame can throw; a caller that vanished is not trusted.
    return '';
  }
}

/**
 * One `ipcMain.handle` per contract call, generated from CALL_NAMES. Every handler checks the
 * sender first, then returns the core's envelope: results and errors cross as plain data,
 * because Electron keeps only `message` of an error thrown from a handler.
 * Returns a function that removes every handler it added.
 */
export function registerContractHandlers(
  ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>,
  invoke: Invoke,
  isTrusted: (senderUrl: string) => boolean,
): () => void {
  for (const name of CALL_NAMES) {
    ipcMain.handle(ipcCallChannel(name), async (event: IpcMainInvokeEvent, args: unknown) => {
      if (!isTrusted(senderUrl(event))) return unauthorized;
      try {
        return await invoke(name, args);
      } catch (error) {
        // core.invoke never throws; if a bug makes it, the renderer still gets an envelope.
        console.error('Sentinel: invoke threw', name, error);
        return internalError;
      }
    });
  }
  return () => {
    for (const name of CALL_NAMES) ipcMain.removeHandler(ipcCallChannel(name));
  };
}

/** What `forwardEvents` needs of the core's emitter (`core.events`). */
export interface ContractEvents {
  /** Payloads pass through to the renderer untouched, so their types do not matter here. */
  on(name: EventName, listener: (payload: unknown) => void): () => void;
}

/**
 * Sends every contract event to one renderer, generated from EVENT_NAMES. Stops by itself when
 * the webContents is destroyed (sending to a dead one throws); returns an unsubscribe too.
 */
export function forwardEvents(
  events: ContractEvents,
  webContents: Pick<WebContents, 'send' | 'isDestroyed' | 'once' | 'removeListener'>,
): () => void {
  const unsubscribes = EVENT_NAMES.map((name) =>
    events.on(name, (payload) => {
      if (!webContents.isDestroyed()) webContents.send(ipcEventChannel(name), payload);
    }),
  );
  let active = true;
  const stop = (): void => {
    if (!active) return;
    active = false;
    for (const unsubscribe of unsubscribes) unsubscribe();
    webContents.removeListener('destroyed', stop);
  };
  webContents.once('destroyed', stop);
  return stop;
}
