/**
 * Entry point of the headless host: `node dist/headless/serve.js --port P --data-dir D`.
 * Runs the core without Electron and serves the contract and the built renderer over HTTP.
 */
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createCore, type Core } from '../core/core.js';
import { connectToSimulator, startDemo, type Demo } from '../demo/demo.js';
import { CONTROL_TOKEN_HEADER } from '../sandbox/control.js';
import { createFileLogger } from '../core/logging/file-logger.js';
import { MigrationError } from '../core/store/migrate.js';
import { applyHostConfig, readHostConfig } from './config-file.js';
import { startOsNotifier } from './os-notifier.js';
import { followWebhookListenerSetting, type WebhookListenerFollower } from './webhook-listener-follower.js';
import { openSecretFile, SecretFileError } from './secret-file.js';
import { loadOrCreateToken, LOGS_DIR, OptionsError, parseServeArgs, USAGE } from './options.js';
import { createHeadlessServer, type HeadlessServer } from './server.js';

/** The folder holding package.json, from source (`headless/`) or from the build (`dist/headless/`). */
function findPackageRoot(from = dirname(fileURLToPath(import.meta.url))): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) throw new Error(`No package.json found above ${from}`);
  }
}

function listen(server: Server, port: number, host: string): Promise<AddressInfo> {
  return new Promise((done, fail) => {
    server.once('error', fail);
    server.listen(port, host, () => {
      server.off('error', fail);
      done(server.address() as AddressInfo);
    });
  });
}

function urlHost(host: string): string {
  return host.includes(':') ? `[${host}]` : host;
}

/** One line a person can act on, whatever stopped the start. */
function describeStartFailure(error: unknown, port: number, host: string): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'EADDRINUSE') return `port ${port} on ${host} is already in use; stop the other program or pass --port 0 for any free port`;
  if (code === 'EADDRNOTAVAIL') return `${host} is not an address of this machine; pass --host 127.0.0.1`;
  if (code === 'EACCES') return `not allowed to listen on port ${port}; pick a port above 1023`;
  if (error instanceof MigrationError || error instanceof OptionsError || error instanceof SecretFileError) return error.message;
  return error instanceof Error ? error.message : String(error);
}

function fail(message: string): never {
  process.stderr.write(`sentinel: cannot start: ${message.replaceAll('\n', ' ')}\n`);
  process.exit(1);
}

async function main(): Promise<void> {
  let options;
  try {
    options = parseServeArgs(process.argv.slice(2), { env: process.env, homeDir: homedir(), cwd: process.cwd() });
  } catch (error) {
    if (!(error instanceof OptionsError)) throw error;
    process.stderr.write(`sentinel: ${error.message}\n`);
    process.exit(1);
  }
  if (options.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const { port, host, dataDir } = options;
  // Entries go to the file and, as before, to stderr (see USAGE).
  const logger = createFileLogger({ dir: join(dataDir, LOGS_DIR), level: options.logLevel, echo: true });

  let core: Core | undefined;
  let demo: Demo | undefined;
  let headless: HeadlessServer | undefined;
  let webhooks: WebhookListenerFollower | undefined;
  let tokenNote = '';
  try {
    // Checked before anything is written: a bad file or a wrong key changes nothing.
    const config = options.configPath ? readHostConfig(options.configPath) : undefined;
    const vault = openSecretFile({ dataDir, ...(options.secretKey !== undefined ? { secretKey: options.secretKey } : {}) });
    let token = options.token?.value;
    if (token === undefined) {
      const loaded = loadOrCreateToken(dataDir);
      token = loaded.value;
      if (loaded.source === 'generated') tokenNote = `new API token saved to ${loaded.path}`;
    }
    // Demo mode (no credentials yet): every system is the simulated hotel, started here, or
    // one already running elsewhere (--simulator); a system Settings switched to live uses the vendor.
    const connections = options.simulatorUrl ? await connectToSimulator(options.simulatorUrl) : (demo = await startDemo()).connections;
    // Beds24 webhooks are signed with a shared secret: the environment's, or, with the in-process
    // simulator, a fresh one it is told below. Without one, webhooks are refused and polling does it all.
    const webhookSecret = process.env.SENTINEL_BEDS24_WEBHOOK_SECRET || (demo ? randomBytes(24).toString('base64url') : null);
    // When Beds24 and Cloudbeds are polled for changed bookings: a cron pattern, or `off` (webhooks only); every 5 minutes by default.
    const pollSetting = process.env.SENTINEL_CHANNEL_POLL_CRON?.trim();
    const channel = { webhookSecret, ...(pollSetting ? { pollCron: pollSetting === 'off' ? null : pollSetting } : {}) };
    core = createCore({ dataDir, logger, connections, vault, channel, ...(options.timeZone ? { timeZone: options.timeZone } : {}) });
    if (config) await applyHostConfig(core, config, options.configPath!);
    // Off by default: Beds24 webhooks on a loopback port besides the main one (Settings), for a tunnel.
    webhooks = followWebhookListenerSetting(core, logger);
    if (options.osNotifications) startOsNotifier({ events: core.events, logger, wanted: core.settings.wantsOsNotification });
    await core.start();
    headless = createHeadlessServer({
      core,
      token,
      staticDir: join(findPackageRoot(), 'dist', 'renderer'),
      logger,
      extraHostnames: [host],
    });
    const address = await listen(headless.server, port, host);
    const origin = `http://${urlHost(host)}:${address.port}`;
    process.stdout.write(`listening on ${origin}\nopen ${origin}/#token=${encodeURIComponent(token)}\n`);
    if (tokenNote) process.stdout.write(`${tokenNote}\n`);
    if (demo) {
      const sandbox = demo.sandbox;
      if (webhookSecret) sandbox.configureBeds24Webhooks({ url: `http://127.0.0.1:${address.port}/webhooks/beds24`, secret: webhookSecret });
      process.stdout.write(
        `demo mode: the remote APIs are simulated at ${sandbox.url} (control: ${sandbox.url}/__sandbox/counters, header ${CONTROL_TOKEN_HEADER}: ${sandbox.controlToken})\n`,
      );
    } else {
      process.stdout.write(`demo mode: the remote APIs are simulated at ${options.simulatorUrl} (started elsewhere)\n`);
    }
    if (host !== '127.0.0.1' && host !== '::1' && host !== 'localhost') {
      logger.warn('listening beyond this machine: anyone on the network who has the token can use the API, over plain HTTP');
    }
  } catch (error) {
    // The database must be closed cleanly even when the port was the problem.
    await webhooks?.stop();
    await core?.stop().catch(() => {});
    await demo?.close().catch(() => {});
    fail(describeStartFailure(error, port, host));
  }

  const running = { core, host: headless, demo, webhooks };
  let stopping = false;
  const shutdown = (signal: NodeJS.Signals) => {
    if (stopping) {
      // A second Ctrl-C means "now": the queue is crash-safe, leases expire and jobs return.
      process.stderr.write(`sentinel: ${signal} again, exiting without waiting\n`);
      process.exit(1);
    }
    stopping = true;
    logger.info('stopping', { signal });
    // Stop taking requests (ending event streams) before the core, so no call meets a closed database.
    running.host
      .close()
      .then(() => running.webhooks.stop())
      .then(() => running.core.stop())
      .then(() => running.demo?.close())
      .then(
        () => process.exit(0),
        (error: unknown) => {
          process.stderr.write(`sentinel: stopping failed: ${error instanceof Error ? error.message : String(error)}\n`);
          process.exit(1);
        },
      );
  };
  process.on('SIGTERM', shutdown);
  process.on('SIGINT', shutdown);
}

await main();
