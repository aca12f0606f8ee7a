/**
 * Which Chromium the browser tests and the grid bench launch. Pure (the environment, the file
 * system and Playwright's answer are passed in) so every branch is unit-tested; the wiring to the
 * real ones is `chromiumPath()` in tests/e2e/support/chromium.ts.
 */

/** Browsers a system package manager installs; the first that exists is used. */
export const SYSTEM_CHROMIUMS = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
];

/** One line, also quoted in the README's Quick start: how to get a browser on any machine. */
export const NO_CHROMIUM_MESSAGE =
  'No Chromium for the browser tests: run `npx playwright install chromium` (where downloads work), ' +
  '`apt-get install chromium` (Debian), or set CHROMIUM_PATH to a Chromium or Chrome executable.';

export interface ChromiumLookup {
  env: { CHROMIUM_PATH?: string | undefined };
  exists(path: string): boolean;
  /**
   * Where Playwright's own Chromium is, from `chromium.executablePath()`: it answers with a path
   * even when that browser was never installed, so the path is checked like the others.
   */
  playwrightPath(): string | undefined;
}

/**
 * CHROMIUM_PATH when set (an error naming it if it is not there, rather than quietly using
 * another browser), else Playwright's Chromium, else the system's; throws NO_CHROMIUM_MESSAGE
 * when there is none.
 */
export function findChromium({ env, exists, playwrightPath }: ChromiumLookup): string {
  if (env.CHROMIUM_PATH) {
    if (exists(env.CHROMIUM_PATH)) return env.CHROMIUM_PATH;
    throw new Error(`CHROMIUM_PATH is set to ${env.CHROMIUM_PATH}, which does not exist.`);
  }
  let fromPlaywright: string | undefined;
  try {
    fromPlaywright = playwrightPath();
  } catch {
    // A Playwright that cannot tell (unknown platform, broken registry) just means "not installed".
  }
  for (const candidate of [fromPlaywright, ...SYSTEM_CHROMIUMS]) {
    if (candidate && exists(candidate)) return candidate;
  }
  throw new Error(NO_CHROMIUM_MESSAGE);
}
