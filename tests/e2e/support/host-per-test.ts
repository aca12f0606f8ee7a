import { test } from '@playwright/test';
import type { ControlClient } from '../../../sandbox/control-client.js';
import { startHost, startHostWithSandbox, type RunningHost } from './host.js';

// Every spec's tests each get a fresh headless host, started before and stopped after: the two
// hooks live here (host.ts stays free of Playwright's test runner, for the reliability tests).

function perTest<T>(start: () => Promise<T>, hostOf: (started: T) => RunningHost, use: (started: T) => void): void {
  let running: RunningHost | undefined;
  test.beforeEach(async () => {
    const started = await start();
    running = hostOf(started);
    use(started);
  });
  test.afterEach(async () => {
    await running?.stop();
    running = undefined;
  });
}

/** A fresh host for each test of the calling spec, handed to `use`. */
export function hostForEachTest(use: (host: RunningHost) => void): void {
  perTest(startHost, (host) => host, use);
}

/** A fresh host and a client of its sandbox's control API for each test of the calling spec. */
export function hostWithSandboxForEachTest(use: (running: { host: RunningHost; sandbox: ControlClient }) => void): void {
  perTest(startHostWithSandbox, (running) => running.host, use);
}
