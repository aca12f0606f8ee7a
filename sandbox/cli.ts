import { parseArgs } from 'node:util';
import { randomBytes } from 'node:crypto';
import { CONTROL_TOKEN_HEADER } from './control.js';
import { startSandbox } from './server.js';

/**
 * `npm run sandbox -- --port P [--host H] [--today YYYY-MM-DD] [--control-token T]`: the simulated
 * APIs, standalone. The control API wants the token (a fresh one, printed, unless given).
 */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '4318' },
      host: { type: 'string', default: '127.0.0.1' },
      today: { type: 'string' },
      'control-token': { type: 'string' },
    },
    strict: true,
  });
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new Error(`--port must be a port number, not "${values.port}"`);
  if (values.today !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(values.today)) throw new Error('--today must be YYYY-MM-DD');
  const controlToken = values['control-token'] ?? randomBytes(24).toString('base64url');
  const sandbox = await startSandbox({ port, host: values.host, controlToken, ...(values.today ? { today: values.today } : {}) });
  console.log(`sandbox listening on ${sandbox.url}`);
  for (const [name, url] of Object.entries(sandbox.baseUrls)) console.log(`  ${name.padEnd(12)} ${url}`);
  console.log(`  control      ${sandbox.url}/__sandbox/counters (header ${CONTROL_TOKEN_HEADER}: ${controlToken})`);
  const stop = () => void sandbox.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error((error as Error).message);
  process.exit(1);
});
