import { readFileSync } from 'node:fs';
import { Ajv, type ValidateFunction } from 'ajv';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../core/testing/manual-clock.js';
import { useSandbox } from '../testing.js';
import { DEMO_CREDENTIALS } from '../demo-credentials.js';
import { SEAM_PROGRAMMING_MS } from '../apis/seam-access-codes.js';

// Schemas copied from the Seam spec (see the fixture's `spec` and each `source`).
const fixture = JSON.parse(readFileSync(new URL('./fixtures/seam-responses.json', import.meta.url), 'utf8')) as {
  responses: Record<string, { source: string; schema: Record<string, unknown> }>;
};

/** OpenAPI 3.0 → JSON Schema, just where Ajv differs: `nullable` without a `type` means "anything". */
function toJsonSchema(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(toJsonSchema);
  if (node === null || typeof node !== 'object') return node;
  const entries = Object.entries(node as Record<string, unknown>).map(([key, value]) => [key, toJsonSchema(value)] as const);
  const schema = Object.fromEntries(entries) as Record<string, unknown>;
  if (schema.nullable === true && schema.type === undefined) delete schema.nullable;
  return schema;
}

const ajv = new Ajv({ strict: false, allErrors: true });
// The spec's formats, checked rather than ignored.
ajv.addFormat('uuid', /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i);
ajv.addFormat('date-time', (value: string) => /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/i.test(value) && !Number.isNaN(Date.parse(value)));
ajv.addFormat('uri', (value: string) => URL.canParse(value));
ajv.addFormat('float', { type: 'number', validate: (value: number) => Number.isFinite(value) });

const validators = new Map<string, ValidateFunction>();
function validatorFor(name: string): ValidateFunction {
  const entry = fixture.responses[name];
  if (!entry) throw new Error(`No schema "${name}" in the fixture`);
  if (!validators.has(name)) validators.set(name, ajv.compile(toJsonSchema(entry.schema) as object));
  return validators.get(name)!;
}

function expectConforms(name: string, body: unknown): void {
  const validate = validatorFor(name);
  const valid = validate(body);
  expect(valid ? [] : validate.errors?.map((e) => `${e.instancePath} ${e.message ?? ''}`)).toEqual([]);
}

/** The sandbox's time: the locks finish programming when the test moves it, not after a sleep. */
const clock = new ManualClock();
const env = useSandbox({ clock });

async function call(path: string, body: unknown, apiKey: string = DEMO_CREDENTIALS.seam.apiKey) {
  const response = await fetch(`${env.sandbox.baseUrls.seam}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}
/** The lock has done the pending work. */
const settled = () => clock.advance(SEAM_PROGRAMMING_MS);
const hours = (n: number) => new Date(clock.now() + n * 3_600_000).toISOString();
const lock = () => env.sandbox.hotel().locks[0]!.deviceId;
const codeId = (answer: { body: Record<string, unknown> }) => (answer.body.access_code as { access_code_id: string }).access_code_id;

describe('the Seam sandbox’s answers against the Seam spec', () => {
  it('answers access_codes/create as the spec says, fresh and when replayed after the lock has the code', async () => {
    const body = { device_id: lock(), name: 'Guest Rossi · job 77', code: '4321', starts_at: hours(1), ends_at: hours(30) };
    const created = await call('/access_codes/create', body);
    expect(created.status).toBe(200);
    expectConforms('POST /access_codes/create 200', created.body);

    await settled();
    const replayed = await call('/access_codes/create', body);
    expect(replayed.body).toMatchObject({ access_code: { status: 'set' }, action_attempt: { status: 'success' } });
    expectConforms('POST /access_codes/create 200', replayed.body);
  });

  it('answers access_codes/get as the spec says while setting, set, updating and removing', async () => {
    const id = codeId(await call('/access_codes/create', { device_id: lock(), name: 'Guest Weber', starts_at: hours(2), ends_at: hours(26) }));
    const setting = await call('/access_codes/get', { access_code_id: id });
    await settled();
    const set = await call('/access_codes/get', { access_code_id: id });
    await call('/access_codes/update', { access_code_id: id, ends_at: hours(50), code: '987654', name: 'Guest Weber (late)' });
    const updating = await call('/access_codes/get', { access_code_id: id });
    await settled();
    await call('/access_codes/delete', { access_code_id: id });
    const removing = await call('/access_codes/get', { access_code_id: id });

    expect([setting, set, updating, removing].map((a) => (a.body.access_code as { status: string }).status)).toEqual(['setting', 'set', 'setting', 'removing']);
    expect((updating.body.access_code as { pending_mutations: unknown[] }).pending_mutations).toHaveLength(3);
    for (const answer of [setting, set, updating, removing]) expectConforms('POST /access_codes/get 200', answer.body);
  });

  it('answers access_codes/update and access_codes/delete with an action attempt, as the spec says', async () => {
    const id = codeId(await call('/access_codes/create', { device_id: lock(), name: 'Guest Novak', starts_at: hours(1), ends_at: hours(20) }));
    const updated = await call('/access_codes/update', { access_code_id: id, starts_at: hours(3) });
    const deleted = await call('/access_codes/delete', { access_code_id: id });
    await settled();
    const deletedAgain = await call('/access_codes/delete', { access_code_id: id });

    expect(updated.status).toBe(200);
    expectConforms('POST /access_codes/update 200', updated.body);
    expectConforms('POST /access_codes/delete 200', deleted.body);
    expect(deletedAgain.body).toMatchObject({ action_attempt: { status: 'success', result: {} } });
    expectConforms('POST /access_codes/delete 200', deletedAgain.body);
  });

  it('answers errors as {error:{type, message}}: invalid input, unknown device and code, bad key, limits and outages', async () => {
    const answers = [
      await call('/access_codes/create', { device_id: lock(), starts_at: hours(-3), ends_at: hours(3) }),
      await call('/access_codes/create', { device_id: '5ea1d0c0-0000-4000-8000-000000000000', starts_at: hours(1), ends_at: hours(3) }),
      await call('/access_codes/get', { access_code_id: '5ea1d0c0-0000-4000-8000-00000000abcd' }),
      await call('/access_codes/get', { access_code_id: 'x' }, 'seam_wrong_key'),
    ];
    await env.control.faults('seam', { burst429: { count: 1, retryAfterSeconds: 1 }, errorRate: 1 });
    answers.push(await call('/access_codes/get', { access_code_id: 'x' }), await call('/access_codes/get', { access_code_id: 'x' }));

    expect(answers.map((a) => a.status)).toEqual([400, 404, 404, 401, 429, 503]);
    for (const answer of answers) expectConforms('error 4xx/5xx', answer.body);
  });

  it('would notice a response that strays from the spec', () => {
    const validate = validatorFor('POST /access_codes/get 200');
    const good = {
      ok: true,
      access_code: {
        access_code_id: '5ea1d0c0-0000-4000-8000-000000000001',
        device_id: '5ea1d0c0-0000-4000-8000-000000000101',
        workspace_id: '0c3a6c2e-5e9d-4f0a-9b7e-2f1d8e6a4b10',
        common_code_key: null,
        type: 'time_bound',
        name: 'x',
        code: '1234',
        created_at: '2026-11-23T08:00:00.000Z',
        errors: [],
        warnings: [],
        is_managed: true,
        status: 'set',
        is_backup_access_code_available: false,
        is_external_modification_allowed: false,
        is_one_time_use: false,
        is_offline_access_code: false,
        pending_mutations: [],
      },
    };
    expect(validate(good)).toBe(true);
    expect(validate({ ...good, access_code: { ...good.access_code, status: 'programmed' } })).toBe(false);
    expect(validate({ ...good, access_code: { ...good.access_code, created_at: 'yesterday' } })).toBe(false);
    expect(validate({ ...good, access_code: { ...good.access_code, pending_mutations: [{ mutation_code: 'creating' }] } })).toBe(false);
    expect(validatorFor('error 4xx/5xx')({ error: { message: 'no type' } })).toBe(false);
  });
});
