// `npm test`: type-checks both projects, runs the unit tests (Vitest), builds, runs the browser
// tests (Playwright, in the Chromium tests/e2e/support/chromium.ts finds) and the reliability suite
// (Vitest, tests/reliability: the built host and the simulator as processes), and ends with one
// line summing every runner: `N passed, N failed, N skipped`. Without a browser, Playwright prints
// one line saying how to get one and exits without a report, which counts here as one failure.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const reports = mkdtempSync(join(tmpdir(), 'sentinel-test-'));
const totals = { passed: 0, failed: 0, skipped: 0 };
let broken = false;

function run(title, command, args, env = {}) {
  console.log(`\n=== ${title} ===`);
  const result = spawnSync('npx', ['--no-install', command, ...args], { stdio: 'inherit', env: { ...process.env, ...env } });
  return result.status === 0;
}

function readJson(file) {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return null;
  }
}

// Type errors count as one failure each project, so a red type-check can never end green.
for (const project of ['tsconfig.node.json', 'tsconfig.renderer.json']) {
  if (!run(`type-check ${project}`, 'tsc', ['-p', project, '--noEmit'])) {
    totals.failed += 1;
    broken = true;
  }
}

/** A Vitest run whose counts (its JSON report) join the totals; a run that failed without a failed test counts one. */
function runVitest(title, name, args = []) {
  const report = join(reports, `${name}.json`);
  const ok = run(title, 'vitest', ['run', ...args, '--reporter=default', '--reporter=json', `--outputFile.json=${report}`]);
  const result = readJson(report);
  if (result) {
    totals.passed += result.numPassedTests;
    totals.failed += result.numFailedTests;
    totals.skipped += result.numPendingTests + result.numTodoTests;
  }
  if (!ok && (!result || result.numFailedTests === 0)) {
    totals.failed += 1;
    broken = true;
  }
}

runVitest('unit tests (vitest)', 'vitest');

console.log('\n=== build ===');
const build = spawnSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });
if (build.status !== 0) {
  totals.failed += 1;
  broken = true;
} else {
  const e2eReport = join(reports, 'playwright.json');
  const e2eOk = run('browser tests (playwright, Chromium)', 'playwright', ['test', '--reporter=list,json'], {
    PLAYWRIGHT_JSON_OUTPUT_NAME: e2eReport,
  });
  const e2e = readJson(e2eReport);
  if (e2e) {
    totals.passed += e2e.stats.expected + e2e.stats.flaky;
    totals.failed += e2e.stats.unexpected;
    totals.skipped += e2e.stats.skipped;
  }
  if (!e2eOk && (!e2e || e2e.stats.unexpected === 0)) {
    totals.failed += 1;
    broken = true;
  }
  runVitest('reliability suite (vitest: built host and simulator as processes)', 'reliability', ['--config', 'vitest.reliability.config.ts']);
}

rmSync(reports, { recursive: true, force: true });
const summary = `${totals.passed} passed, ${totals.failed} failed${totals.skipped ? `, ${totals.skipped} skipped` : ''}`;
console.log(`\n${summary}`);
process.exit(totals.failed > 0 || broken ? 1 : 0);
