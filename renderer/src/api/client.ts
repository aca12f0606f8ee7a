import type { SentinelApi } from '../../../shared/contract.js';
import type { SentinelBridge } from '../../../shared/bridge.js';
import { createHttpClient } from './http-client.js';

declare global {
  interface Window {
    sentinel?: SentinelBridge;
  }
}

const TOKEN_KEY = 'sentinel.token';

/** Wraps the Electron preload's bridge in the same surface as the HTTP client. */
function fromBridge(bridge: SentinelBridge): SentinelApi {
  return {
    call: (name, args) => (bridge.calls[name] as (args: unknown) => Promise<never>)(args),
    subscribe: (name, listener) => (bridge.events[name] as (listener: unknown) => () => void)(listener),
  };
}

/**
 * The renderer's one way to the core: the preload's bridge inside Electron, else the headless
 * host's HTTP API with the token from the URL (`#token=…`, kept for the tab's session).
 */
export function connect(): SentinelApi {
  if (window.sentinel) return fromBridge(window.sentinel);
  const fromHash = new URLSearchParams(window.location.hash.slice(1)).get('token');
  if (fromHash) {
    sessionStorage.setItem(TOKEN_KEY, fromHash);
    history.replaceState(null, '', window.location.pathname + window.location.search);
  }
  return createHttpClient(fromHash ?? sessionStorage.getItem(TOKEN_KEY) ?? '');
}
