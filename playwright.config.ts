import { defineConfig } from '@playwright/test';
import { CHROMIUM_ARGS, chromiumPath, VIEWPORT } from './tests/e2e/support/chromium.js';

// Browser tests run in the Chromium chromiumPath() finds (it never downloads one) against the
// headless host, which each test starts itself on 127.0.0.1 (see tests/e2e/support/host.ts).
// Resolved here, as the config loads, so a machine without a browser fails at once, before any
// test runs, with the one line saying how to get one (a thrown error would bury it in a stack).
let executablePath: string;
try {
  executablePath = chromiumPath();
} catch (error) {
  console.error((error as Error).message);
  process.exit(1);
}

export default defineConfig({
  testDir: 'tests/e2e',
  timeout: 60_000,
  workers: 1,
  reporter: [['list']],
  use: {
    browserName: 'chromium',
    viewport: VIEWPORT,
    launchOptions: { executablePath, args: CHROMIUM_ARGS },
  },
});
