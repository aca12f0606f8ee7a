import { describe, expect, it } from 'vitest';
import { silentLogger, type Logger } from '../logger.js';
import { createInvoker, type Handlers } from './invoke.js';

/** Every call's handler throws a plain error, as a bug would. */
const broken = new Proxy({} as Handlers, {
  get: () => () => {
    throw new Error('the handler broke');
  },
});

describe('an internal error', () => {
  it('names the log file when the logger writes to one', async () => {
    const logged: unknown[] = [];
    const logger: Logger = { ...silentLogger, error: (message, fields) => logged.push({ message, fields }), location: '/var/log/sentinel/sentinel.log' };
    const outcome = await createInvoker(broken, logger)('sync/status', {});
    expect(outcome).toEqual({
      ok: false,
      error: { code: 'internal', message: 'Something went wrong inside the app; the details are in its log (/var/log/sentinel/sentinel.log).' },
    });
    expect(logged).toEqual([{ message: 'call failed', fields: { call: 'sync/status', error: expect.stringContaining('the handler broke') } }]);
  });

  it('keeps to "its log" when the logger has no file', async () => {
    const outcome = await createInvoker(broken, silentLogger)('sync/status', {});
    expect(outcome).toEqual({ ok: false, error: { code: 'internal', message: 'Something went wrong inside the app; the details are in its log.' } });
  });
});

describe('arguments that are not an object', () => {
  /** Every call's handler answers, as a working one would: a refusal must come before it. */
  const answering = new Proxy({} as Handlers, { get: () => () => ({ count: 1 }) });

  it('runs a call sent without arguments as if it had {}', async () => {
    expect(await createInvoker(answering, silentLogger)('jobs/retry-all', undefined)).toEqual({ ok: true, data: { count: 1 } });
  });

  it('refuses null rather than reading it as no arguments, so a body of null changes nothing', async () => {
    for (const args of [null, [], 'x', 0, false]) {
      const outcome = await createInvoker(answering, silentLogger)('jobs/retry-all', args);
      expect(outcome, JSON.stringify(args)).toEqual({ ok: false, error: { code: 'invalid_argument', message: expect.stringContaining('expected object') } });
    }
  });
});
