import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RemoteError } from '../queue/remote-error.js';
import { createHttpClient, parseRetryAfter, send, type RemoteSystem } from './remote-call.js';

const system: RemoteSystem = {
  name: 'Example',
  requestIdHeader: 'x-request-id',
  describeError: (body) => {
    const error = (body as { error?: { message?: string; field?: string } } | undefined)?.error;
    return { ...(error?.message ? { message: error.message } : {}), ...(error?.field ? { field: error.field } : {}) };
  },
};

// A tiny server whose path says how to answer: /status/<code>, /slow, /ok, /hangup.
let server: Server;
let baseURL: string;

beforeAll(async () => {
  server = createServer((request, response) => {
    const path = request.url ?? '/';
    if (path === '/hangup') return void request.socket.destroy();
    if (path === '/slow') return void setTimeout(() => response.end('{}'), 500);
    const status = path.startsWith('/status/') ? Number(path.slice('/status/'.length)) : 200;
    response.writeHead(status, {
      'content-type': 'application/json',
      'x-request-id': `req-${status}`,
      ...(status === 429 ? { 'retry-after': '2' } : {}),
    });
    response.end(JSON.stringify(status === 200 ? { value: 42 } : { error: { message: `refused with ${status}`, field: 'rate' } }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseURL = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

async function failureOf(path: string, timeoutMs?: number): Promise<RemoteError> {
  const http = createHttpClient({ baseURL, ...(timeoutMs ? { timeoutMs } : {}) });
  const error = await send(system, () => http.get(path, { headers: { authorization: 'Bearer s3cret-token' } })).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(RemoteError);
  return error as RemoteError;
}

describe('a remote call', () => {
  it('returns the data with its status and the remote request id', async () => {
    const http = createHttpClient({ baseURL });
    await expect(send(system, () => http.get('/ok'))).resolves.toEqual({ data: { value: 42 }, httpStatus: 200, requestId: 'req-200' });
  });

  it.each([
    [400, 'validation'],
    [404, 'validation'],
    [422, 'validation'],
    [401, 'auth'],
    [403, 'auth'],
    [429, 'rate_limited'],
    [500, 'server'],
    [503, 'server'],
  ] as const)('turns an HTTP %i into a %s error with the remote message, field and request id', async (status, kind) => {
    const error = await failureOf(`/status/${status}`);
    expect(error).toMatchObject({ kind, httpStatus: status, requestId: `req-${status}`, field: 'rate' });
    expect(error.message).toBe(`Example answered ${status}: refused with ${status}`);
  });

  it('keeps the Retry-After of a 429', async () => {
    expect((await failureOf('/status/429')).retryAfterMs).toBe(2000);
  });

  it('calls a dropped connection a network error and a slow answer a server error', async () => {
    expect((await failureOf('/hangup')).kind).toBe('network');
    expect((await failureOf('/slow', 50)).kind).toBe('server');
  });

  it('calls a refused connection a network error', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const http = createHttpClient({ baseURL: `http://127.0.0.1:${port}` });
    const error = (await send(system, () => http.get('/ok')).catch((e: unknown) => e)) as RemoteError;
    expect(error).toMatchObject({ kind: 'network', message: 'Example is unreachable (ECONNREFUSED)' });
  });

  it('never carries the credentials of the request in what it throws', async () => {
    for (const path of ['/status/401', '/hangup', '/status/500']) {
      const error = await failureOf(path);
      expect(JSON.stringify(error)).not.toContain('s3cret');
      expect(error.message).not.toContain('s3cret');
      expect(String(error.stack)).not.toContain('s3cret');
    }
  });

  it('lets a connector reject a 2xx whose body says it failed', async () => {
    const http = createHttpClient({ baseURL });
    const check = () => new RemoteError('validation', 'said no inside a 200');
    await expect(send(system, () => http.get('/ok'), check)).rejects.toMatchObject({ kind: 'validation', message: 'said no inside a 200' });
  });
});

describe('Retry-After', () => {
  it('reads seconds and HTTP dates, and ignores what it cannot read', () => {
    const now = Date.UTC(2026, 10, 23, 12, 0, 0);
    expect(parseRetryAfter('3', now)).toBe(3000);
    expect(parseRetryAfter('1.5', now)).toBe(1500);
    expect(parseRetryAfter(new Date(now + 10_000).toUTCString(), now)).toBe(10_000);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
  });
});
