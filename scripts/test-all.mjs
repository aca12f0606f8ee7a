// `npm test`: type-checks both projects, runs the unit tests (Vitest), builds, runs the browser
// tests (Playwright, in the Chromium tests/e2e/support/chromium.ts finds), and ends with one line
// summing every runner: `N passed, N failed, N skipped`. Without a browser, Playwright prints one
// line saying how to get one and exits without a report, which counts here as one failure.
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

const vitestReport = join(reports, 'vitest.json');
const unitOk = run('unit tests (vitest)', 'vitest', ['run', '--reporter=default', '--reporter=json', `--outputFile.json=${vitestReport}`]);
const unit = readJson(vitestReport);
if (unit) {
  totals.passed += unit.numPassedTests;
  totals.failed += unit.numFailedTests;
  totals.skipped += unit.numPendingTests + unit.numTodoTests;
}
if (!unitOk && (!unit || unit.numFailedTests === 0)) {
  totals.failed += 1;
  broken = true;
}

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
}

rmSync(reports, { recursive: true, force: true });
const summary = `${totals.passed} passed, ${totals.failed} failed${totals.skipped ? `, ${totals.skipped} skipped` : ''}`;
console.log(`\n${summary}`);
process.exit(totals.failed > 0 || broken ? 1 : 0);
