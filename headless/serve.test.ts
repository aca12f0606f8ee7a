import Database from 'better-sqlite3';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { createCore, DATABASE_FILE } from '../core/core.js';
import { silentLogger } from '../core/logger.js';
import { openSecretFile, SECRETS_FILE } from './secret-file.js';

const packageRoot = fileURLToPath(new URL('..', import.meta.url));

interface Started {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<number | null>;
}

/** A token long enough for the host to take. */
const TOKEN = 'serve-test-token-0123456789abcdefgh';
const children: ChildProcess[] = [];
const dirs: string[] = [];
let blocker: Server | undefined;
afterEach(async () => {
  for (const child of children.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  await new Promise<void>((closed) => (blocker ? blocker.close(() => closed()) : closed()));
  blocker = undefined;
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'sentinel-serve-'));
  dirs.push(dir);
  return dir;
}

/** Runs the real entry from source, as `npm run serve` runs its build. */
function startServe(args: string[], extraEnv: Record<string, string> = {}): Started {
  const env: Record<string, string | undefined> = { ...process.env, ...extraEnv };
  delete env.SENTINEL_TOKEN;
  delete env.SENTINEL_DATA_DIR;
  const child = spawn(process.execPath, ['--import', 'tsx', 'headless/serve.ts', ...args], { cwd: packageRoot, env });
  children.push(child);
  let stdout = '';
  let stderr = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
  return { child, stdout: () => stdout, stderr: () => stderr, exited };
}

/** Waits for the `listening on` line and returns the origin it names. */
async function listeningOrigin(started: Started): Promise<string> {
  await expect.poll(() => started.stdout() + started.stderr(), { timeout: 15_000, interval: 50 }).toMatch(/listening on |cannot start/);
  const match = /^listening on (http:\/\/127\.0\.0\.1:\d+)$/m.exec(started.stdout());
  if (!match) throw new Error(`serve did not start:\n${started.stderr()}`);
  return match[1]!;
}

describe('serve (the headless entry point)', () => {
  it('starts from the command line, answers calls, and exits 0 on SIGTERM with an event stream open', async () => {
    const dataDir = await tempDir();
    const started = startServe(['--port', '0', '--data-dir', dataDir, '--token', TOKEN]);
    const origin = await listeningOrigin(started);
    expect(started.stdout()).toContain(`\nopen ${origin}/#token=${TOKEN}\n`);

    const headers = { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' };
    const response = await fetch(`${origin}/api/sync/status`, { method: 'POST', headers, body: '{}' });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ ok: true, data: { paused: false } });

    const stream = await fetch(`${origin}/api/events`, { headers });
    const reader = stream.body!.getReader();
    await reader.read();
    started.child.kill('SIGTERM');
    expect(await started.exited).toBe(0);
    // Shutdown ended the stream rather than leaving it hanging.
    for (;;) if ((await reader.read()).done) break;
  });

  it('creates a token in the data folder when none is given, and says where it is', async () => {
    const dataDir = await tempDir();
    const started = startServe(['--port', '0', '--data-dir', dataDir]);
    const origin = await listeningOrigin(started);
    const tokenFile = join(dataDir, 'api-token');
    const token = (await readFile(tokenFile, 'utf8')).trim();
    expect(started.stdout()).toContain(`open ${origin}/#token=${token}\n`);
    expect(started.stdout()).toContain(`new API token saved to ${tokenFile}`);
    if (process.platform !== 'win32') expect((await stat(tokenFile)).mode & 0o777).toBe(0o600);

    const response = await fetch(`${origin}/api/sync/status`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: '{}',
    });
    expect(response.status).toBe(200);
    started.child.kill('SIGINT');
    expect(await started.exited).toBe(0);
  });

  it('refuses a database written by a newer version with one line on stderr and exit code 1', async () => {
    const dataDir = await tempDir();
    await createCore({ dataDir, logger: silentLogger }).stop();
    const db = new Database(join(dataDir, DATABASE_FILE));
    db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(99, '0099_future.sql', Date.now());
    db.close();

    const started = startServe(['--port', '0', '--data-dir', dataDir, '--token', TOKEN]);
    expect(await started.exited).toBe(1);
    expect(started.stdout()).toBe('');
    expect(started.stderr()).toMatch(/^sentinel: cannot start: This database is at schema version 99, .*newer version.*\n$/);
  });

  it('says the port is taken, on one line, and exits 1', async () => {
    const dataDir = await tempDir();
    blocker = createServer();
    await new Promise<void>((listening) => blocker!.listen(0, '127.0.0.1', listening));
    const { port } = blocker.address() as AddressInfo;

    const started = startServe(['--port', String(port), '--data-dir', dataDir, '--token', TOKEN]);
    expect(await started.exited).toBe(1);
    expect(started.stderr()).toBe(
      `sentinel: cannot start: port ${port} on 127.0.0.1 is already in use; stop the other program or pass --port 0 for any free port\n`,
    );
  });

  it('writes its log to <data-dir>/logs/sentinel.log and stderr, from the --log-level up', async () => {
    const dataDir = await tempDir();
    const logFile = join(dataDir, 'logs', 'sentinel.log');
    const chatty = startServe(['--port', '0', '--data-dir', dataDir, '--token', TOKEN, '--log-level', 'debug']);
    const origin = await listeningOrigin(chatty);
    await fetch(`${origin}/api/sync/status`, { method: 'POST', headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' }, body: '{}' });
    chatty.child.kill('SIGTERM');
    expect(await chatty.exited).toBe(0);
    const entries = (await readFile(logFile, 'utf8')).trim().split('\n').map((line) => JSON.parse(line));
    expect(entries).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ level: 'debug', message: 'call answered', call: 'sync/status' }),
        expect.objectContaining({ level: 'info', message: 'stopping', signal: 'SIGTERM' }),
      ]),
    );
    expect(chatty.stderr()).toContain('"message":"stopping"');

    const quiet = startServe(['--port', '0', '--data-dir', dataDir, '--token', TOKEN, '--log-level', 'warn']);
    await listeningOrigin(quiet);
    quiet.child.kill('SIGTERM');
    expect(await quiet.exited).toBe(0);
    expect((await readFile(logFile, 'utf8')).match(/"message":"stopping"/g)).toHaveLength(1);
    expect(quiet.stderr()).toBe('');
  });

  it('explains a bad command line and exits 1', async () => {
    const started = startServe(['--port', 'eighty']);
    expect(await started.exited).toBe(1);
    expect(started.stderr()).toMatch(/^sentinel: --port must be a whole number/);
  });

  it('refuses to start when SENTINEL_SECRET_KEY does not open the secrets file, and changes nothing', async () => {
    const dataDir = await tempDir();
    openSecretFile({ dataDir, secretKey: 'the key it was saved with' }).set('connection:seam', '{"apiKey":"seam_live_secret_0815"}');
    const before = await readFile(join(dataDir, SECRETS_FILE));
    const started = startServe(['--port', '0', '--data-dir', dataDir, '--token', TOKEN], { SENTINEL_SECRET_KEY: 'a wrong key' });
    expect(await started.exited).toBe(1);
    expect(started.stdout()).toBe('');
    expect(started.stderr()).toMatch(/^sentinel: cannot start: SENTINEL_SECRET_KEY does not open .*secrets\.json: it is not the key the secrets were saved with\. Start with the right key; nothing was changed\n$/);
    expect((await readFile(join(dataDir, SECRETS_FILE))).equals(before)).toBe(true);
    // Nothing else was made but the log of the refusal: no database, no token.
    expect((await readdir(dataDir)).sort()).toEqual(['logs', SECRETS_FILE]);
  });

  it('refuses a --config file with a bad field, naming the file and the field', async () => {
    const dataDir = await tempDir();
    const config = join(dataDir, 'hotel.json');
    await writeFile(config, JSON.stringify({ property: { timeZone: 'Europe/Lisbon' }, connections: { seam: { mode: 'live', credentials: { apiKey: '' } } } }));
    const started = startServe(['--port', '0', '--data-dir', dataDir, '--token', TOKEN, '--config', config]);
    expect(await started.exited).toBe(1);
    expect(started.stderr()).toMatch(/^sentinel: cannot start: --config .*hotel\.json: connections\.seam\.credentials\.apiKey: /);
  });

  it('applies a --config file at start: property, schedules, a live system with its credentials, and the webhook listener with its secret', async () => {
    const dataDir = await tempDir();
    const webhookPort = await freePort();
    const config = join(dataDir, 'hotel.json');
    await writeFile(
      config,
      JSON.stringify({
        property: { hotelName: 'Casa Azul', timeZone: 'America/Los_Angeles' },
        schedules: { reconciliation: '15m' },
        connections: { seam: { mode: 'live', baseURL: 'http://127.0.0.1:9', credentials: { apiKey: 'seam_live_secret_0815' } } },
        channelWebhook: { enabled: true, port: webhookPort, secret: 'beds24-webhook-secret-4711' },
      }),
    );
    const started = startServe(['--port', '0', '--data-dir', dataDir, '--token', TOKEN, '--config', config], { SENTINEL_SECRET_KEY: 'server key' });
    const origin = await listeningOrigin(started);
    const headers = { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' };
    const answer = (await (await fetch(`${origin}/api/settings/get`, { method: 'POST', headers, body: '{}' })).json()) as { data: Record<string, any> };
    expect(answer.data.property).toMatchObject({ hotelName: 'Casa Azul', timeZone: 'America/Los_Angeles' });
    expect(answer.data.schedules.reconciliation).toBe('15m');
    expect(answer.data.connections.find((c: { system: string }) => c.system === 'seam')).toMatchObject({ mode: 'live', baseURL: 'http://127.0.0.1:9', credentials: { set: true } });
    expect(JSON.stringify(answer)).not.toContain('seam_live_secret_0815');
    expect(answer.data.channelWebhook).toMatchObject({ enabled: true, port: webhookPort, secret: { saved: true } });
    expect(JSON.stringify(answer)).not.toContain('beds24-webhook-secret-4711');
    // The listener comes up on its port (a moment after the start), and checks signatures there.
    const listenerState = async () =>
      ((await (await fetch(`${origin}/api/settings/get`, { method: 'POST', headers, body: '{}' })).json()) as { data: Record<string, any> }).data.channelWebhook.listener.state;
    await expect.poll(listenerState, { timeout: 10_000 }).toBe('listening');
    const unsigned = await fetch(`http://127.0.0.1:${webhookPort}/webhooks/beds24`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(unsigned.status).toBe(401);
    started.child.kill('SIGTERM');
    expect(await started.exited).toBe(0);
    const secrets = await readFile(join(dataDir, SECRETS_FILE), 'utf8');
    expect(secrets).not.toContain('seam_live_secret_0815');
    expect(secrets).not.toContain('beds24-webhook-secret-4711');
  });
});

/** A port of 127.0.0.1 free right now (the listener takes it a moment later). */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}
