import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Notification } from '../../shared/contract.js';
import { createControlClient, type ControlClient } from '../../sandbox/control-client.js';
import { createCore, type Core } from '../core.js';
import { silentLogger } from '../logger.js';
import { makeTempDir } from '../testing/temp-dir.js';

let dir: ReturnType<typeof makeTempDir>;
let core: Core;
let control: ControlClient;
let heard: Notification[];

// A Cloudbeds job that really talks to the in-process sandbox over loopback, so the lane's
// outage and sign-in states come from real connection errors and real 401s.
beforeEach(async () => {
  dir = makeTempDir();
  core = createCore({
    dataDir: dir.path,
    logger: silentLogger,
    lanes: [{ name: 'cloudbeds', concurrency: 1 }],
    jobHandlers: {
      'rates/push': async () => {
        await core.connections!.connectors.cloudbeds.getRoomTypes();
        return null;
      },
    },
  });
  heard = [];
  core.events.on('notification/new', (notification) => heard.push(notification));
  await core.start();
  control = createControlClient(core.connections!.sandbox!.url);
});
afterEach(async () => {
  await core.stop();
  dir.remove();
});

async function until(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 25));
  expect(condition()).toBe(true);
}

describe('notifications from the real sandbox', () => {
  it('says Cloudbeds is offline once during an outage, and that it is back when the outage ends', async () => {
    await control.faults('cloudbeds', { outage: true });
    core.queue.enqueue([1, 2, 3].map((n) => ({ lane: 'cloudbeds', type: 'rates/push', payload: n })));
    await until(() => heard.length === 1);
    expect(heard[0]).toMatchObject({ type: 'INFO', title: 'Cloudbeds is offline; changes are kept and will be sent', screen: 'sync' });

    await control.faults('cloudbeds', { outage: false });
    await until(() => heard.length === 2);
    expect(heard[1]).toMatchObject({ type: 'SUCCESS', screen: 'sync' });
    expect(heard[1]!.title).toMatch(/^Cloudbeds is back; 3 queued changes are being sent$/);
    const listed = await core.invoke('notifications/list', {});
    expect(listed).toMatchObject({ ok: true, data: { unread: 2 } });
  }, 20_000);

  it('asks for sign-in when Cloudbeds refuses the credentials', async () => {
    await control.faults('cloudbeds', { authRevoked: true });
    core.queue.enqueue({ lane: 'cloudbeds', type: 'rates/push', payload: 1 });
    await until(() => heard.length === 1);
    expect(heard[0]).toMatchObject({ type: 'ERROR', title: 'Cloudbeds needs you to sign in again', screen: 'sync' });
  });
});
