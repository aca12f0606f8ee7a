import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';
import { DEV_META_CONTENT_SECURITY_POLICY, META_CONTENT_SECURITY_POLICY } from './shared/content-security-policy.js';

const CHARSET = /<meta charset="UTF-8" \/>\r?\n/i;

/**
 * Writes the Content-Security-Policy `<meta>` tag into index.html from the one source
 * (shared/content-security-policy.ts), right after <meta charset>, before any script. The dev
 * server gets the dev variant (React Fast Refresh's inline script). An index.html with a policy
 * of its own is refused: a hand-kept copy is how the two drifted apart.
 */
export function contentSecurityPolicyMeta(): Plugin {
  return {
    name: 'sentinel:content-security-policy',
    transformIndexHtml: {
      order: 'pre',
      handler(html, context) {
        if (/http-equiv=["']?Content-Security-Policy/i.test(html)) {
          throw new Error('renderer/index.html must not carry a Content-Security-Policy: it is written from shared/content-security-policy.ts');
        }
        if (!CHARSET.test(html)) throw new Error('renderer/index.html has no <meta charset="UTF-8" /> to put the Content-Security-Policy after');
        const policy = context.server ? DEV_META_CONTENT_SECURITY_POLICY : META_CONTENT_SECURITY_POLICY;
        return html.replace(CHARSET, (charset) => `${charset}    <meta http-equiv="Content-Security-Policy" content="${policy}" />\n`);
      },
    },
  };
}

// The renderer: built into dist/renderer, loaded by Electron from file:// (hence relative
// asset paths) and served by the headless host.
export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [contentSecurityPolicyMeta(), react()],
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    target: 'es2022',
  },
});
