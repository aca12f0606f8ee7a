import type { IncomingMessage, ServerResponse } from 'node:http';
import type { WebhookAnswer } from '../core/channel/beds24-inbound.js';
import { MAX_WEBHOOK_BYTES, WEBHOOK_SIGNATURE_HEADER } from '../core/channel/beds24-inbound.js';

/** The core's receiver: raw body and signature in, the status to answer out. */
export type WebhookReceiver = (body: Buffer, signature: string | undefined) => WebhookAnswer;

function answer(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(text), 'Cache-Control': 'no-store' });
  res.end(text);
}

/** Reads at most `limit` bytes; null when the body is larger (the rest is drained, unread). */
function readLimited(req: IncomingMessage, limit: number): Promise<Buffer | null> {
  if (Number(req.headers['content-length'] ?? 0) > limit) {
    req.resume();
    return Promise.resolve(null);
  }
  return new Promise((settle, fail) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) over = true;
      else chunks.push(chunk);
    });
    req.on('end', () => settle(over ? null : Buffer.concat(chunks)));
    req.on('error', fail);
  });
}

/**
 * `POST /webhooks/beds24`: no bearer token (Beds24 cannot send one) but a signature with the
 * shared secret, checked by the core on the raw bytes before anything is parsed or stored.
 * Refused before that: another method (405), another media type (415), a body too large (413).
 */
export async function handleBeds24Webhook(req: IncomingMessage, res: ServerResponse, receive: WebhookReceiver): Promise<void> {
  if (req.method !== 'POST') {
    res.setHeader('Allow', 'POST');
    return answer(res, 405, { ok: false, message: 'Webhooks are POSTed' });
  }
  const mediaType = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (mediaType !== 'application/json') {
    req.resume();
    return answer(res, 415, { ok: false, message: 'A webhook body must be JSON, sent as Content-Type: application/json' });
  }
  const body = await readLimited(req, MAX_WEBHOOK_BYTES);
  if (body === null) return answer(res, 413, { ok: false, message: `A webhook body may be at most ${MAX_WEBHOOK_BYTES} bytes` });
  const signature = req.headers[WEBHOOK_SIGNATURE_HEADER];
  const outcome = receive(body, typeof signature === 'string' ? signature : undefined);
  return answer(res, outcome.status, { ok: outcome.status < 300, ...outcome });
}
