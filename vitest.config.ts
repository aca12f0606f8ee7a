import { defineConfig } from 'vitest/config';

// Unit and integration tests beside the code; browser tests live in tests/e2e (Playwright).
export default defineConfig({
  test: {
    include: ['{core,demo,electron,headless,shared,renderer,sandbox,scripts,bench}/**/*.test.{ts,tsx}'],
    environment: 'node',
    testTimeout: 20_000,
    hookTimeout: 20_000,
  },
});
