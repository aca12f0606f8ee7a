import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
// electron-builder's own loader and validator (app-builder-lib, which electron-builder runs on):
// the config is read and checked exactly as `npm run dist` reads and checks it.
import { getConfig, validateConfiguration } from 'app-builder-lib/out/util/config/config.js';
import { DebugLogger } from 'builder-util';
import { describe, expect, it } from 'vitest';

const projectDir = join(dirname(fileURLToPath(import.meta.url)), '..');

/** electron-builder.yml as `electron-builder --config electron-builder.yml` loads it. */
const loadPackagingConfig = () => getConfig(projectDir, 'electron-builder.yml', null);

describe('packaging (electron-builder.yml)', () => {
  it('is a configuration electron-builder accepts, so no fuse name is misspelled', async () => {
    const config = await loadPackagingConfig();
    await expect(validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined();
  });

  it('flips the fuses: no running as Node, no NODE_OPTIONS, no --inspect, the app only from a checked app.asar', async () => {
    const { electronFuses } = await loadPackagingConfig();
    expect(electronFuses).toMatchObject({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
    });
  });

  it('gives the installers of every platform the app icon: a PNG of 512 px, what macOS asks at the least', async () => {
    const config = await loadPackagingConfig();
    for (const options of [config.mac, config.win, config.linux]) expect(options?.icon).toBeUndefined();
    const png = readFileSync(join(projectDir, config.icon!));
    expect(png.toString('ascii', 12, 16)).toBe('IHDR');
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([512, 512]);
  });

  it('packs the app into app.asar with its integrity hashed, on every platform, and better-sqlite3’s binary beside it', async () => {
    const config = await loadPackagingConfig();
    // onlyLoadAppFromAsar finds no app without an app.asar; the integrity fuse needs its hash.
    for (const options of [config, config.mac, config.win, config.linux]) expect(options?.asar).not.toBe(false);
    expect(config.disableAsarIntegrity).not.toBe(true);
    // A native module cannot be loaded from inside the archive.
    expect(config.asarUnpack).toContain('node_modules/better-sqlite3/**/*.node');
  });
});
