import type { CallName, CallResult, RateCell, SyncStatus } from '../../../shared/contract.js';
import { HOST_TOKEN, type HostProcess } from './processes.js';
import { waitFor } from './http.js';

/** What `POST /api/<call>` answered. */
export interface CallAnswer {
  status: number;
  body: { ok: true; data: any } | { ok: false; error: { code: string; message: string; field?: string } };
}

/** Calls the contract over HTTP, as the renderer in a browser would. Rejects only when no answer came. */
export async function call(host: Pick<HostProcess, 'url'>, name: CallName, args: unknown = {}): Promise<CallAnswer> {
  const response = await fetch(`${host.url}/api/${name}`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${HOST_TOKEN}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(args),
  });
  return { status: response.status, body: (await response.json()) as CallAnswer['body'] };
}

/** A call that must succeed: its data, or an error saying what the host answered. */
export async function ok<K extends CallName>(host: Pick<HostProcess, 'url'>, name: K, args: unknown = {}): Promise<CallResult<K>> {
  const answer = await call(host, name, args);
  if (!answer.body.ok) throw new Error(`${name} answered ${answer.status}: ${JSON.stringify(answer.body.error)}`);
  return answer.body.data as CallResult<K>;
}

export interface RoomType {
  id: number;
  name: string;
}

/** Asks for the grid until the room types have come from Cloudbeds (the first grid queues their import). */
export async function roomTypesOf(host: Pick<HostProcess, 'url'>, from: string, to: string): Promise<RoomType[]> {
  return waitFor(
    'the room types imported from Cloudbeds',
    async () => {
      const grid = await ok(host, 'rates/grid', { from, to });
      return grid.roomTypes.length > 0 ? grid.roomTypes.map(({ id, name }) => ({ id, name })) : undefined;
    },
    20_000,
  );
}

/** Every cell of the grid between two dates (at most a year), keyed `roomTypeId:date`. */
export async function gridCells(host: Pick<HostProcess, 'url'>, from: string, to: string): Promise<Map<string, RateCell>> {
  const grid = await ok(host, 'rates/grid', { from, to });
  return new Map(grid.cells.map((cell) => [`${cell.roomTypeId}:${cell.date}`, cell]));
}

export function syncStatus(host: Pick<HostProcess, 'url'>): Promise<SyncStatus> {
  return ok(host, 'sync/status');
}
