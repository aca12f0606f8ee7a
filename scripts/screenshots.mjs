// `npm run screenshots`: builds, then runs the browser specs that take screenshots with
// SENTINEL_SCREENSHOT_DIR pointing at docs/screenshots/, refreshing the README's images. `npm test`
// runs the same specs but keeps its screenshots under test-results/ (tests/e2e/support/screenshots.ts).
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const build = spawnSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);

// Found, not listed, so a spec that starts taking screenshots is never left out.
const specs = readdirSync('tests/e2e')
  .filter((file) => file.endsWith('.spec.ts'))
  .map((file) => join('tests/e2e', file))
  .filter((file) => readFileSync(file, 'utf8').includes('await screenshot('));

const run = spawnSync('npx', ['--no-install', 'playwright', 'test', ...specs], {
  stdio: 'inherit',
  env: { ...process.env, SENTINEL_SCREENSHOT_DIR: resolve('docs/screenshots') },
});
process.exit(run.status ?? 1);
