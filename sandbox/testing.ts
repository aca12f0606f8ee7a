import { afterAll, beforeAll, beforeEach } from 'vitest';
import { createControlClient, type ControlClient } from './control-client.js';
import type { SandboxClock } from './kit.js';
import { startSandbox, type Sandbox } from './server.js';

/** The day every test sandbox is seeded for, so the hotel is the same in every run. */
export const TEST_DAY = '2026-11-23';

/**
 * One sandbox on a loopback port for a test file: started before its tests, closed after, and
 * (by default) reset before each test so faults and counters never leak between tests. With a
 * `clock` (a ManualClock), the sandbox's time moves only when the test moves it.
 */
export function useSandbox(options: { resetEach?: boolean; clock?: SandboxClock } = {}): { readonly sandbox: Sandbox; readonly control: ControlClient } {
  let sandbox: Sandbox | undefined;
  let control: ControlClient | undefined;
  beforeAll(async () => {
    sandbox = await startSandbox({ port: 0, today: TEST_DAY, ...(options.clock ? { clock: options.clock } : {}) });
    control = createControlClient(sandbox.url);
  });
  afterAll(() => sandbox?.close());
  if (options.resetEach ?? true) beforeEach(() => control!.reset());
  return {
    get sandbox() {
      return sandbox!;
    },
    get control() {
      return control!;
    },
  };
}
