import { test, type Page } from '@playwright/test';
import { join } from 'node:path';

/**
 * Saves the page as `<name>.png`: into SENTINEL_SCREENSHOT_DIR when it is set (`npm run
 * screenshots` sets it to docs/screenshots/, the README's images), else under the test output
 * folder (test-results/screenshots/), so `npm test` never rewrites tracked files.
 */
export async function screenshot(page: Page, name: string): Promise<void> {
  const dir = process.env.SENTINEL_SCREENSHOT_DIR ?? join(test.info().project.outputDir, 'screenshots');
  await page.screenshot({ path: join(dir, `${name}.png`) });
}
