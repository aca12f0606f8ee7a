import { readFileSync } from 'node:fs';
import { Ajv, type ValidateFunction } from 'ajv';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CREDENTIALS } from '../demo-credentials.js';
import { isoDate } from '../kit.js';
import { startSandbox, type Sandbox } from '../server.js';

/**
 * The sandbox's Beds24 answers against the response schemas of Beds24's own OpenAPI file
 * (`fixtures/beds24-responses.json` says which parts, and how they were resolved), plus a check
 * that the sandbox sends no field the spec does not declare.
 */

interface Schema {
  properties?: Record<string, Schema>;
  allOf?: Schema[];
  items?: Schema;
}
const fixture = JSON.parse(readFileSync(new URL('./fixtures/beds24-responses.json', import.meta.url), 'utf8')) as {
  responses: Record<string, { from: string; schema: Schema }>;
};

const ajv = new Ajv({ strict: false, allErrors: true });
ajv.addFormat('date', { type: 'string', validate: (value: string) => isoDate(value) !== undefined });
ajv.addFormat('date-time', /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/);
// Beds24 sends "" for a booking without an email, so an empty string is allowed here.
ajv.addFormat('email', /^$|^[^\s@]+@[^\s@]+$/);
ajv.addFormat('double', { type: 'number', validate: () => true });
ajv.addFormat('int32', { type: 'number', validate: (value: number) => Number.isInteger(value) });
const validators = new Map<string, ValidateFunction>();

function validatorFor(name: string): ValidateFunction {
  const entry = fixture.responses[name];
  if (!entry) throw new Error(`No schema named ${name} in the fixture`);
  if (!validators.has(name)) validators.set(name, ajv.compile(entry.schema));
  return validators.get(name)!;
}

/** Schema errors of a body, as readable lines (empty when it conforms). */
function violations(name: string, body: unknown): string[] {
  const validate = validatorFor(name);
  return validate(body) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message}`);
}

/** Paths of fields the body has but the schema does not declare; `new`/`modified` are free-form. */
function undeclared(value: unknown, schema: Schema, path = '$'): string[] {
  const properties: Record<string, Schema[]> = {};
  const items: Schema[] = [];
  const visit = (part: Schema) => {
    for (const [key, child] of Object.entries(part.properties ?? {})) (properties[key] ??= []).push(child);
    if (part.items) items.push(part.items);
    part.allOf?.forEach(visit);
  };
  visit(schema);
  if (/\.(new|modified)$/.test(path)) return [];
  if (Array.isArray(value)) return value.flatMap((item, i) => items.flatMap((s) => undeclared(item, s, `${path}[${i}]`)));
  if (value === null || typeof value !== 'object' || Object.keys(properties).length === 0) return [];
  return Object.entries(value).flatMap(([key, child]) =>
    properties[key] ? properties[key].flatMap((s) => undeclared(child, s, `${path}.${key}`)) : [`${path}.${key}`],
  );
}

function expectConforms(name: string, body: unknown): void {
  expect(violations(name, body)).toEqual([]);
  expect(undeclared(body, fixture.responses[name]!.schema)).toEqual([]);
}

let sandbox: Sandbox;
let base: string;
let token: string;

async function call(path: string, init: { method?: string; body?: unknown; headers?: Record<string, string> } = {}) {
  const response = await fetch(`${base}${path}`, {
    method: init.method ?? 'GET',
    headers: { token, ...(init.body === undefined ? {} : { 'content-type': 'application/json' }), ...init.headers },
    ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
  });
  return { status: response.status, body: (await response.json()) as any };
}

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, today: '2026-11-23' });
  base = sandbox.baseUrls.beds24;
  const answer = await fetch(`${base}/authentication/token`, { headers: { refreshToken: DEMO_CREDENTIALS.beds24.refreshToken } });
  token = ((await answer.json()) as { token: string }).token;
});
afterAll(async () => {
  await sandbox.close();
});

describe('Beds24 sandbox conformance to apiV2.yaml', () => {
  it('answers GET /authentication/token and /authentication/setup as the spec says', async () => {
    const refreshed = await call('/authentication/token', { headers: { refreshToken: DEMO_CREDENTIALS.beds24.refreshToken } });
    expect(refreshed.status).toBe(200);
    expectConforms('GET /authentication/token 200', refreshed.body);
    expect(Object.keys(refreshed.body).sort()).toEqual(['expiresIn', 'token']);

    const setup = await call('/authentication/setup', { headers: { code: DEMO_CREDENTIALS.beds24.inviteCode } });
    expect(setup.status).toBe(200);
    expectConforms('GET /authentication/setup 200', setup.body);
    expect(Object.keys(setup.body).sort()).toEqual(['expiresIn', 'refreshToken', 'token']);
  });

  it('answers GET /bookings as the spec says, on every page and with cancelled bookings', async () => {
    const pages = [await call('/bookings'), await call('/bookings?page=2'), await call('/bookings?status=cancelled&status=confirmed')];
    for (const page of pages) {
      expect(page.status).toBe(200);
      expect(page.body.data.length).toBeGreaterThan(0);
      expectConforms('GET /bookings 200', page.body);
    }
    expect(pages[2]!.body.data.some((b: { status: string }) => b.status === 'cancelled')).toBe(true);
  });

  it('answers POST /bookings as the spec says, for new, modified and refused items', async () => {
    const existing = (await call('/bookings')).body.data[0].id as number;
    const answer = await call('/bookings', {
      method: 'POST',
      body: [
        { roomId: 77001, arrival: '2026-12-01', departure: '2026-12-03', firstName: 'Ana', apiReference: 'conf-1' },
        { id: existing, numAdult: 1, notes: 'late arrival' },
        { roomId: 1, arrival: '2026-12-03', departure: '2026-12-01', extraField: true },
      ],
    });
    expect(answer.status).toBe(201);
    expectConforms('POST /bookings 201', answer.body);
    expect(answer.body.map((item: { success: boolean }) => item.success)).toEqual([true, true, false]);

    // The booking just written reads back in the spec's shape too.
    expectConforms('GET /bookings 200', (await call('/bookings?apiReference=conf-1')).body);
  });

  it('answers GET /inventory/rooms/calendar as the spec says, with every include flag', async () => {
    await call('/inventory/rooms/calendar', {
      method: 'POST',
      body: [{ roomId: 77004, calendar: [{ from: '2026-12-02', to: '2026-12-04', price2: 180, override: 'noCheckIn', maxStay: 7 }] }],
    });
    const flags = ['includeNumAvail', 'includeMinStay', 'includeMaxStay', 'includeMultiplier', 'includeOverride', 'includePrices'];
    const answer = await call(`/inventory/rooms/calendar?startDate=2026-11-28&endDate=2027-03-10&${flags.map((f) => `${f}=true`).join('&')}`);
    expect(answer.status).toBe(200);
    expectConforms('GET /inventory/rooms/calendar 200', answer.body);
    const room = answer.body.data.find((r: { roomId: number }) => r.roomId === 77004);
    expect(room.calendar).toContainEqual(expect.objectContaining({ from: '2026-12-04', to: '2026-12-04', price2: 180, override: 'noCheckIn', maxStay: 7 }));
  });

  it('answers POST /inventory/rooms/calendar as the spec says, for accepted and refused items', async () => {
    const answer = await call('/inventory/rooms/calendar', {
      method: 'POST',
      body: [
        { roomId: 77001, calendar: [{ from: '2026-12-10', to: '2026-12-12', price1: 140, numAvail: 2 }] },
        { roomId: 77001, calendar: [{ from: '2026-12-10', to: '2026-12-12', price1: -1 }] },
      ],
    });
    expect(answer.status).toBe(201);
    expectConforms('POST /inventory/rooms/calendar 201', answer.body);
  });

  it('answers GET /properties as the spec says', async () => {
    const answer = await call('/properties?includeAllRooms=true');
    expect(answer.status).toBe(200);
    expectConforms('GET /properties 200', answer.body);
    expect(answer.body.data[0].roomTypes).toHaveLength(5);
  });

  it('answers errors in the spec error shape', async () => {
    const refused = await call('/bookings?status=gone');
    expect(refused.status).toBe(400);
    expectConforms('GET /bookings 400', refused.body);
    const unauthorised = await call('/bookings', { headers: { token: 'forged' } });
    expect(unauthorised.status).toBe(401);
    expectConforms('GET /bookings 400', unauthorised.body);
  });

  it('would catch a booking that breaks the spec, so the checks above can fail', async () => {
    const page = (await call('/bookings')).body;
    const withBooking = (change: Record<string, unknown>, drop?: string) => {
      const booking = { ...page.data[0], ...change };
      if (drop) delete booking[drop];
      return { ...page, data: [booking] };
    };
    expect(violations('GET /bookings 200', page)).toEqual([]);
    expect(violations('GET /bookings 200', withBooking({ status: 'canceled' }))).not.toEqual([]);
    expect(violations('GET /bookings 200', withBooking({ price: '120.00' }))).not.toEqual([]);
    expect(violations('GET /bookings 200', withBooking({ arrival: '2026-02-30' }))).not.toEqual([]);
    expect(violations('GET /bookings 200', withBooking({}, 'departure'))).not.toEqual([]);
    expect(violations('GET /bookings 200', { ...page, pages: { nextPageLink: null } })).not.toEqual([]);
    expect(undeclared(withBooking({ guestName: 'Ana Costa' }), fixture.responses['GET /bookings 200']!.schema)).toEqual(['$.data[0].guestName']);
  });
});
