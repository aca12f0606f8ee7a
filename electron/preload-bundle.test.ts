import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runInNewContext } from 'node:vm';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { CALL_NAMES, EVENT_NAMES } from '../shared/contract.js';

/**
 * Builds the preload exactly as `npm run build` does (only into a temp folder) and runs the
 * result the way a sandboxed renderer would: a CommonJS wrapper whose `require` knows nothing
 * but 'electron'. Proves the bundle is self-contained, not just that the source type-checks.
 */
describe('the bundled preload', () => {
  let outDir: string;
  let code: string;

  beforeAll(async () => {
    outDir = await mkdtemp(join(tmpdir(), 'sentinel-preload-'));
    await build({
      configFile: fileURLToPath(new URL('./vite.preload.config.ts', import.meta.url)),
      logLevel: 'silent',
      build: { outDir },
    });
    code = await readFile(join(outDir, 'preload.cjs'), 'utf8');
  }, 60_000);

  afterAll(async () => {
    await rm(outDir, { recursive: true, force: true });
  });

  it("is one CommonJS file whose only require is 'electron'", async () => {
    expect(await readdir(outDir)).toEqual(['preload.cjs']);
    const required = [...code.matchAll(/\brequire\(\s*["'`]([^"'`]+)["'`]\s*\)/g)].map((match) => match[1]);
    expect(required).toEqual(['electron']);
    expect(code).not.toMatch(/^\s*(import|export)\s/m);
  });

  it("exposes window.sentinel with every call and event when run with nothing but 'electron'", async () => {
    const exposed = new Map<string, { calls: Record<string, (args: unknown) => Promise<unknown>>; events: Record<string, unknown> }>();
    const ipcRenderer = { invoke: vi.fn(async () => ({ ok: true, data: null })), on: vi.fn(), removeListener: vi.fn() };
    const electron = { contextBridge: { exposeInMainWorld: (key: string, api: never) => exposed.set(key, api) }, ipcRenderer };
    const sandboxedRequire = (name: string) => {
      if (name === 'electron') return electron;
      throw new Error(`module not found: ${name} (a sandboxed preload can only require electron)`);
    };
    const module = { exports: {} };
    const wrapped = runInNewContext(`(function (exports, require, module) {\n${code}\n})`, {}) as (...args: unknown[]) => void;
    wrapped(module.exports, sandboxedRequire, module);

    const bridge = exposed.get('sentinel')!;
    expect([...exposed.keys()]).toEqual(['sentinel']);
    expect(Object.keys(bridge.calls)).toEqual(CALL_NAMES);
    expect(Object.keys(bridge.events)).toEqual(EVENT_NAMES);
    await bridge.calls['sync/pause']!({ lane: 'pms' });
    expect(ipcRenderer.invoke).toHaveBeenCalledWith('sentinel:call:sync/pause', { lane: 'pms' });
  });
});
