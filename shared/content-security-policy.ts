/**
 * The renderer's Content-Security-Policy: the one source for the `<meta>` tag Vite writes into
 * index.html (vite.config.ts), the headless host's header (headless/server.ts) and the Electron
 * session's header (electron/window.ts).
 *
 * Chromium applies no response headers to `file://` pages, so in the packaged app the meta tag
 * is what enforces the policy; pages served over http get the header as well, which may carry
 * directives a meta tag cannot (a `<meta>` policy ignores `frame-ancestors`).
 */

/** What the page may load: valid in a `<meta>` tag and in a header alike. */
const PAGE_DIRECTIVES = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
] as const;

/** Valid only as a response header. */
const HEADER_ONLY_DIRECTIVES = ["frame-ancestors 'none'"] as const;

/**
 * The dev server's variant: Vite's React Fast Refresh injects an inline module script, which
 * `script-src 'self'` would block. Only for the dev server, never for the built app.
 */
const forDev = (directives: readonly string[]) =>
  directives.map((directive) => (directive === "script-src 'self'" ? "script-src 'self' 'unsafe-inline'" : directive));

/** The policy of the page's `<meta http-equiv="Content-Security-Policy">`. */
export const META_CONTENT_SECURITY_POLICY = PAGE_DIRECTIVES.join('; ');
/** The `Content-Security-Policy` header: the meta policy plus the header-only directives. */
export const CONTENT_SECURITY_POLICY = [...PAGE_DIRECTIVES, ...HEADER_ONLY_DIRECTIVES].join('; ');
/** The meta policy of the page the Vite dev server serves. */
export const DEV_META_CONTENT_SECURITY_POLICY = forDev(PAGE_DIRECTIVES).join('; ');
/** The header for the Vite dev server's pages (Electron with SENTINEL_DEV_URL). */
export const DEV_CONTENT_SECURITY_POLICY = forDev([...PAGE_DIRECTIVES, ...HEADER_ONLY_DIRECTIVES]).join('; ');
