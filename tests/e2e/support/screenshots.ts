import { test, type Page } from '@playwright/test';
import { join } from 'node:path';

/** The narrow laptop screen every screen is also looked at on (issue #12). */
const NARROW = { width: 1024, height: 700 };

/**
 * Saves the page as `<name>.png`, and at 1024×700 as `<name>-1024.png` when the page is wider:
 * into SENTINEL_SCREENSHOT_DIR when it is set (`npm run screenshots` sets it to docs/screenshots/,
 * the README's images), else under the test output folder (test-results/screenshots/), so `npm
 * test` never rewrites tracked files. The viewport is put back afterwards.
 */
export async function screenshot(page: Page, name: string): Promise<void> {
  const dir = process.env.SENTINEL_SCREENSHOT_DIR ?? join(test.info().project.outputDir, 'screenshots');
  await page.screenshot({ path: join(dir, `${name}.png`) });
  const size = page.viewportSize();
  if (!size || size.width <= NARROW.width) return;
  await page.setViewportSize(NARROW);
  // Screens lay themselves out again on resize: wait for the frame after it before the picture.
  await page.evaluate(() => {
    const frame = (globalThis as unknown as { requestAnimationFrame(callback: () => void): void }).requestAnimationFrame;
    return new Promise<void>((resolve) => frame(() => frame(resolve)));
  });
  await page.screenshot({ path: join(dir, `${name}-1024.png`) });
  await page.setViewportSize(size);
}
