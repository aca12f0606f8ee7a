// Builds everything the app and the headless host run: the Node side (tsc → dist/), the
// renderer (Vite → dist/renderer) and the sandboxed preload (Vite → dist/electron/preload.cjs).
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';

// From empty: a file left by an older build (a moved module, a renamed fixture) must not ship.
rmSync('dist', { recursive: true, force: true });

const steps = [
  ['Node side', ['tsc', '-p', 'tsconfig.build.json']],
  ['renderer', ['vite', 'build', '--logLevel', 'warn']],
  ['preload', ['vite', 'build', '--config', 'electron/vite.preload.config.ts', '--logLevel', 'warn']],
];

for (const [name, [command, ...args]] of steps) {
  const result = spawnSync('npx', ['--no-install', command, ...args], { stdio: 'inherit' });
  if (result.status !== 0) {
    console.error(`build failed at the ${name} step`);
    process.exit(result.status ?? 1);
  }
}
