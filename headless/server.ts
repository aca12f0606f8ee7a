import { createHash, timingSafeEqual } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { extname, resolve, sep } from 'node:path';
import { itsLog, type Logger } from '../core/logger.js';
import {
  EVENT_NAMES,
  type ApiError,
  type ApiErrorCode,
  type CallName,
  type CallOutcome,
  type EventName,
  type EventPayload,
} from '../shared/contract.js';
import { CONTENT_SECURITY_POLICY } from '../shared/content-security-policy.js';
import { handleBeds24Webhook, type WebhookReceiver } from './webhook-route.js';

type EventPayloads = { [E in EventName]: EventPayload<E> };

/** What the host needs of the core: the contract's one boundary and its pushed events. */
export interface HeadlessCore {
  invoke(name: string, rawArgs: unknown): Promise<CallOutcome<CallName>>;
  /** Channel webhooks (`POST /webhooks/beds24`), checked by their signature rather than the token. */
  channel?: { receiveBeds24Webhook: WebhookReceiver };
  events: { on<E extends EventName>(name: E, listener: (payload: EventPayloads[E]) => void): () => void };
}

export interface HeadlessServerOptions {
  core: HeadlessCore;
  /** Every `/api/*` request must carry `Authorization: Bearer <token>`. */
  token: string;
  /** The built renderer (`dist/renderer`). */
  staticDir: string;
  /** Larger request bodies are refused with 413 before they are read. */
  maxBodyBytes?: number;
  logger: Logger;
  /** Comment lines that keep an idle event stream open through proxies and reveal dead clients. */
  heartbeatMs?: number;
  /**
   * Names the Host header may carry besides the loopback ones (127.0.0.1, localhost, [::1]): the
   * address given with --host. Anything else is refused, so a web page whose DNS name someone
   * rebinds to 127.0.0.1 cannot reach the API or the app.
   */
  extraHostnames?: string[];
}

export interface HeadlessServer {
  /** Not yet listening; the caller chooses host and port. */
  server: Server;
  /** Stops accepting, ends open event streams, and waits (briefly) for requests in flight. */
  close(): Promise<void>;
}

const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;
/** Of a refused body, at most this much more is read (and dropped) before the connection is cut. */
const MAX_DROPPED_BYTES = 16 * 1024 * 1024;
const DEFAULT_HEARTBEAT_MS = 25_000;
/** A client this far behind on its event stream is cut off; it reconnects and re-reads state. */
const MAX_EVENT_BACKLOG_BYTES = 4 * 1024 * 1024;
const CLOSE_GRACE_MS = 5_000;

const HTTP_STATUS = {
  invalid_argument: 400,
  unauthorized: 401,
  not_found: 404,
  unknown_call: 404,
  conflict: 409,
  payload_too_large: 413,
  // 507 Insufficient Storage: the server cannot store what the request needs.
  storage_full: 507,
  // A stored file failed its checksum; it is being fetched again: try again shortly.
  corrupt: 503,
  internal: 500,
} as const satisfies Record<ApiErrorCode, number>;

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.wasm': 'application/wasm',
};

// Sent on every answer: nothing here is meant to be sniffed into another type or leak a referrer.
const BASE_HEADERS = { 'X-Content-Type-Options': 'nosniff', 'Referrer-Policy': 'no-referrer' };

/**
 * The headless host: the same contract the Electron preload offers, served over HTTP on the
 * loopback. `POST /api/<call>` runs one call, `GET /api/events` streams pushed events, and
 * everything else is the built renderer.
 */
export function createHeadlessServer(options: HeadlessServerOptions): HeadlessServer {
  const { core, logger } = options;
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const heartbeatMs = options.heartbeatMs ?? DEFAULT_HEARTBEAT_MS;
  const staticRoot = resolve(options.staticDir);
  // Digests have equal lengths, so timingSafeEqual never leaks the token's length either.
  const tokenDigest = sha256(options.token);
  const openStreams = new Set<() => void>();

  const isAuthorized = (req: IncomingMessage): boolean => {
    const match = /^Bearer +(\S+) *$/i.exec(req.headers.authorization ?? '');
    return match !== null && timingSafeEqual(sha256(match[1]!), tokenDigest);
  };

  async function handleApi(req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
    if (!isAuthorized(req)) {
      res.setHeader('WWW-Authenticate', 'Bearer');
      return sendError(res, {
        code: 'unauthorized',
        message: 'Missing or wrong API token: send "Authorization: Bearer <token>" (the host prints the token when it starts)',
      });
    }
    if (path === '/api/events') {
      if (req.method !== 'GET') return sendMethodNotAllowed(res, 'GET');
      return openEventStream(req, res);
    }
    if (req.method !== 'POST') return sendMethodNotAllowed(res, 'POST');
    const mediaType = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
    if (mediaType !== 'application/json') {
      return sendError(res, { code: 'invalid_argument', message: 'The request body must be JSON, sent as Content-Type: application/json' }, 415);
    }
    const body = await readBody(req, maxBodyBytes);
    if (body === 'too_large') {
      return refuseOversized(req, res, { code: 'payload_too_large', message: `The request body is larger than the limit of ${maxBodyBytes} bytes` });
    }
    if (body === 'aborted') return;
    let args: unknown;
    try {
      // An empty body means "no arguments", which the contract reads as {}.
      args = body.trim() === '' ? undefined : JSON.parse(body);
    } catch (error) {
      return sendError(res, { code: 'invalid_argument', message: `The request body is not valid JSON: ${(error as Error).message}` });
    }
    const call = path.slice('/api/'.length);
    const started = Date.now();
    const outcome = await core.invoke(call, args);
    // Names and outcomes only: arguments may carry what a person typed, and are not logged.
    logger.debug?.('call answered', { call, outcome: outcome.ok ? 'ok' : outcome.error.code, ms: Date.now() - started });
    sendJson(res, outcome.ok ? 200 : HTTP_STATUS[outcome.error.code], outcome);
  }

  function openEventStream(req: IncomingMessage, res: ServerResponse): void {
    res.writeHead(200, {
      ...BASE_HEADERS,
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-store',
      Connection: 'keep-alive',
      'X-Accel-Buffering': 'no',
    });
    const write = (chunk: string) => {
      if (res.writableLength > MAX_EVENT_BACKLOG_BYTES) return end();
      res.write(chunk);
    };
    // Every event of the contract, by a loop over its map: a new event needs no change here.
    const unsubscribes = EVENT_NAMES.map((name) =>
      core.events.on(name, (payload) => write(`event: ${name}\ndata: ${JSON.stringify(payload)}\n\n`)),
    );
    const heartbeat = setInterval(() => write(': heartbeat\n\n'), heartbeatMs);
    heartbeat.unref();
    const end = () => {
      if (!openStreams.delete(end)) return;
      clearInterval(heartbeat);
      for (const unsubscribe of unsubscribes) unsubscribe();
      res.end();
    };
    openStreams.add(end);
    req.on('close', end);
    res.on('close', end);
    // Flushes the headers at once, so the client's fetch resolves before the first event.
    res.write(': connected\n\n');
  }

  const hostnames = new Set(['127.0.0.1', 'localhost', '[::1]', ...(options.extraHostnames ?? []).map(bracketed)]);
  /** Whether the Host header names this server: a known name and the port it listens on. */
  const isOwnHost = (host: string | undefined): boolean => {
    const match = host ? /^(\[[^\]]+\]|[^:]+)(?::(\d+))?$/.exec(host.toLowerCase()) : null;
    if (!match) return false;
    const port = (server.address() as AddressInfo | null)?.port;
    return hostnames.has(match[1]!) && match[2] !== undefined && Number(match[2]) === port;
  };

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (!isOwnHost(req.headers.host)) {
      return sendText(res, 421, `Misdirected request: this host answers only to 127.0.0.1, localhost or [::1] with its port, not to "${String(req.headers.host ?? '').slice(0, 100)}"`);
    }
    const rawPath = (req.url ?? '/').split(/[?#]/, 1)[0]!;
    if (rawPath === '/api' || rawPath.startsWith('/api/')) return handleApi(req, res, rawPath);
    if (rawPath === '/webhooks/beds24' && core.channel) return handleBeds24Webhook(req, res, core.channel.receiveBeds24Webhook);
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.setHeader('Allow', 'GET, HEAD');
      return sendText(res, 405, 'Method not allowed');
    }
    return serveStatic(staticRoot, rawPath, req, res);
  }

  // Requests in flight on each open connection. On close, connections with none are ended at
  // once: Node's own idle sweep misses one a client opened but has not used yet.
  const inFlight = new Map<Socket, number>();
  let closing = false;
  const server = createServer((req, res) => {
    const socket = req.socket;
    inFlight.set(socket, (inFlight.get(socket) ?? 0) + 1);
    res.on('close', () => {
      const left = (inFlight.get(socket) ?? 1) - 1;
      if (inFlight.has(socket)) inFlight.set(socket, left);
      if (closing && left === 0) socket.end();
    });
    route(req, res).catch((error: unknown) => {
      logger.error('headless request failed', { url: req.url, error: error instanceof Error ? error.stack : String(error) });
      if (!res.headersSent) sendError(res, { code: 'internal', message: `Something went wrong inside the host; the details are in ${itsLog(logger)}.` });
      else res.destroy();
    });
  });
  server.on('connection', (socket: Socket) => {
    inFlight.set(socket, 0);
    socket.on('close', () => inFlight.delete(socket));
  });

  return {
    server,
    close: () =>
      new Promise<void>((done) => {
        closing = true;
        for (const end of [...openStreams]) end();
        for (const [socket, requests] of inFlight) if (requests === 0) socket.destroy();
        if (!server.listening) return done();
        // A request that will not finish (a stalled upload) must not hold shutdown forever.
        const force = setTimeout(() => server.closeAllConnections(), CLOSE_GRACE_MS);
        server.close(() => {
          clearTimeout(force);
          done();
        });
      }),
  };
}

/**
 * Reads a body up to `limit` bytes. Past the limit it stops keeping what arrives and lets the
 * caller answer 413 (see `dropRest`), so an oversized upload is never held in memory.
 */
function readBody(req: IncomingMessage, limit: number): Promise<string | 'too_large' | 'aborted'> {
  if (Number(req.headers['content-length'] ?? 0) > limit) return Promise.resolve('too_large');
  return new Promise((settle) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const finish = (outcome: string) => {
      req.off('data', onData).off('end', onEnd).off('close', onGone).off('error', onGone);
      settle(outcome);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) return finish('too_large');
      chunks.push(chunk);
    };
    const onEnd = () => finish(Buffer.concat(chunks).toString('utf8'));
    // The client went away mid-upload: there is no one left to answer.
    const onGone = () => finish('aborted');
    req.on('data', onData).on('end', onEnd).on('close', onGone).on('error', onGone);
  });
}

/**
 * Answers 413 at once, but ends the answer only once the rest of the body has been read and
 * dropped. Closing right away would not do: a connection closed while the client still uploads
 * is reset, and the reset loses an answer the client has not read yet (a node:http client lost
 * about one in fifteen). The answer is whole on the wire (its length declared) long before the
 * end; past `MAX_DROPPED_BYTES` more the client is cut off, and has had its answer by then.
 */
function refuseOversized(req: IncomingMessage, res: ServerResponse, error: ApiError): void {
  const text = JSON.stringify({ ok: false, error });
  res.writeHead(HTTP_STATUS.payload_too_large, {
    ...BASE_HEADERS,
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
    'Cache-Control': 'no-store',
  });
  res.write(text);
  if (req.readableEnded) return void res.end();
  let dropped = 0;
  req.on('data', (chunk: Buffer) => {
    dropped += chunk.length;
    if (dropped > MAX_DROPPED_BYTES) req.socket.destroy();
  });
  req.once('end', () => res.end());
  // A client that goes away ends the answer with it (the response's close).
  req.on('error', () => {});
  req.resume();
}

async function serveStatic(root: string, rawPath: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
  let relative: string;
  try {
    relative = decodeURIComponent(rawPath);
  } catch {
    return sendText(res, 400, 'Bad request: the path is not valid percent-encoding');
  }
  // Checked on the decoded path: `%2e%2e` and `..` must both fail to climb out of the root.
  const target = resolve(root, `.${sep}${relative}`);
  if (relative.includes('\0') || !isInside(root, target)) return sendText(res, 403, 'Forbidden');
  const file = await regularFileInside(root, target);
  if (file) return sendFile(res, req, file, target === resolve(root, 'index.html') ? 'no-cache' : cachePolicy(relative));
  // A path with an extension names an asset that is missing; anything else is a screen of the app.
  if (extname(relative) !== '') return sendText(res, 404, 'Not found');
  const index = await regularFileInside(root, resolve(root, 'index.html'));
  if (!index) return sendText(res, 503, 'Sentinel Control Room: the user interface is not built yet. Run `npm run build`, then reload this page.');
  return sendFile(res, req, index, 'no-cache');
}

/** Built assets under `assets/` carry a content hash in their names, so they never change. */
function cachePolicy(relative: string): string {
  return relative.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache';
}

/** The file's real path if it is a regular file that (after symlinks) is still inside the root. */
async function regularFileInside(root: string, target: string): Promise<{ path: string; size: number } | null> {
  try {
    const [realRoot, realTarget] = await Promise.all([realpath(root), realpath(target)]);
    if (!isInside(realRoot, realTarget)) return null;
    const info = await stat(realTarget);
    return info.isFile() ? { path: realTarget, size: info.size } : null;
  } catch {
    return null;
  }
}

function isInside(root: string, target: string): boolean {
  return target === root || target.startsWith(root.endsWith(sep) ? root : root + sep);
}

function sendFile(res: ServerResponse, req: IncomingMessage, file: { path: string; size: number }, cacheControl: string): void {
  const type = CONTENT_TYPES[extname(file.path).toLowerCase()] ?? 'application/octet-stream';
  res.writeHead(200, {
    ...BASE_HEADERS,
    ...(type.startsWith('text/html') ? { 'Content-Security-Policy': CONTENT_SECURITY_POLICY } : {}),
    'Content-Type': type,
    'Content-Length': file.size,
    'Cache-Control': cacheControl,
  });
  if (req.method === 'HEAD') return void res.end();
  createReadStream(file.path)
    .on('error', () => res.destroy())
    .pipe(res);
}

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    ...BASE_HEADERS,
    ...headers,
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
    'Cache-Control': 'no-store',
  });
  res.end(text);
}

function sendError(res: ServerResponse, error: ApiError, status: number = HTTP_STATUS[error.code]): void {
  sendJson(res, status, { ok: false, error });
}

function sendMethodNotAllowed(res: ServerResponse, allow: string): void {
  res.setHeader('Allow', allow);
  sendJson(res, 405, { ok: false, error: { code: 'invalid_argument', message: `This route accepts ${allow} only` } });
}

function sendText(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { ...BASE_HEADERS, 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-cache' });
  res.end(`${text}\n`);
}

/** An IPv6 address as it stands in a Host header. */
const bracketed = (host: string) => (host.includes(':') && !host.startsWith('[') ? `[${host}]` : host).toLowerCase();

function sha256(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}
