import { defineConfig } from 'vitest/config';

// The reliability suite (tests/reliability): the built headless host and the standalone
// simulator as separate processes, killed, starved of disk and fed garbage. Run by
// `npm run test:reliability` (after a build) and by `npm test`; never by the plain `vitest run`,
// whose config includes only the folders beside the code. One file at a time, one test at a
// time: the scenarios measure rates and timings on a 2-core machine, and each owns its processes.
export default defineConfig({
  test: {
    include: ['tests/reliability/**/*.test.ts'],
    environment: 'node',
    fileParallelism: false,
    maxWorkers: 1,
    sequence: { concurrent: false },
    testTimeout: 150_000,
    hookTimeout: 30_000,
  },
});
