import { request as httpRequest, type OutgoingHttpHeaders } from 'node:http';

/** One HTTP answer, read whole. */
export interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  /** The body as JSON, or undefined when it is not JSON. */
  json: any;
  ms: number;
}

export interface RawRequest {
  method?: string;
  headers?: OutgoingHttpHeaders;
  /** Sent as it is (bytes are bytes: invalid UTF-8 stays invalid). */
  body?: Buffer | string;
  /** Sent in pieces without a Content-Length (chunked), as a client streaming an upload would. */
  chunked?: boolean;
  timeoutMs?: number;
}

/**
 * One request over a fresh connection, with the bytes, headers and framing given: the
 * fuzzer needs what `fetch` would tidy up (invalid UTF-8, a missing Content-Type, a body
 * larger than the host takes). Rejects when there is no answer within the timeout, or the
 * connection ends without one.
 */
export function send(url: string, options: RawRequest = {}): Promise<Answer> {
  const started = performance.now();
  const timeoutMs = options.timeoutMs ?? 10_000;
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method: options.method ?? 'POST', headers: options.headers ?? {}, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('error', reject);
      res.on('end', () => {
        clearTimeout(timer);
        const text = Buffer.concat(chunks).toString('utf8');
        let json: unknown;
        try {
          json = JSON.parse(text);
        } catch {
          json = undefined;
        }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json, ms: performance.now() - started });
      });
    });
    const timer = setTimeout(() => {
      req.destroy(new Error(`no answer within ${timeoutMs} ms`));
    }, timeoutMs);
    req.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    const body = options.body === undefined ? undefined : Buffer.isBuffer(options.body) ? options.body : Buffer.from(options.body);
    if (body === undefined) return void req.end();
    if (!options.chunked) {
      req.setHeader('Content-Length', body.length);
      return void req.end(body);
    }
    // Streamed in 64 KB pieces; the host may answer (413) and close before the last one.
    for (let offset = 0; offset < body.length; offset += 65_536) {
      if (req.destroyed) break;
      req.write(body.subarray(offset, offset + 65_536));
    }
    req.end();
  });
}

/** Waits until `probe` answers something other than undefined, asking every `intervalMs`, for at most `timeoutMs`. */
export async function waitFor<T>(what: string, probe: () => Promise<T | undefined> | T | undefined, timeoutMs: number, intervalMs = 200): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) {
      throw new Error(`Gave up after ${timeoutMs} ms waiting for ${what}${lastError ? ` (last error: ${(lastError as Error).message})` : ''}`);
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
