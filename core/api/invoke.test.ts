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
