/**
 * Keeps secrets out of the log: every entry passes through `redactFields` and `redactText`
 * before it is written, whatever logger writes it.
 */

export const REDACTED = '[redacted]';

/** Field names whose value is never written, compared without case, `-`, `_` or a dotted prefix. */
const SECRET_NAMES = new Set([
  'token',
  'password',
  'passwd',
  'secret',
  'apikey',
  'authorization',
  'cookie',
  'setcookie',
  'credentials',
  'privatekey',
  // An OAuth authorization code. The price: an errno such as ENOENT under `code` is hidden too,
  // so log those under another name (`errno`, `reason`).
  'code',
]);
/** …and names ending in one of these: accessToken, refresh_token, clientSecret, dbPassword. */
const SECRET_ENDINGS = ['token', 'secret', 'password', 'apikey', 'authorization'];

/** Past this, a string is cut: one huge field must not fill a log file on its own. */
export const MAX_STRING_LENGTH = 10_000;
const MAX_DEPTH = 8;

export function isSecretName(name: string): boolean {
  const key = name.slice(name.lastIndexOf('.') + 1).replace(/[-_]/g, '').toLowerCase();
  return SECRET_NAMES.has(key) || SECRET_ENDINGS.some((ending) => key.endsWith(ending));
}

// `Bearer <token>` anywhere, such as a header echoed in an error message.
const BEARER = /\bBearer\s+[^\s"',;]+/gi;
// `Authorization: Basic …`, `Cookie: …` header lines, up to the end of the line.
const HEADER_LINE = /\b((?:proxy-)?authorization|cookie|set-cookie)(\s*:\s*)(?![\s"'])[^\r\n]+/gi;
// A quoted value after a name: JSON (`"token": "…"`), inspected objects (`password: '…'`),
// attributes (`secret="…"`).
const QUOTED_PAIR = /(["']?)([A-Za-z_][\w.-]{0,63})\1(\s*[:=]\s*)(["'])(?:\\.|(?!\4)[^\\\r\n])*\4/g;
// `name=value` in a URL query, a form body or a fragment (`?code=…&state=…`, `#token=…`).
// Names are capped at 64 characters, here and above, so a long run of letters costs no more
// than a short one.
const QUERY_PAIR = /([A-Za-z_][\w.-]{0,63})=([^&\s"'#,;]+)/g;

/** The text with the secrets it visibly carries replaced by "[redacted]". */
export function redactText(text: string): string {
  const cut = text.length > MAX_STRING_LENGTH ? `${text.slice(0, MAX_STRING_LENGTH)}… (${text.length - MAX_STRING_LENGTH} more characters)` : text;
  return cut
    .replace(QUOTED_PAIR, (pair, quote: string, name: string, separator: string, valueQuote: string) =>
      isSecretName(name) ? `${quote}${name}${quote}${separator}${valueQuote}${REDACTED}${valueQuote}` : pair,
    )
    .replace(HEADER_LINE, (_line, name: string, colon: string) => `${name}${colon}${REDACTED}`)
    .replace(BEARER, `Bearer ${REDACTED}`)
    .replace(QUERY_PAIR, (pair, name: string) => (isSecretName(name) ? `${name}=${REDACTED}` : pair));
}

/**
 * A copy of `value` that is safe to log and to JSON.stringify: secret fields replaced, strings
 * redacted, errors reduced to name, message, stack and cause (an HTTP client's error also carries
 * its request, headers and all), bigints as strings, bytes as a count, cycles and deep nesting cut.
 */
export function redactValue(value: unknown, seen = new Set<object>(), depth = 0): unknown {
  if (typeof value === 'string') return redactText(value);
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'function' || typeof value === 'symbol') return String(value);
  if (value === null || typeof value !== 'object') return value;
  if (seen.has(value)) return '[circular]';
  if (depth >= MAX_DEPTH) return '[too deep]';
  if (value instanceof Error) {
    const { name, message, stack, cause } = value;
    return redactValue({ name, message, stack, ...(cause !== undefined ? { cause } : {}) }, seen, depth);
  }
  if (ArrayBuffer.isView(value)) return `[${value.byteLength} bytes]`;
  seen.add(value);
  try {
    // Dates, URLs and other values that say how they serialise.
    if (typeof (value as { toJSON?: unknown }).toJSON === 'function') return redactValue((value as { toJSON(): unknown }).toJSON(), seen, depth + 1);
    if (Array.isArray(value)) return value.map((item) => redactValue(item, seen, depth + 1));
    if (value instanceof Map) return redactValue(Object.fromEntries(value), seen, depth + 1);
    if (value instanceof Set) return redactValue([...value], seen, depth + 1);
    const copy: Record<string, unknown> = {};
    for (const [name, item] of Object.entries(value)) copy[name] = isSecretName(name) ? REDACTED : redactValue(item, seen, depth + 1);
    return copy;
  } finally {
    seen.delete(value);
  }
}

export function redactFields(fields: Record<string, unknown>): Record<string, unknown> {
  return redactValue(fields) as Record<string, unknown>;
}
