import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build, createServer } from 'vite';
import { describe, expect, it } from 'vitest';
import { contentSecurityPolicyMeta } from '../vite.config.js';
import {
  CONTENT_SECURITY_POLICY,
  DEV_CONTENT_SECURITY_POLICY,
  DEV_META_CONTENT_SECURITY_POLICY,
  META_CONTENT_SECURITY_POLICY,
} from './content-security-policy.js';

const configFile = fileURLToPath(new URL('../vite.config.ts', import.meta.url));
const sourceHtml = readFileSync(new URL('../renderer/index.html', import.meta.url), 'utf8');

/** Every Content-Security-Policy `<meta>` of a page, as written. */
const metaPolicies = (html: string) => [...html.matchAll(/<meta http-equiv="Content-Security-Policy" content="([^"]*)"/gi)].map((match) => match[1]);

/** The renderer's index.html as `vite build` writes it (kept in memory). */
async function builtIndexHtml(): Promise<string> {
  const result = await build({ configFile, logLevel: 'silent', build: { write: false, emptyOutDir: false } });
  const outputs = [result].flat() as unknown as { output: { fileName: string; source?: string | Uint8Array }[] }[];
  const page = outputs.flatMap((bundle) => bundle.output).find((file) => file.fileName === 'index.html');
  if (!page?.source) throw new Error('vite build wrote no index.html');
  return typeof page.source === 'string' ? page.source : Buffer.from(page.source).toString('utf8');
}

describe('the content security policy', () => {
  it('lets the page load only its own scripts, and the header adds only what a meta tag cannot carry', () => {
    expect(META_CONTENT_SECURITY_POLICY).toBe(
      "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'",
    );
    expect(CONTENT_SECURITY_POLICY).toBe(`${META_CONTENT_SECURITY_POLICY}; frame-ancestors 'none'`);
    const inline = (policy: string) => policy.replace("script-src 'self'", "script-src 'self' 'unsafe-inline'");
    expect(DEV_META_CONTENT_SECURITY_POLICY).toBe(inline(META_CONTENT_SECURITY_POLICY));
    expect(DEV_CONTENT_SECURITY_POLICY).toBe(inline(CONTENT_SECURITY_POLICY));
  });

  it('is written into the built page as its one meta policy, before any script, and kept nowhere in renderer/index.html', async () => {
    expect(metaPolicies(sourceHtml)).toEqual([]);
    expect(sourceHtml).not.toMatch(/Content-Security-Policy/i);
    const built = await builtIndexHtml();
    expect(metaPolicies(built)).toEqual([META_CONTENT_SECURITY_POLICY]);
    expect(built.indexOf('http-equiv="Content-Security-Policy"')).toBeLessThan(built.indexOf('<script'));
  });

  it('gives the page of the dev server the dev variant', async () => {
    const server = await createServer({ configFile, logLevel: 'silent', server: { middlewareMode: true, hmr: false }, optimizeDeps: { noDiscovery: true } });
    try {
      expect(metaPolicies(await server.transformIndexHtml('/', sourceHtml))).toEqual([DEV_META_CONTENT_SECURITY_POLICY]);
    } finally {
      await server.close();
    }
  });

  it('refuses to build a page that carries a policy of its own', () => {
    const { handler } = contentSecurityPolicyMeta().transformIndexHtml as { handler: (html: string, context: object) => string };
    const handCopied = sourceHtml.replace('<head>', `<head>\n    <meta http-equiv="Content-Security-Policy" content="${META_CONTENT_SECURITY_POLICY}" />`);
    expect(() => handler(handCopied, {})).toThrow('renderer/index.html must not carry a Content-Security-Policy');
  });
});
