import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Notification } from '../../shared/contract.js';
import { startDemo, type Demo } from '../../demo/demo.js';
import { createControlClient, type ControlClient } from '../../sandbox/control-client.js';
import { createCore, type Core } from '../core.js';
import { silentLogger } from '../logger.js';
import { newJob, workerFor } from '../queue/job-kind.js';
import { testKind } from '../testing/queue-fixture.js';
import { makeTempDir } from '../testing/temp-dir.js';

const PUSH = testKind('test/push', 'cloudbeds', ['rate update', 'rate updates']);
let dir: ReturnType<typeof makeTempDir>;
let demo: Demo;
let core: Core;
let control: ControlClient;
let heard: Notification[];
let heardChanged: () => void = () => {};

// A Cloudbeds job that really talks to the in-process sandbox over loopback, so the lane's
// outage and sign-in states come from real connection errors and real 401s.
beforeEach(async () => {
  dir = makeTempDir();
  demo = await startDemo();
  core = createCore({
    dataDir: dir.path,
    logger: silentLogger,
    connections: demo.connections,
    lanes: [{ name: 'cloudbeds', concurrency: 1 }],
    // Only the test's jobs on the lane: a hotel-details fetch caught in the outage would be one more to tell of.
    hotelDetailsCron: null,
    workers: [
      workerFor(PUSH, async () => {
        await core.connectors.cloudbeds!.getRoomTypes();
        return null;
      }),
    ],
  });
  heard = [];
  core.events.on('notification/new', (notification) => {
    heard.push(notification);
    heardChanged();
  });
  await core.start();
  control = createControlClient(demo.sandbox.url, demo.sandbox.controlToken);
});
afterEach(async () => {
  await core.stop();
  await demo.close();
  dir.remove();
});

/** Resolves when `count` notifications have been heard (the test's timeout bounds the wait). */
function heardCount(count: number): Promise<void> {
  return new Promise((resolve) => {
    heardChanged = () => heard.length >= count && resolve();
    heardChanged();
  });
}

describe('notifications from the real sandbox', () => {
  it('says Cloudbeds is offline once during an outage, and that it is back when the outage ends', async () => {
    await control.faults('cloudbeds', { outage: true });
    core.queue.enqueue([1, 2, 3].map((n) => newJob(PUSH, n)));
    await heardCount(1);
    expect(heard[0]).toMatchObject({ type: 'INFO', title: 'Cloudbeds is offline; changes are kept and will be sent', screen: 'sync' });

    await control.faults('cloudbeds', { outage: false });
    await heardCount(2);
    expect(heard[1]).toMatchObject({ type: 'SUCCESS', screen: 'sync' });
    expect(heard[1]!.title).toMatch(/^Cloudbeds is back; 3 queued changes are being sent$/);
    const listed = await core.invoke('notifications/list', {});
    expect(listed).toMatchObject({ ok: true, data: { unread: 2 } });
  }, 20_000);

  it('asks for sign-in when Cloudbeds refuses the credentials', async () => {
    await control.faults('cloudbeds', { authRevoked: true });
    core.queue.enqueue(newJob(PUSH, 1));
    await heardCount(1);
    expect(heard[0]).toMatchObject({ type: 'ERROR', title: 'Cloudbeds needs you to sign in again', screen: 'sync' });
  });
});
