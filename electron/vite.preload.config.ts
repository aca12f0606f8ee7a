/**
 * Bundles the preload: `npx vite build --config electron/vite.preload.config.ts`.
 *
 * A sandboxed preload cannot require local files or packages (only 'electron' and a few
 * built-ins), and cannot be an ES module, so it ships as one self-contained CommonJS file,
 * `dist/electron/preload.cjs`, next to main.js. The `.cjs` extension matters: package.json has
 * "type": "module", and Electron would otherwise treat a `.js` preload as ESM.
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const projectRoot = fileURLToPath(new URL('..', import.meta.url));

export default defineConfig({
  root: projectRoot,
  // Library builds would otherwise copy public/ into dist/electron.
  publicDir: false,
  logLevel: 'warn',
  build: {
    lib: {
      entry: 'electron/preload.ts',
      formats: ['cjs'],
      fileName: () => 'preload.cjs',
    },
    outDir: 'dist/electron',
    // main.js and the rest of tsc's output live in the same folder.
    emptyOutDir: false,
    // Electron 45 runs Node 22 in the preload.
    target: 'node22',
    minify: false,
    sourcemap: false,
    reportCompressedSize: false,
    // Vite 8 bundles with Rolldown; `rollupOptions` is only a deprecated alias.
    rolldownOptions: {
      external: ['electron'],
    },
  },
});
