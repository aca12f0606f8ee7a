import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/** Every file under `dir`, as paths relative to it. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)));
}

let out: string;
let files: string[];
beforeAll(() => {
  out = mkdtempSync(join(tmpdir(), 'sentinel-build-'));
  // The Node side exactly as `npm run build` compiles it into dist/, here into a folder of its own.
  const build = spawnSync('npx', ['--no-install', 'tsc', '-p', 'tsconfig.build.json', '--outDir', out], { encoding: 'utf8' });
  expect(build.status, build.stdout + build.stderr).toBe(0);
  files = filesUnder(out);
}, 60_000);
afterAll(() => rmSync(out, { recursive: true, force: true }));

describe('the app’s build', () => {
  it('holds no tests, test fixtures or test helpers', () => {
    const testCode = files.filter((file) => /\.test\.|-test-fixture\.|(^|\/)testing(\/|\.)|conformance\//.test(file));
    expect(testCode).toEqual([]);
  });

  it('holds what the hosts run: the core, both hosts, and the demo with its simulated hotel', () => {
    for (const file of ['core/core.js', 'headless/serve.js', 'electron/main.js', 'demo/demo.js', 'sandbox/server.js']) expect(files).toContain(file);
  });

  it('keeps the core free of the demo: no core module imports the simulator', () => {
    const core = spawnSync('grep', ['-rl', '-e', 'sandbox/', '-e', '/demo/', join(out, 'core')], { encoding: 'utf8' });
    expect(core.stdout).toBe('');
  });
});
