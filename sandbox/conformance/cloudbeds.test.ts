import { readFileSync } from 'node:fs';
import { Ajv, type ValidateFunction } from 'ajv';
import axios from 'axios';
import qs from 'qs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../core/testing/manual-clock.js';
import { RATE_JOB_DELAY_MS } from '../apis/cloudbeds-rates.js';
import { createControlClient } from '../control-client.js';
import { DEMO_CREDENTIALS } from '../demo-credentials.js';
import { startSandbox, type Sandbox } from '../server.js';

/**
 * The simulated Cloudbeds answers, checked against the vendor's v1.3 response schemas (copied
 * into the fixture). The spec lists no required fields, so each schema is tightened here: the
 * fields the connector reads are required, and no object may carry a field the spec does not
 * declare (a misspelt `jobReferenceId` would otherwise pass unnoticed).
 */
type Schema = Record<string, any>;
const fixture = JSON.parse(readFileSync(new URL('./fixtures/cloudbeds-responses.json', import.meta.url), 'utf8')) as {
  responses: Record<string, { schema: Schema }>;
};

/** `data[].updates[]` → the schema of each update. */
function at(schema: Schema, path: string): Schema {
  let node = schema;
  for (const part of path.split('.').filter(Boolean)) {
    const name = part.replace(/\[\]$/, '');
    node = node.properties[name];
    if (part.endsWith('[]')) node = node.items;
    if (!node) throw new Error(`No ${path} in the schema`);
  }
  return node;
}

function closed(node: unknown): void {
  if (Array.isArray(node)) return node.forEach(closed);
  if (!node || typeof node !== 'object') return;
  const schema = node as Schema;
  if (schema.type === 'object' && schema.properties && schema.additionalProperties === undefined) schema.additionalProperties = false;
  Object.values(schema).forEach(closed);
}

/** Cloudbeds writes date-times as `YYYY-MM-DD HH:MM:SS` (NOTES.md), not RFC 3339. */
const ajv = new Ajv({ strict: false, allErrors: true });
ajv.addFormat('date', (value: string) => /^\d{4}-\d{2}-\d{2}$/.test(value) && new Date(`${value}T00:00:00Z`).toISOString().startsWith(value));
ajv.addFormat('date-time', /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
ajv.addFormat('time', /^\d{2}:\d{2}(:\d{2})?$/);

function validator(name: string, required: Record<string, string[]>, extra: Record<string, Schema> = {}): ValidateFunction {
  const schema = structuredClone(fixture.responses[name]!.schema);
  // Fields NOTES.md documents that this spec version leaves out.
  Object.assign(schema.properties, extra);
  for (const [path, fields] of Object.entries(required)) at(schema, path).required = fields;
  closed(schema);
  return ajv.compile(schema);
}

const schemas = {
  putRate: validator('putRate', { '': ['success', 'jobReferenceID'] }),
  putRateError: validator('putRate', { '': ['success', 'message'] }),
  getRateJobs: validator('getRateJobs', {
    '': ['success', 'data'],
    'data[]': ['jobReferenceID', 'dateCreated', 'status', 'updates'],
    'data[].updates[]': ['rateID', 'action', 'startDate', 'endDate'],
  }),
  getRatePlans: validator('getRatePlans', {
    '': ['success', 'data'],
    'data[]': ['rateID', 'isDerived', 'roomRate', 'roomTypeID'],
    'data[].roomRateDetailed[]': ['date', 'rateBase', 'totalRate', 'roomsAvailable'],
  }),
  getHotelDetails: validator('getHotelDetails', {
    '': ['success', 'data'],
    data: ['propertyID', 'propertyName', 'propertyCurrency'],
    'data.propertyCurrency': ['currencyCode', 'currencySymbol', 'currencyPosition', 'currencyDecimalSeparator', 'currencyThousandsSeparator'],
  }),
  getRoomTypes: validator(
    'getRoomTypes',
    { '': ['success', 'data', 'count', 'total'], 'data[]': ['roomTypeID', 'propertyID', 'roomTypeName', 'roomTypeNameShort', 'maxGuests'] },
    { count: { type: 'integer' }, total: { type: 'integer' } },
  ),
  getReservations: validator('getReservations', {
    '': ['success', 'data', 'count', 'total'],
    'data[]': ['propertyID', 'reservationID', 'dateCreated', 'dateModified', 'status', 'guestName', 'startDate', 'endDate', 'adults', 'children', 'balance', 'sourceID'],
  }),
  postReservation: validator('postReservation', { '': ['success', 'reservationID', 'status', 'startDate', 'endDate', 'grandTotal'] }),
  metadata: validator('metadata', { '': ['success', 'data'], data: ['api'], 'data.api': ['url'] }),
  accessToken: validator('accessToken', { '': ['access_token', 'token_type', 'expires_in', 'refresh_token'] }),
};

function conforms(validate: ValidateFunction, body: unknown): void {
  const valid = validate(body);
  expect(validate.errors ?? [], JSON.stringify(body).slice(0, 400)).toEqual([]);
  expect(valid).toBe(true);
}

const demo = DEMO_CREDENTIALS.cloudbeds;
/** The sandbox's time: a rate job completes when the test moves it, not after a sleep. */
const clock = new ManualClock(Date.parse('2026-11-23T09:00:00Z'));
let sandbox: Sandbox;
const headers = { 'x-api-key': demo.apiKey };
const get = (method: string, params: Record<string, unknown> = {}) =>
  axios.get(`${sandbox.baseUrls.cloudbeds}/${method}`, { params, paramsSerializer: { serialize: (p) => qs.stringify(p) }, headers, proxy: false });
const post = (method: string, form: Record<string, unknown>, extraHeaders: Record<string, string> = headers) =>
  axios.post(`${sandbox.baseUrls.cloudbeds}/${method}`, qs.stringify(form), { headers: { ...extraHeaders, 'content-type': 'application/x-www-form-urlencoded' }, proxy: false });

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, today: '2026-11-23', clock });
  await createControlClient(sandbox.url).limit('cloudbeds', { limit: 1000, windowMs: 1000 });
});
afterAll(async () => {
  await sandbox.close();
});

describe('the simulated Cloudbeds answers as the v1.3 spec describes', () => {
  it('putRate, and getRateJobs while in progress and after per-update errors', async () => {
    const pushed = await post('putRate', {
      rates: [
        { rateID: '900001', interval: [{ startDate: '2026-12-01', endDate: '2026-12-02', rate: '150' }] },
        { rateID: '910001', interval: [{ startDate: '2026-12-01', endDate: '2026-12-01', rate: '140', blocked: 'true' }] },
      ],
    });
    conforms(schemas.putRate, pushed.data);
    const reference = pushed.data.jobReferenceID as string;
    const early = await get('getRateJobs', { jobReferenceID: reference });
    expect(early.data.data[0].status).toBe('in_progress');
    conforms(schemas.getRateJobs, early.data);
    await clock.advance(RATE_JOB_DELAY_MS - 1);
    expect((await get('getRateJobs', { jobReferenceID: reference })).data.data[0].status).toBe('in_progress');
    await clock.advance(1);
    const done = await get('getRateJobs', { jobReferenceID: reference });
    expect(done.data.data[0].status).toBe('error');
    expect(done.data.data[0].updates[1].message).toMatch(/Derived rates are rejected/);
    conforms(schemas.getRateJobs, done.data);
    conforms(schemas.getRateJobs, (await get('getRateJobs')).data);
  });

  it('putRate errors, as success:false with a message', async () => {
    const refused = await post('putRate', { rates: [{ rateID: '900001', interval: [{ startDate: '2026-12-02', endDate: '2026-12-01', rate: '100' }] }] });
    expect(refused.data.success).toBe(false);
    conforms(schemas.putRateError, refused.data);
  });

  it('getRatePlans, with and without nightly detail', async () => {
    const detailed = await get('getRatePlans', { startDate: '2026-12-01', endDate: '2026-12-05', detailedRates: 'true' });
    expect(detailed.data.data).toHaveLength(10);
    conforms(schemas.getRatePlans, detailed.data);
    conforms(schemas.getRatePlans, (await get('getRatePlans', { startDate: '2026-12-01', endDate: '2026-12-02', roomTypeID: '501002' })).data);
  });

  it('getRatePlans with a night the plan has no rate for: rateBase null, as the spec allows', async () => {
    await createControlClient(sandbox.url).clearRates(900_002, ['2026-12-08']);
    const answer = await get('getRatePlans', { startDate: '2026-12-07', endDate: '2026-12-10', roomTypeID: '501002', detailedRates: 'true' });
    const nights = answer.data.data.map((plan: { roomRateDetailed: { date: string; rateBase: number | null }[] }) =>
      plan.roomRateDetailed.map((night) => night.rateBase === null),
    );
    // The base plan and the plan derived from it, each with the middle night unrated.
    expect(nights).toEqual([
      [false, true, false],
      [false, true, false],
    ]);
    conforms(schemas.getRatePlans, answer.data);
  });

  it('getHotelDetails, with and without the propertyID, and only with credentials', async () => {
    const answer = await get('getHotelDetails');
    conforms(schemas.getHotelDetails, answer.data);
    expect(answer.data.data).toMatchObject({
      propertyID: '318267',
      propertyName: sandbox.hotel().name,
      propertyCurrency: { currencyCode: 'EUR', currencySymbol: '€', currencyPosition: 'after', currencyDecimalSeparator: ',', currencyThousandsSeparator: '.' },
    });
    conforms(schemas.getHotelDetails, (await get('getHotelDetails', { propertyID: '318267' })).data);
    const foreign = await get('getHotelDetails', { propertyID: '4711' });
    expect(foreign.data).toEqual({ success: false, message: "You don't have permission to access property 4711" });
    const url = `${sandbox.baseUrls.cloudbeds}/getHotelDetails`;
    const anonymous = await axios.get(url, { proxy: false, validateStatus: () => true });
    expect(anonymous.status).toBe(401);
    expect(anonymous.data).toMatchObject({ success: false, message: expect.stringMatching(/Authentication required/) });
    const wrongKey = await axios.get(url, { headers: { 'x-api-key': 'cbat_wrong' }, proxy: false, validateStatus: () => true });
    expect([wrongKey.status, wrongKey.data.message]).toEqual([401, 'Invalid API key']);
  });

  it('getRoomTypes, a page at a time', async () => {
    const page = await get('getRoomTypes', { pageNumber: 2, pageSize: 2 });
    expect(page.data).toMatchObject({ count: 2, total: 5 });
    conforms(schemas.getRoomTypes, page.data);
  });

  it('getReservations, with and without thirdPartyIdentifier', async () => {
    const posted = await post('postReservation', {
      thirdPartyIdentifier: 'stays-AB12',
      startDate: '2027-02-02',
      endDate: '2027-02-05',
      guestFirstName: 'Rosa',
      guestLastName: 'Vidal',
      guestEmail: 'rosa.vidal@example.com',
      sourceID: 'ss-12-0',
      paymentMethod: 'credit',
      rooms: [{ roomTypeID: '501004', quantity: '1', roomRateID: '910004' }],
      adults: [{ roomTypeID: '501004', quantity: '2' }],
      children: [{ roomTypeID: '501004', quantity: '1' }],
    });
    expect(posted.data.success).toBe(true);
    conforms(schemas.postReservation, posted.data);

    const recent = await get('getReservations', { modifiedFrom: posted.data.dateCreated, modifiedTo: '2100-01-01 00:00:00' });
    expect(recent.data.data.map((r: { thirdPartyIdentifier?: string }) => r.thirdPartyIdentifier)).toEqual(['stays-AB12']);
    conforms(schemas.getReservations, recent.data);
    const seeded = await get('getReservations', { modifiedFrom: '2000-01-01 00:00:00', modifiedTo: '2100-01-01 00:00:00', status: 'confirmed' });
    expect(seeded.data.data.length).toBeGreaterThan(5);
    conforms(schemas.getReservations, seeded.data);
  });

  it('oauth/metadata and access_token', async () => {
    conforms(schemas.metadata, (await get('oauth/metadata')).data);
    const token = await post('access_token', { grant_type: 'refresh_token', client_id: demo.clientId, client_secret: demo.clientSecret, refresh_token: demo.refreshToken }, {});
    conforms(schemas.accessToken, token.data);
  });

  it('and the tightened schemas do refuse an answer that strays from the spec', async () => {
    const listed = (await get('getReservations', { modifiedFrom: '2000-01-01 00:00:00', modifiedTo: '2100-01-01 00:00:00', pageSize: 1 })).data;
    expect(schemas.getReservations({ ...listed, data: [{ ...listed.data[0], reservationID: 42 }] })).toBe(false);
    expect(schemas.getReservations({ ...listed, data: [{ ...listed.data[0], dateModified: '2026-11-23T08:00:00Z' }] })).toBe(false);
    expect(schemas.putRate({ success: true, jobReferenceId: 'x' })).toBe(false);
    // Only rateBase may be null in a night; totalRate may not.
    const plans = (await get('getRatePlans', { startDate: '2026-12-01', endDate: '2026-12-02', roomTypeID: '501001', detailedRates: 'true' })).data;
    const night = plans.data[0].roomRateDetailed[0];
    expect(schemas.getRatePlans({ ...plans, data: [{ ...plans.data[0], roomRateDetailed: [{ ...night, rateBase: null }] }] })).toBe(true);
    expect(schemas.getRatePlans({ ...plans, data: [{ ...plans.data[0], roomRateDetailed: [{ ...night, totalRate: null }] }] })).toBe(false);
    const details = (await get('getHotelDetails')).data;
    const currency = details.data.propertyCurrency;
    expect(schemas.getHotelDetails({ ...details, data: { ...details.data, propertyCurrency: { ...currency, currencyPosition: 'middle' } } })).toBe(false);
    expect(schemas.getHotelDetails({ ...details, data: { ...details.data, propertyTimezone: 'Europe/Lisbon' } })).toBe(false);
    const { reservationID: _dropped, ...withoutId } = listed.data[0];
    expect(schemas.getReservations({ ...listed, data: [withoutId] })).toBe(false);
  });
});
