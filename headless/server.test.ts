import { EVENT_NAMES } from '../shared/contract.js';
import { CONTENT_SECURITY_POLICY } from '../shared/content-security-policy.js';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { connect } from 'node:net';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../core/core.js';
import { silentLogger } from '../core/logger.js';
import { createHeadlessServer, type HeadlessServer, type HeadlessServerOptions } from './server.js';

const TOKEN = 'test-token-1234';
const SECRET = 'outside the static folder';
const auth = { authorization: `Bearer ${TOKEN}` };
const json = { ...auth, 'content-type': 'application/json' };

interface Running {
  core: Core;
  staticDir: string;
  /** The temp folder holding the static folder, the database and the file to keep out of reach. */
  dir: string;
  host: HeadlessServer;
  origin: string;
  port: number;
}

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A real core on a temp database and a real server on the loopback, undone after each test. */
async function startHost(overrides: Partial<HeadlessServerOptions> = {}, { built = true } = {}): Promise<Running> {
  const dir = await mkdtemp(join(tmpdir(), 'sentinel-headless-'));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  const staticDir = join(dir, 'renderer');
  await mkdir(join(staticDir, 'assets'), { recursive: true });
  // Beside the static folder, where a path climbing out with `..` would land.
  await writeFile(join(dir, 'package.json'), JSON.stringify({ secret: SECRET }));
  if (built) {
    await writeFile(join(staticDir, 'index.html'), '<!doctype html><title>Sentinel</title><div id="root"></div>');
    await writeFile(join(staticDir, 'assets', 'app-3f9a1c.js'), 'console.log("app");');
    await writeFile(join(staticDir, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  }
  const core = createCore({ dataDir: join(dir, 'data'), lanes: [{ name: 'test', concurrency: 1 }], logger: silentLogger });
  await core.start();
  cleanups.push(() => core.stop());
  const host = createHeadlessServer({ core, token: TOKEN, staticDir, logger: silentLogger, ...overrides });
  cleanups.push(() => host.close());
  await new Promise<void>((listening) => host.server.listen(0, '127.0.0.1', listening));
  const { port } = host.server.address() as AddressInfo;
  return { core, staticDir, dir, host, origin: `http://127.0.0.1:${port}`, port };
}

const call = (running: Running, name: string, body: unknown, headers: Record<string, string> = json) =>
  fetch(`${running.origin}/api/${name}`, { method: 'POST', headers, body: typeof body === 'string' ? body : JSON.stringify(body) });

/** Reads server-sent events from a fetch body, as the renderer does. */
async function openEventStream(running: Running) {
  const abort = new AbortController();
  const response = await fetch(`${running.origin}/api/events`, { headers: auth, signal: abort.signal });
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  return {
    response,
    abort: () => abort.abort(),
    /** The next block (text up to a blank line) that matches, or null once the stream ends. */
    async next(matches: (block: string) => boolean): Promise<string | null> {
      for (;;) {
        const end = buffer.indexOf('\n\n');
        if (end >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          if (matches(block)) return block;
          continue;
        }
        const { value, done } = await reader.read();
        if (done) return null;
        buffer += value;
      }
    },
  };
}

/** A raw request, so `..` reaches the server exactly as written (fetch would normalise it away). */
function rawGet(port: number, path: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string }> {
  return new Promise((done, fail) => {
    request({ host: '127.0.0.1', port, path, method: 'GET', headers }, (response) => {
      let body = '';
      response.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
      response.on('end', () => done({ status: response.statusCode!, body }));
    })
      .on('error', fail)
      .end();
  });
}

describe('headless server API', () => {
  it('refuses every API route without the token or with a wrong one', async () => {
    const running = await startHost();
    const attempts = [
      call(running, 'sync/status', {}, { 'content-type': 'application/json' }),
      call(running, 'sync/status', {}, { 'content-type': 'application/json', authorization: 'Bearer wrong-token' }),
      call(running, 'sync/status', {}, { 'content-type': 'application/json', authorization: `Basic ${TOKEN}` }),
      call(running, 'no/such-call', {}, { 'content-type': 'application/json' }),
      fetch(`${running.origin}/api/events`),
    ];
    for (const response of await Promise.all(attempts)) {
      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toBe('Bearer');
      expect(await response.json()).toMatchObject({ ok: false, error: { code: 'unauthorized', message: expect.stringContaining('Bearer') } });
    }
  });

  it('answers a good call with 200 and exactly what the core returns', async () => {
    const running = await startHost();
    const response = await call(running, 'sync/status', {});
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(await response.json()).toEqual(await running.core.invoke('sync/status', {}));
    // An empty body means no arguments.
    expect((await call(running, 'sync/status', '')).status).toBe(200);
  });

  it('answers bad arguments with 400, naming the field and the rule', async () => {
    const running = await startHost();
    const response = await call(running, 'sync/pause', { lane: 'Front Desk' });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      ok: false,
      error: { code: 'invalid_argument', message: expect.stringMatching(/^lane: /), field: 'lane' },
    });
    const unknownField = await (await call(running, 'jobs/list', { limti: 5 })).json();
    expect(unknownField).toMatchObject({ error: { code: 'invalid_argument', field: 'limti' } });
  });

  it('answers 404 for an unknown call and for something that does not exist', async () => {
    const running = await startHost();
    const unknown = await call(running, 'jobs/explode', {});
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ ok: false, error: { code: 'unknown_call', message: expect.stringContaining('jobs/explode') } });
    const missing = await call(running, 'sync/pause', { lane: 'nowhere' });
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ ok: false, error: { code: 'not_found', field: 'lane' } });
  });

  it('answers 500 when the host itself fails, naming the log file that holds the details', async () => {
    const logged: string[] = [];
    const logger = { ...silentLogger, error: (message: string) => logged.push(message), location: '/srv/sentinel/logs/sentinel.log' };
    const failing = { invoke: () => Promise.reject(new Error('boom')), events: { on: () => () => {} } };
    const running = await startHost({ core: failing, logger });
    const response = await call(running, 'sync/status', {});
    expect(response.status).toBe(500);
    expect(await response.json()).toEqual({
      ok: false,
      error: { code: 'internal', message: 'Something went wrong inside the host; the details are in its log (/srv/sentinel/logs/sentinel.log).' },
    });
    expect(logged).toEqual(['headless request failed']);
  });

  it('logs each call at debug level by its name and outcome, without its arguments', async () => {
    const debug: unknown[] = [];
    const running = await startHost({ logger: { ...silentLogger, debug: (message, fields) => debug.push({ message, fields }) } });
    await call(running, 'sync/pause', { lane: 'test' });
    await call(running, 'jobs/get', { id: 'seven' });
    expect(debug).toEqual([
      { message: 'call answered', fields: { call: 'sync/pause', outcome: 'ok', ms: expect.any(Number) } },
      { message: 'call answered', fields: { call: 'jobs/get', outcome: 'invalid_argument', ms: expect.any(Number) } },
    ]);
  });

  it('refuses malformed JSON with 400 and says the body is not JSON', async () => {
    const running = await startHost();
    const response = await call(running, 'sync/status', '{"lane": ');
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      ok: false,
      error: { code: 'invalid_argument', message: expect.stringContaining('The request body is not valid JSON') },
    });
  });

  it('refuses a body that is not declared as JSON with 415', async () => {
    const running = await startHost();
    const response = await call(running, 'sync/status', '{}', { ...auth, 'content-type': 'text/plain' });
    expect(response.status).toBe(415);
    expect(await response.json()).toMatchObject({ ok: false, error: { code: 'invalid_argument', message: expect.stringContaining('application/json') } });
  });

  it('refuses a body over the limit with 413, whether its length is declared or streamed', async () => {
    const running = await startHost({ maxBodyBytes: 1024 });
    const declared = await call(running, 'sync/status', JSON.stringify({ pad: 'x'.repeat(4096) }));
    expect(declared.status).toBe(413);
    expect(await declared.json()).toMatchObject({ ok: false, error: { code: 'payload_too_large' } });

    // Far more than the limit, chunked: the server answers without reading it all.
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent >= 64 * 1024 * 1024) return controller.close();
        sent += 64 * 1024;
        controller.enqueue(new Uint8Array(64 * 1024).fill(32));
      },
    });
    const streamed = await fetch(`${running.origin}/api/sync/status`, { method: 'POST', headers: json, body, duplex: 'half' } as RequestInit);
    expect(streamed.status).toBe(413);
    expect(sent).toBeLessThan(64 * 1024 * 1024);
    // A body within the limit still works afterwards.
    expect((await call(running, 'sync/status', {})).status).toBe(200);
  });

  it('reads the rest of an oversized body before closing, so a client still uploading is not reset', async () => {
    const running = await startHost({ maxBodyBytes: 64 * 1024 });
    // A connection closed while the client still uploads is reset, and a reset loses an answer
    // the client has not read yet. The client here reads the 413 first, then sends the rest:
    // it must all be taken, and the connection end cleanly after it.
    const socket = connect(running.port, '127.0.0.1');
    const rest = 4 * 1024 * 1024;
    const head = `POST /api/sync/status HTTP/1.1\r\nHost: 127.0.0.1:${running.port}\r\nAuthorization: Bearer ${TOKEN}\r\nContent-Type: application/json\r\nConnection: close\r\nContent-Length: ${128 * 1024 + rest}\r\n\r\n`;
    let received = '';
    const answered = new Promise<void>((resolve) => socket.on('data', (chunk: Buffer) => (received += chunk.toString()).includes('payload_too_large') && resolve()));
    const ended = new Promise<string>((resolve) => {
      socket.on('error', (error) => resolve(`error: ${error.message}`));
      socket.on('end', () => resolve('end'));
    });
    socket.write(head + ' '.repeat(128 * 1024));
    await answered;
    expect(received).toMatch(/^HTTP\/1\.1 413 /);
    for (let sent = 0; sent < rest; sent += 64 * 1024) socket.write(Buffer.alloc(64 * 1024, 32));
    socket.end();
    expect(await ended).toBe('end');
    socket.destroy();
  });

  it('accepts only POST for calls and only GET for the event stream', async () => {
    const running = await startHost();
    const get = await fetch(`${running.origin}/api/sync/status`, { headers: auth });
    expect(get.status).toBe(405);
    expect(get.headers.get('allow')).toBe('POST');
    const post = await fetch(`${running.origin}/api/events`, { method: 'POST', headers: json, body: '{}' });
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('GET');
  });
});

describe('headless server event stream', () => {
  it('pushes sync/changed to the stream after sync/pause', async () => {
    const running = await startHost();
    const stream = await openEventStream(running);
    expect(stream.response.status).toBe(200);
    expect(stream.response.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    expect((await call(running, 'sync/pause', {})).status).toBe(200);
    const block = await stream.next((text) => text.startsWith('event: sync/changed\n'));
    const data = JSON.parse(block!.split('\ndata: ')[1]!);
    expect(data).toMatchObject({ paused: true, lanes: [{ lane: 'test' }] });
    stream.abort();
  });

  it('stops listening to the core once the client goes away', async () => {
    const running = await startHost();
    // The core's own domains listen too; the host's listeners are the ones it adds.
    const counts = () => EVENT_NAMES.map((name) => running.core.events.listenerCount(name));
    const before = counts();
    const stream = await openEventStream(running);
    expect(counts()).toEqual(before.map((count) => count + 1));
    stream.abort();
    await expect.poll(counts).toEqual(before);
  });

  it('keeps an idle stream alive with heartbeat comments', async () => {
    const running = await startHost({ heartbeatMs: 20 });
    const stream = await openEventStream(running);
    expect(await stream.next((block) => block === ': heartbeat')).toBe(': heartbeat');
    stream.abort();
  });

  it('ends open streams when the host closes', async () => {
    const running = await startHost();
    const stream = await openEventStream(running);
    const before = running.core.events.listenerCount('sync/changed');
    await running.host.close();
    expect(await stream.next(() => false)).toBeNull();
    expect(running.core.events.listenerCount('sync/changed')).toBe(before - 1);
  });
});

describe('headless server static files', () => {
  it('serves the built renderer with its content type, cache policy and security headers', async () => {
    const running = await startHost();
    const index = await fetch(`${running.origin}/`);
    expect(index.status).toBe(200);
    expect(await index.text()).toContain('<div id="root">');
    expect(index.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(index.headers.get('cache-control')).toBe('no-cache');
    expect(index.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(index.headers.get('x-content-type-options')).toBe('nosniff');
    expect(index.headers.get('referrer-policy')).toBe('no-referrer');

    const script = await fetch(`${running.origin}/assets/app-3f9a1c.js`);
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(script.headers.get('cache-control')).toContain('immutable');
    expect(await script.text()).toBe('console.log("app");');
    expect((await fetch(`${running.origin}/favicon.svg`)).headers.get('content-type')).toBe('image/svg+xml');
  });

  it('answers screens of the app with index.html, but a missing asset with 404', async () => {
    const running = await startHost();
    const screen = await fetch(`${running.origin}/jobs/42?tab=attempts`);
    expect(screen.status).toBe(200);
    expect(await screen.text()).toContain('<div id="root">');
    expect(screen.headers.get('cache-control')).toBe('no-cache');
    expect((await fetch(`${running.origin}/assets/gone-000000.js`)).status).toBe(404);
  });

  it('answers only to its own name and port in the Host header, so a rebound DNS name cannot reach it', async () => {
    const running = await startHost();
    const withHost = (host: string) => rawGet(running.port, '/api/sync/status', { host, authorization: `Bearer ${TOKEN}` });
    for (const host of ['evil.example', `evil.example:${running.port}`, `127.0.0.1:${running.port + 1}`, '127.0.0.1', `127.0.0.1.evil.example:${running.port}`]) {
      const answer = await withHost(host);
      expect(answer.status, host).toBe(421);
      expect(answer.body, host).toContain('Misdirected request');
    }
    for (const host of [`127.0.0.1:${running.port}`, `localhost:${running.port}`, `LOCALHOST:${running.port}`]) {
      // The API answers these (a GET on a call route: 405, past the Host check).
      expect((await withHost(host)).status, host).toBe(405);
    }
    expect((await rawGet(running.port, '/', { host: `evil.example:${running.port}` })).status).toBe(421);
  });

  it('never serves a file from outside the static folder', async () => {
    const running = await startHost();
    // A link inside the folder to a file outside it is refused too.
    await symlink(join(running.dir, 'package.json'), join(running.staticDir, 'link.json'));
    for (const path of ['/../package.json', '/%2e%2e/package.json', '/assets/%2E%2E%2F%2e%2e%2fpackage.json', '/..%5cpackage.json', '/link.json']) {
      const response = await rawGet(running.port, path);
      expect(response.body, path).not.toContain(SECRET);
      expect([403, 404], path).toContain(response.status);
    }
  });

  it('tells the person to run npm run build when the renderer is not built', async () => {
    const running = await startHost({}, { built: false });
    const response = await fetch(`${running.origin}/`);
    expect(response.status).toBe(503);
    expect(response.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(await response.text()).toContain('npm run build');
  });
});
