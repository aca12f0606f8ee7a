import { chromium } from '@playwright/test';
import { existsSync } from 'node:fs';
import { findChromium } from '../../../scripts/find-chromium.js';

/**
 * The Chromium every browser run here launches (tests and the grid bench): CHROMIUM_PATH, else
 * one Playwright installed, else the system's (see scripts/find-chromium.ts). Throws one line
 * saying how to get one when there is none; nothing here ever downloads a browser.
 */
export function chromiumPath(): string {
  return findChromium({ env: process.env, exists: existsSync, playwrightPath: () => chromium.executablePath() });
}

/** Flags every browser run uses: headless, and nothing that reaches the network. */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export const VIEWPORT = { width: 1280, height: 800 };
