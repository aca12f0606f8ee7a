import { createServer, type Server } from 'node:http';
import { handleBeds24Webhook, type WebhookReceiver } from './webhook-route.js';

/** Why a listener could not start, with what to do in plain words. */
export interface WebhookListenError {
  kind: 'port_in_use' | 'not_permitted' | 'failed';
  port: number;
  message: string;
}

export interface WebhookListener {
  /** The port it answers on (the OS's choice when asked for 0: tests). */
  readonly port: number;
  /** Stops taking connections and ends the open ones; resolves once the port is free. */
  close(): Promise<void>;
}

export const WEBHOOK_PATH = '/webhooks/beds24';
/** Only this machine: a tunnel (cloudflared, ngrok…) forwards to it; nothing else on the network reaches it. */
const LOOPBACK = '127.0.0.1';

function listenError(port: number, error: NodeJS.ErrnoException): WebhookListenError {
  if (error.code === 'EADDRINUSE') return { kind: 'port_in_use', port, message: `Port ${port} is in use: choose another` };
  if (error.code === 'EACCES') return { kind: 'not_permitted', port, message: `Port ${port} may not be used by this app: choose another` };
  return { kind: 'failed', port, message: `Could not listen on port ${port}: ${error.message}` };
}

/**
 * An HTTP server on 127.0.0.1 that answers only `POST /webhooks/beds24`, through the same route
 * as the headless host's: no API, no files, no token. The signature is the authentication, and
 * there is no Host check, as a tunnel forwards the public name it was reached by.
 * Never throws: a port that cannot be had comes back as an error value.
 */
export function listenForWebhooks(port: number, receive: WebhookReceiver): Promise<{ ok: true; listener: WebhookListener } | { ok: false; error: WebhookListenError }> {
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '').split('?')[0];
    if (path === WEBHOOK_PATH) {
      handleBeds24Webhook(req, res, receive).catch(() => {
        if (!res.headersSent) res.writeHead(500);
        res.end();
      });
      return;
    }
    req.resume();
    res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' });
    res.end('Not found: this port answers only POST /webhooks/beds24\n');
  });
  server.requestTimeout = 30_000;
  return new Promise((settle) => {
    server.once('error', (error: NodeJS.ErrnoException) => settle({ ok: false, error: listenError(port, error) }));
    server.listen(port, LOOPBACK, () => {
      const address = server.address();
      const bound = typeof address === 'object' && address ? address.port : port;
      const close = () =>
        new Promise<void>((done) => {
          server.close(() => done());
          server.closeAllConnections();
        });
      settle({ ok: true, listener: { port: bound, close } });
    });
  });
}
