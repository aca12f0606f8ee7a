import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createControlClient } from '../../../sandbox/control-client.js';
import { DEMO_CREDENTIALS } from '../../../sandbox/demo-credentials.js';
import { startSandbox, type Sandbox } from '../../../sandbox/server.js';
import { failureOf } from '../../testing/remote-failure.js';
import { createCloudbedsConnector, type CloudbedsConnectorOptions } from './cloudbeds.js';
import { parseHotelDetails } from './cloudbeds-parse.js';

const apiKey = DEMO_CREDENTIALS.cloudbeds.apiKey;

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, today: '2026-11-23' });
});
afterAll(() => sandbox.close());

const connector = (extra: Partial<CloudbedsConnectorOptions> = {}) =>
  createCloudbedsConnector({ baseURL: sandbox.baseUrls.cloudbeds, credentials: { kind: 'api-key', apiKey }, ...extra });

/** An answer as the v1.3 spec's GetHotelDetailsResponse has it, with fields the app does not read. */
const specAnswer = (data: Record<string, unknown> = {}) => ({
  success: true,
  data: {
    propertyID: '318267',
    organizationID: '41207',
    propertyName: 'Harbour Light Hotel',
    propertyType: 'Hotel',
    propertyImage: [{ thumb: 'https://example.com/t.jpg', image: 'https://example.com/i.jpg' }],
    propertyCurrency: { currencyCode: 'EUR', currencySymbol: '€', currencyPosition: 'after', currencyDecimalSeparator: ',', currencyThousandsSeparator: '.' },
    propertyPolicy: { propertyCheckInTime: '15:00', propertyLateCheckOutType: 'percent' },
    propertyAmenities: ['Wi-Fi'],
    ...data,
  },
});

describe('getHotelDetails', () => {
  it("reads the sandbox hotel's name and how it writes money, sending the property when one is set", async () => {
    const hotel = sandbox.hotel();
    const answer = await connector({ propertyId: hotel.propertyId }).getHotelDetails();
    expect(answer.httpStatus).toBe(200);
    expect(answer.requestId).toMatch(/\S/);
    expect(answer.data).toEqual({ propertyId: String(hotel.propertyId), name: hotel.name, currency: hotel.currency });
    // Another property's details are not this credential's to read.
    expect(await failureOf(connector({ propertyId: 4711 }).getHotelDetails())).toMatchObject({ kind: 'auth', message: expect.stringMatching(/property 4711/) });
  });

  it("needs credentials Cloudbeds accepts, and spends from the key's 5 requests a second like every method", async () => {
    const refused = await failureOf(connector({ credentials: { kind: 'api-key', apiKey: 'cbat_wrong_key_4711' } }).getHotelDetails());
    expect(refused).toMatchObject({ kind: 'auth', httpStatus: 401, message: expect.stringMatching(/Invalid API key/) });
    const control = createControlClient(sandbox.url);
    await control.reset();
    await control.limit('cloudbeds', { limit: 1, windowMs: 60_000 });
    try {
      const cloudbeds = connector();
      await cloudbeds.getHotelDetails();
      expect(await failureOf(cloudbeds.getHotelDetails())).toMatchObject({ kind: 'rate_limited', httpStatus: 429 });
    } finally {
      await control.reset();
    }
  });

  it('reads the shape of the spec, fields it does not know included, ids as numbers too', () => {
    expect(parseHotelDetails(specAnswer({ propertyID: 318267, propertyTimezone: 'Europe/Lisbon', somethingNew: { nested: true } }))).toEqual({
      propertyId: '318267',
      name: 'Harbour Light Hotel',
      currency: { code: 'EUR', symbol: '€', position: 'after', decimalSeparator: ',', thousandsSeparator: '.' },
    });
  });

  it('falls back on the usual way of writing money for parts of a currency Cloudbeds leaves out, and on none without a currency', () => {
    expect(parseHotelDetails(specAnswer({ propertyCurrency: { currencyCode: 'usd' } })).currency).toEqual({
      code: 'USD',
      symbol: 'USD',
      position: 'before',
      decimalSeparator: '.',
      thousandsSeparator: ',',
    });
    expect(parseHotelDetails(specAnswer({ propertyCurrency: { currencyCode: 'CHF', currencyThousandsSeparator: '' } })).currency?.thousandsSeparator).toBe('');
    expect(parseHotelDetails(specAnswer({ propertyCurrency: undefined })).currency).toBeNull();
  });

  it('refuses an answer it cannot read as a fault of the remote side, naming the field', () => {
    const refusal = (body: unknown) => {
      try {
        parseHotelDetails(body);
      } catch (error) {
        return error;
      }
      throw new Error('read an answer it should have refused');
    };
    const currency = specAnswer().data.propertyCurrency;
    expect(refusal(specAnswer({ propertyCurrency: { ...currency, currencyPosition: 'middle' } }))).toMatchObject({
      kind: 'server',
      message: expect.stringContaining('data.propertyCurrency.currencyPosition'),
    });
    expect(refusal(specAnswer({ propertyCurrency: { ...currency, currencyCode: 'euro' } }))).toMatchObject({
      message: expect.stringContaining('data.propertyCurrency.currencyCode is not a three-letter currency code'),
    });
    expect(refusal(specAnswer({ propertyName: '' }))).toMatchObject({ kind: 'server', message: expect.stringContaining('data.propertyName') });
    expect(refusal(specAnswer({ propertyName: { en: 'Harbour Light' } }))).toMatchObject({ message: expect.stringContaining('data.propertyName') });
    expect(refusal({ success: true, data: [specAnswer().data] })).toMatchObject({ kind: 'server', message: expect.stringContaining('data') });
    expect(refusal('<html>maintenance</html>')).toMatchObject({ kind: 'server' });
  });

  it('turns a malformed answer from the wire into a server error that keeps the request id', async () => {
    const server: Server = createServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json', 'x-request-id': 'req-garbled-1' });
      response.end(JSON.stringify(specAnswer({ propertyCurrency: { currencyCode: 'EUR', currencyPosition: 42 } })));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const error = await failureOf(createCloudbedsConnector({ baseURL: `http://127.0.0.1:${port}/api/v1.3`, credentials: { kind: 'api-key', apiKey } }).getHotelDetails());
      expect(error).toMatchObject({ kind: 'server', httpStatus: 200, requestId: 'req-garbled-1' });
      expect(error.message).toMatch(/unreadable answer: data\.propertyCurrency\.currencyPosition/);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
