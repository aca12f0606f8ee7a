import { describe, expect, it } from 'vitest';
import { findChromium, NO_CHROMIUM_MESSAGE } from './find-chromium.js';

const PLAYWRIGHT = '/home/me/.cache/ms-playwright/chromium-1200/chrome-linux/chrome';

/** A machine holding exactly these files. */
function machine(files: string[], env: { CHROMIUM_PATH?: string } = {}, playwrightPath: () => string | undefined = () => PLAYWRIGHT) {
  return { env, exists: (path: string) => files.includes(path), playwrightPath };
}

describe('finding Chromium', () => {
  it('uses CHROMIUM_PATH when it is set, before any other browser', () => {
    expect(findChromium(machine(['/opt/chrome', PLAYWRIGHT, '/usr/bin/chromium'], { CHROMIUM_PATH: '/opt/chrome' }))).toBe('/opt/chrome');
  });

  it('fails naming CHROMIUM_PATH when it points nowhere, instead of falling back to another browser', () => {
    expect(() => findChromium(machine([PLAYWRIGHT, '/usr/bin/chromium'], { CHROMIUM_PATH: '/nonexistent' }))).toThrow(
      'CHROMIUM_PATH is set to /nonexistent, which does not exist.',
    );
  });

  it("prefers the Chromium Playwright installed to the system's", () => {
    expect(findChromium(machine([PLAYWRIGHT, '/usr/bin/chromium']))).toBe(PLAYWRIGHT);
  });

  it("falls back to the system's Chromium when Playwright's path was never installed, or Playwright cannot say", () => {
    expect(findChromium(machine(['/usr/bin/chromium']))).toBe('/usr/bin/chromium');
    expect(findChromium(machine(['/usr/bin/chromium-browser']))).toBe('/usr/bin/chromium-browser');
    const throwing = () => {
      throw new Error('unsupported platform');
    };
    expect(findChromium(machine(['/usr/bin/google-chrome'], {}, throwing))).toBe('/usr/bin/google-chrome');
    expect(findChromium(machine(['/usr/bin/chromium'], {}, () => undefined))).toBe('/usr/bin/chromium');
  });

  it('fails with one line saying how to get a browser when the machine has none', () => {
    expect(() => findChromium(machine([]))).toThrow(NO_CHROMIUM_MESSAGE);
    expect(NO_CHROMIUM_MESSAGE).not.toContain('\n');
    for (const way of ['npx playwright install chromium', 'apt-get install chromium', 'CHROMIUM_PATH']) expect(NO_CHROMIUM_MESSAGE).toContain(way);
  });
});
