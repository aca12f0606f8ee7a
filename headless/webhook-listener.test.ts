import { createHmac } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WEBHOOK_SIGNATURE_HEADER } from '../core/channel/beds24-inbound.js';
import { createCore, type Core } from '../core/core.js';
import type { Logger } from '../core/logger.js';
import { memoryVault } from '../core/settings/secret-vault.js';
import { okChecked } from '../core/testing/contract-call.js';
import { freePort } from '../core/testing/free-port.js';
import { makeTempDir } from '../core/testing/temp-dir.js';
import { followWebhookListenerSetting, type WebhookListenerFollower } from './webhook-listener-follower.js';
import { listenForWebhooks } from './webhook-listener.js';

// The loopback listener a hotel's tunnel forwards to (issue 9), on a real core and database:
// the secret is the one saved in Settings, as on the desktop, which has no host secret.
const SECRET = 'saved-webhook-secret-0123456789';
const sign = (body: string, secret = SECRET) => `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
const delivery = JSON.stringify({
  booking: {
    id: 71_000_001,
    propertyId: 1,
    roomId: 77_001,
    status: 'confirmed',
    arrival: day(10),
    departure: day(12),
    numAdult: 2,
    firstName: 'Tunnel',
    lastName: 'Guest',
    modifiedTime: '2026-11-20T10:00:00Z',
  },
});

let dir: ReturnType<typeof makeTempDir>;
let core: Core;
let follower: WebhookListenerFollower | undefined;
const logged: string[] = [];
const logger: Logger = { info: (m) => void logged.push(m), warn: (m) => void logged.push(m), error: (m) => void logged.push(m) };

beforeEach(async () => {
  dir = makeTempDir();
  logged.length = 0;
  core = createCore({ dataDir: dir.path, logger, vault: memoryVault(), channel: { pollCron: null } });
  await okChecked(core, 'settings/set-webhook-secret', { secret: SECRET });
});
afterEach(async () => {
  await follower?.stop();
  follower = undefined;
  await core.stop();
  dir.remove();
});

const events = () => core.db.prepare('SELECT COUNT(*) FROM channel_events').pluck().get() as number;
const post = (port: number, path: string, body: string, signature?: string) =>
  fetch(`http://127.0.0.1:${port}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(signature ? { [WEBHOOK_SIGNATURE_HEADER]: signature } : {}) },
    body,
  });
/** Whether anything accepts a connection on the port (a refused one throws in fetch). */
const answers = (port: number) => fetch(`http://127.0.0.1:${port}/webhooks/beds24`, { method: 'POST' }).then(() => true, () => false);

describe('the loopback webhook listener', () => {
  it('stores a correctly signed webhook and answers 2xx; a bad signature gets 401 and stores nothing', async () => {
    const started = await listenForWebhooks(0, core.channel.receiveBeds24Webhook);
    if (!started.ok) throw new Error(started.error.message);
    try {
      const port = started.listener.port;
      expect((await post(port, '/webhooks/beds24', delivery, sign(delivery, 'some-other-secret-0123456789'))).status).toBe(401);
      expect((await post(port, '/webhooks/beds24', delivery)).status).toBe(401);
      expect(events()).toBe(0);

      const accepted = await post(port, '/webhooks/beds24', delivery, sign(delivery));
      expect(accepted.status).toBe(202);
      expect(events()).toBe(1);
      expect(core.db.prepare(`SELECT external_id FROM channel_events WHERE direction = 'inbound'`).pluck().get()).toBe('71000001');
    } finally {
      await started.listener.close();
    }
  });

  it('answers 404 to every other path, the API and the app included, and stores nothing', async () => {
    const started = await listenForWebhooks(0, core.channel.receiveBeds24Webhook);
    if (!started.ok) throw new Error(started.error.message);
    try {
      const port = started.listener.port;
      for (const path of ['/', '/index.html', '/api/settings/get', '/events', '/webhooks/beds24x', '/webhooks']) {
        expect((await post(port, path, delivery, sign(delivery))).status, path).toBe(404);
        expect((await fetch(`http://127.0.0.1:${port}${path}`)).status, path).toBe(404);
      }
      expect(events()).toBe(0);
    } finally {
      await started.listener.close();
    }
  });

  it('reports a port already in use as a value with its kind, in plain words, without throwing', async () => {
    const blocker: Server = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const { port } = blocker.address() as AddressInfo;
    try {
      const outcome = await listenForWebhooks(port, core.channel.receiveBeds24Webhook);
      expect(outcome).toEqual({ ok: false, error: { kind: 'port_in_use', port, message: `Port ${port} is in use: choose another` } });
    } finally {
      await new Promise<void>((resolve) => blocker.close(() => resolve()));
    }
  });
});

describe('following the setting', () => {
  it('listens once enabled, stores a signed webhook, and closes the port when turned off', async () => {
    follower = followWebhookListenerSetting(core, logger);
    await follower.settled();
    const port = await freePort();
    expect(await answers(port)).toBe(false);

    // The answer to the change already says what the listener did: no later event is needed.
    expect((await okChecked(core, 'settings/update', { channelWebhook: { enabled: true, port } })).channelWebhook.listener.state).toBe('listening');
    expect((await okChecked(core, 'settings/get', {})).channelWebhook).toMatchObject({ enabled: true, port, secret: { saved: true, fromHost: false }, listener: { state: 'listening' } });
    expect((await post(port, '/webhooks/beds24', delivery, sign(delivery))).status).toBe(202);
    expect(events()).toBe(1);

    const off = await okChecked(core, 'settings/update', { channelWebhook: { enabled: false } });
    expect(await answers(port)).toBe(false);
    expect(off.channelWebhook.listener).toEqual({ state: 'off', message: 'Not listening' });
  });

  it('moves to a new port when it changes, and frees the port when the host stops', async () => {
    follower = followWebhookListenerSetting(core, logger);
    const [first, second] = [await freePort(), await freePort()];
    await okChecked(core, 'settings/update', { channelWebhook: { enabled: true, port: first } });
    await follower.settled();
    await okChecked(core, 'settings/update', { channelWebhook: { port: second } });
    await follower.settled();
    expect(await answers(first)).toBe(false);
    expect(await answers(second)).toBe(true);

    await follower.stop();
    expect(await answers(second)).toBe(false);
  });

  it('shows a busy port in Settings and the log, and keeps the app running', async () => {
    const blocker: Server = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const { port } = blocker.address() as AddressInfo;
    try {
      follower = followWebhookListenerSetting(core, logger);
      const settings = await okChecked(core, 'settings/update', { channelWebhook: { enabled: true, port } });
      expect(settings.channelWebhook.enabled).toBe(true);
      const message = `Port ${port} is in use: choose another`;
      expect((await okChecked(core, 'settings/get', {})).channelWebhook.listener).toEqual({ state: 'failed', message });
      expect(logged).toContain(`Beds24 webhooks: ${message}`);
    } finally {
      await new Promise<void>((resolve) => blocker.close(() => resolve()));
    }
  });
});
