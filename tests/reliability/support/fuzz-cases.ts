import { isDeepStrictEqual } from 'node:util';
import { z } from 'zod';
import { describeIssue } from '../../../core/api/invoke.js';
import { calls, CALL_NAMES, type ApiError, type ApiErrorCode, type CallName } from '../../../shared/contract.js';
import type { Answer } from './http.js';
import { HOST_TOKEN } from './processes.js';
import type { SeededRandom } from './seeded-random.js';
import { pathsOf, pickMutation, replaceAt, sample, toBytes, valueAt, writeJson, type JsonSchema, type SampleContext } from './fuzz-values.js';

// The requests the bad-input scenario sends, each with the answer it must get. Arguments are
// generated from the contract's own schemas and broken in one place; what the contract itself
// says of the broken argument (its first issue, as `describeIssue` words it for every host) is
// the answer expected, so a field named wrongly, or not at all, is caught too.

/** The host refuses larger bodies (headless/server.ts, DEFAULT_MAX_BODY_BYTES). */
export const MAX_BODY_BYTES = 1024 * 1024;

export interface Expected {
  /** `read`: a well-formed read, which may answer 200 or refuse with a 4xx, but nothing else. */
  status: number | 'read';
  code: ApiErrorCode;
  /** The whole error, when the contract's validation says exactly what it must be. */
  exact?: ApiError;
  /** The field the error must name. */
  field?: string;
}

export interface FuzzCase {
  /** What was broken, for the report: "rates/submit: strange number at changes.0.rate". */
  name: string;
  call: string;
  method: string;
  headers: Record<string, string>;
  body?: Buffer;
  chunked?: boolean;
  expected: Expected;
}

const JSON_HEADERS = { Authorization: `Bearer ${HOST_TOKEN}`, 'Content-Type': 'application/json' };

/**
 * What the host must answer a body sent to `call`, read as the host reads it (UTF-8, an
 * empty body meaning no arguments); `'well-formed'` when the contract accepts it after all
 * (such a body is not sent: it could change the data the scenario checks is unchanged).
 */
export function expectedFor(call: CallName, body: Buffer): Expected | 'well-formed' {
  if (body.length > MAX_BODY_BYTES) return { status: 413, code: 'payload_too_large' };
  const text = body.toString('utf8');
  let args: unknown;
  try {
    args = text.trim() === '' ? {} : JSON.parse(text);
  } catch {
    return { status: 400, code: 'invalid_argument' };
  }
  // `null` is not "no arguments": every call takes an object.
  const parsed = calls[call].args.safeParse(args);
  if (parsed.success) return 'well-formed';
  const exact = describeIssue(parsed.error);
  return { status: 400, code: 'invalid_argument', exact, ...(exact.field ? { field: exact.field } : {}) };
}

/** Calls that only read: sent even when the broken argument came out well-formed after all. */
const READS: ReadonlySet<CallName> = new Set([
  'jobs/list',
  'jobs/get',
  'sync/status',
  'rates/grid',
  'rates/drafts',
  'notifications/list',
  'housekeeping/day',
  'reconciliation/status',
  'reservations/list',
  'reservations/get',
  'blocks/list',
  'mappings/list',
  'channel/events',
  // Only its first call, with nothing stored, queues the fetch; the scenario has it done before.
  'hotel/details',
  'settings/get',
  // One cheap read at the remote system; it records only the outcome shown in Settings.
  'connections/test',
]);

/**
 * `count` generated bodies per call, each broken in one place. One that comes out well-formed
 * after all (a strange but valid date, a text filter of odd characters) is sent only to a call
 * that reads, where any answer but a 5xx or a hang will do; to one that writes it is set aside.
 */
export function generatedCases(random: SeededRandom, context: SampleContext, count: number): { cases: FuzzCase[]; wellFormed: number } {
  const cases: FuzzCase[] = [];
  let wellFormed = 0;
  for (const call of CALL_NAMES) {
    const schema = z.toJSONSchema(calls[call].args, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
    for (let i = 0; i < count; i += 1) {
      const base = sample(schema, random, context);
      const path = random.pick(pathsOf(base));
      const mutation = pickMutation(valueAt(base, path), random);
      const broken = replaceAt(base, path, mutation.make(valueAt(base, path), random));
      const body = toBytes(broken === undefined ? '' : writeJson(broken), random);
      const expected = expectedFor(call, body);
      if (expected === 'well-formed') wellFormed += 1;
      if (expected === 'well-formed' && !READS.has(call)) continue;
      const name = `${call}: ${mutation.name} at ${path.join('.') || '(the arguments)'}`;
      cases.push({ name, call, method: 'POST', headers: JSON_HEADERS, body, expected: expected === 'well-formed' ? { status: 'read', code: 'invalid_argument' } : expected });
    }
  }
  return { cases, wellFormed };
}

const INVALID_JSON: (string | Buffer)[] = [
  '{',
  '{"a":}',
  "{'from':'2030-01-01'}",
  '{"limit":1,}',
  'NaN',
  'undefined',
  '\uFEFF{}',
  '{}{}',
  '[1,2',
  '"unterminated',
  '{"a":"\\x41"}',
  '{"a":01}',
  '{"a":.5}',
  Buffer.from([0xff, 0xfe, 0x7b, 0x00, 0x7d, 0x00]), // "{}" in UTF-16 with its byte-order mark
  Buffer.from([0x7b, 0xff, 0x7d]),
  Buffer.from('{"a":1}\u0000'),
];

const BAD_AUTHORIZATIONS: (Record<string, string> | null)[] = [
  null,
  { Authorization: '' },
  { Authorization: 'Bearer' },
  { Authorization: 'Bearer ' },
  { Authorization: 'Bearer wrong-token' },
  { Authorization: `Bearer ${HOST_TOKEN.slice(0, -1)}` },
  { Authorization: `Bearer ${HOST_TOKEN}x` },
  { Authorization: `Bearer ${HOST_TOKEN} extra` },
  { Authorization: `Basic ${Buffer.from(`user:${HOST_TOKEN}`).toString('base64')}` },
  { Authorization: HOST_TOKEN },
  { 'X-Api-Token': HOST_TOKEN },
];

/**
 * Requests broken around the arguments: bodies that are not JSON, too large, of another media
 * type or method, calls that do not exist, and tokens missing or wrong (with arguments the
 * call would accept, so a check skipped would show as a change in the data).
 */
export function transportCases(wellFormed: Record<CallName, unknown>): FuzzCase[] {
  const cases: FuzzCase[] = [];
  for (const call of CALL_NAMES) {
    const valid = Buffer.from(JSON.stringify(wellFormed[call]));
    for (const body of INVALID_JSON) {
      const bytes = Buffer.isBuffer(body) ? body : Buffer.from(body);
      cases.push({ name: `${call}: not JSON ${JSON.stringify(bytes.toString('latin1')).slice(0, 40)}`, call, method: 'POST', headers: JSON_HEADERS, body: bytes, expected: { status: 400, code: 'invalid_argument' } });
    }
    for (const type of [null, 'text/plain', 'application/x-www-form-urlencoded', 'application/jsonx', 'multipart/form-data; boundary=x']) {
      const headers: Record<string, string> = { Authorization: JSON_HEADERS.Authorization, ...(type ? { 'Content-Type': type } : {}) };
      cases.push({ name: `${call}: Content-Type ${type}`, call, method: 'POST', headers, body: valid, expected: { status: 415, code: 'invalid_argument' } });
    }
    for (const method of ['GET', 'PUT', 'DELETE', 'PATCH', 'OPTIONS']) {
      cases.push({ name: `${call}: method ${method}`, call, method, headers: JSON_HEADERS, ...(method === 'GET' ? {} : { body: valid }), expected: { status: 405, code: 'invalid_argument' } });
    }
    const oversized = Buffer.from(`{"text":"${'x'.repeat(MAX_BODY_BYTES)}"}`);
    cases.push({ name: `${call}: body over 1 MB`, call, method: 'POST', headers: JSON_HEADERS, body: oversized, expected: { status: 413, code: 'payload_too_large' } });
    cases.push({ name: `${call}: 4 MB body, chunked`, call, method: 'POST', headers: JSON_HEADERS, body: Buffer.concat([oversized, oversized, oversized, oversized]), chunked: true, expected: { status: 413, code: 'payload_too_large' } });
    for (const auth of BAD_AUTHORIZATIONS) {
      cases.push({
        name: `${call}: authorization ${JSON.stringify(auth)?.replace(HOST_TOKEN, '<token>').slice(0, 60)}`,
        call,
        method: 'POST',
        headers: { 'Content-Type': 'application/json', ...(auth ?? {}) },
        body: valid,
        expected: { status: 401, code: 'unauthorized' },
      });
    }
  }
  for (const call of ['rates/nope', '__proto__', 'constructor', 'toString', 'hasOwnProperty', 'jobs', '', 'jobs/list/extra', 'JOBS/LIST', 'jobs%2Flist', 'rates/grid%00', '..%2f..%2fetc%2fpasswd']) {
    cases.push({ name: `unknown call "${call}"`, call, method: 'POST', headers: JSON_HEADERS, body: Buffer.from('{}'), expected: { status: 404, code: 'unknown_call' } });
  }
  cases.push({ name: 'events: POST', call: 'events', method: 'POST', headers: JSON_HEADERS, body: Buffer.from('{}'), expected: { status: 405, code: 'invalid_argument' } });
  for (const auth of BAD_AUTHORIZATIONS) {
    cases.push({ name: `events: authorization ${JSON.stringify(auth)?.replace(HOST_TOKEN, '<token>').slice(0, 60)}`, call: 'events', method: 'GET', headers: auth ?? {}, expected: { status: 401, code: 'unauthorized' } });
  }
  return cases;
}

/** A case that breaks nothing in the schema but asks for what the hotel does not have or allow. */
export function semanticCase(call: CallName, args: unknown, expected: Expected, name: string): FuzzCase {
  return { name: `${call}: ${name}`, call, method: 'POST', headers: JSON_HEADERS, body: Buffer.from(JSON.stringify(args)), expected };
}

/** What is wrong with the answer to a case; null when it is as expected. */
export function problemWith(fuzzCase: FuzzCase, answer: Answer | Error, maxMs: number): string | null {
  if (answer instanceof Error) return `no answer (${answer.message})`;
  if (answer.ms > maxMs) return `answered after ${Math.round(answer.ms)} ms`;
  const { expected } = fuzzCase;
  const error = answer.json?.error as Partial<ApiError> | undefined;
  const said = `${answer.status} ${answer.text.slice(0, 300)}`;
  if (expected.status === 'read') {
    if (answer.status === 200 && answer.json?.ok === true) return null;
    if (answer.status < 400 || answer.status > 499) return `a well-formed read got ${said}`;
    return typeof error?.code === 'string' && typeof error.message === 'string' && error.message.trim() !== '' ? null : `a refusal without code or message: ${said}`;
  }
  if (answer.status !== expected.status) return `expected ${expected.status} ${expected.code}, got ${said}`;
  if (answer.json?.ok !== false || !error) return `not an error body: ${said}`;
  if (error.code !== expected.code) return `expected code ${expected.code}, got ${said}`;
  if (typeof error.message !== 'string' || error.message.trim() === '') return `no message: ${said}`;
  if (expected.exact && !isDeepStrictEqual(error, expected.exact)) return `expected ${JSON.stringify(expected.exact).slice(0, 300)}, got ${said}`;
  if (expected.field !== undefined && error.field !== expected.field) return `expected field ${expected.field}, got ${said}`;
  return null;
}
