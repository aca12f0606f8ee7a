import { EVENT_NAMES, type CallArgs, type CallName, type CallOutcome, type EventName, type EventPayload, type SentinelApi } from '../../../shared/contract.js';

type Listener = (payload: unknown) => void;

/**
 * The contract over the headless host: `POST /api/<call>` and a server-sent event stream read
 * with fetch (EventSource cannot send the bearer token). Reconnects the stream after a drop.
 */
export function createHttpClient(token: string, base = ''): SentinelApi {
  const listeners = new Map<EventName, Set<Listener>>();
  const headers = { Authorization: `Bearer ${token}` };

  async function readEvents(): Promise<void> {
    for (;;) {
      try {
        const response = await fetch(`${base}/api/events`, { headers });
        if (!response.ok || !response.body) throw new Error(`event stream answered ${response.status}`);
        const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
        let buffered = '';
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          buffered += value;
          let end: number;
          while ((end = buffered.indexOf('\n\n')) >= 0) {
            dispatch(buffered.slice(0, end));
            buffered = buffered.slice(end + 2);
          }
        }
      } catch {
        // The host restarted or the network blinked; try again shortly.
      }
      await new Promise((resolve) => setTimeout(resolve, 1_000));
    }
  }

  function dispatch(block: string): void {
    let name = '';
    let data = '';
    for (const line of block.split('\n')) {
      if (line.startsWith('event: ')) name = line.slice(7);
      else if (line.startsWith('data: ')) data += line.slice(6);
    }
    if (!(EVENT_NAMES as string[]).includes(name) || !data) return;
    const payload: unknown = JSON.parse(data);
    listeners.get(name as EventName)?.forEach((listener) => listener(payload));
  }

  void readEvents();

  return {
    async call<K extends CallName>(name: K, args: CallArgs<K>): Promise<CallOutcome<K>> {
      try {
        const response = await fetch(`${base}/api/${name}`, {
          method: 'POST',
          headers: { ...headers, 'Content-Type': 'application/json' },
          body: JSON.stringify(args),
        });
        return (await response.json()) as CallOutcome<K>;
      } catch {
        return { ok: false, error: { code: 'internal', message: 'The Sentinel host cannot be reached. Is it still running?' } };
      }
    },
    subscribe<E extends EventName>(name: E, listener: (payload: EventPayload<E>) => void): () => void {
      let set = listeners.get(name);
      if (!set) listeners.set(name, (set = new Set()));
      set.add(listener as Listener);
      return () => set.delete(listener as Listener);
    },
  };
}
