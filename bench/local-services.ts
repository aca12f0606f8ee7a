/**
 * Throwaway servers for the comparison bench: a redis-server and a PostgreSQL cluster, each in a
 * fresh temp folder, listening on a free port of 127.0.0.1 only, stopped and removed after. The
 * bench installs nothing: a binary missing from PATH is reported as a reason to skip.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { accessSync, appendFileSync, chownSync, constants, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';

/** A running server, or why there is none. */
export type Started<T> = { ok: true; server: T } | { ok: false; reason: string };

export interface LocalRedis {
  port: number;
  version: string;
  /** How it was configured, as far as durability goes. */
  durability: string;
  stop(): Promise<void>;
}

export interface LocalPostgres {
  url: string;
  version: string;
  /** How it was configured, as far as durability goes. */
  durability: string;
  stop(): Promise<void>;
}

/** The first executable of that name on PATH. */
export function findOnPath(name: string): string | null {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    try {
      accessSync(join(dir, name), constants.X_OK);
      return join(dir, name);
    } catch {
      // not here
    }
  }
  return null;
}

/** A port nobody listens on right now (a small race with other programs, fine for a bench). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

function versionOf(binary: string): string {
  const out = spawnSync(binary, ['--version'], { encoding: 'utf8' }).stdout ?? '';
  return /(\d+\.\d+(\.\d+)?)/.exec(out)?.[1] ?? 'unknown version';
}

function waitForLine(child: ChildProcess, pattern: RegExp, what: string, timeoutMs = 20_000): Promise<void> {
  return new Promise((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(() => reject(new Error(`${what} did not start within ${timeoutMs} ms: ${seen.slice(-500)}`)), timeoutMs);
    const onData = (chunk: Buffer) => {
      seen += chunk.toString();
      if (!pattern.test(seen)) return;
      clearTimeout(timer);
      resolve();
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${what} exited with ${code}: ${seen.slice(-500)}`));
    });
  });
}

/**
 * redis-server as it ships (no config file): appendonly no, RDB snapshots on the default save
 * rules; or with `appendfsync always`, each write fsynced to the append-only file before it is
 * answered, the closest to our synchronous=FULL.
 */
export async function startRedis(mode: 'default' | 'aof-always'): Promise<Started<LocalRedis>> {
  const binary = findOnPath('redis-server');
  if (!binary) return { ok: false, reason: 'no redis-server on PATH' };
  const dir = mkdtempSync(join(tmpdir(), 'sentinel-bench-redis-'));
  const port = await freePort();
  const durable = mode === 'aof-always' ? ['--appendonly', 'yes', '--appendfsync', 'always'] : [];
  const child = spawn(binary, ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, ...durable], { stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null) child.kill('SIGTERM');
    await exited;
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await waitForLine(child, /Ready to accept connections/, 'redis-server');
  } catch (error) {
    await stop();
    return { ok: false, reason: (error as Error).message };
  }
  const durability =
    mode === 'aof-always'
      ? 'appendonly yes, appendfsync always (each write fsynced before the answer)'
      : 'appendonly no, RDB snapshots on the default rules (save 3600 1 300 100 60 10000): a crash of Redis or a power cut loses the writes since the last snapshot';
  return { ok: true, server: { port, version: versionOf(binary), durability, stop } };
}

/**
 * PostgreSQL refuses to run as root: as root the cluster belongs to the `postgres` user (or
 * `nobody`) and its commands run through runuser.
 */
function postgresUser(): { ids?: { uid: number; gid: number }; wrap: (cmd: string[]) => string[] } | { reason: string } {
  if (process.getuid?.() !== 0) return { wrap: (cmd) => cmd };
  const runuser = findOnPath('runuser');
  if (!runuser) return { reason: 'running as root and no runuser to start PostgreSQL as another user' };
  for (const name of ['postgres', 'nobody']) {
    const uid = Number(spawnSync('id', ['-u', name], { encoding: 'utf8' }).stdout);
    const gid = Number(spawnSync('id', ['-g', name], { encoding: 'utf8' }).stdout);
    if (uid > 0 && gid > 0) return { ids: { uid, gid }, wrap: (cmd) => [runuser, '-u', name, '--', ...cmd] };
  }
  return { reason: 'running as root and no postgres or nobody user to start PostgreSQL as' };
}

function run(cmd: string[]): void {
  const done = spawnSync(cmd[0]!, cmd.slice(1), { encoding: 'utf8' });
  if (done.status !== 0) throw new Error(`${cmd.join(' ')} failed: ${done.stderr || done.stdout}`);
}

/** initdb into a temp folder and pg_ctl start on a free port of 127.0.0.1, fsync and synchronous_commit as shipped (on). */
export async function startPostgres(): Promise<Started<LocalPostgres>> {
  const postgres = findOnPath('postgres');
  const initdb = findOnPath('initdb');
  const pgCtl = findOnPath('pg_ctl');
  if (!postgres || !initdb || !pgCtl) return { ok: false, reason: `no ${[!postgres && 'postgres', !initdb && 'initdb', !pgCtl && 'pg_ctl'].filter(Boolean).join(', ')} on PATH` };
  const user = postgresUser();
  if ('reason' in user) return { ok: false, reason: user.reason };
  const dir = mkdtempSync(join(tmpdir(), 'sentinel-bench-pg-'));
  if (user.ids) chownSync(dir, user.ids.uid, user.ids.gid);
  const data = join(dir, 'data');
  const port = await freePort();
  let started = false;
  const stop = async () => {
    const stopCommand = user.wrap([pgCtl, '-D', data, '-m', 'fast', '-w', 'stop']);
    if (started) spawnSync(stopCommand[0]!, stopCommand.slice(1));
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    run(user.wrap([initdb, '-D', data, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--no-locale']));
    // Loopback only, no Unix socket (its default folder may not be writable here).
    appendFileSync(data + '/postgresql.conf', `\nlisten_addresses = '127.0.0.1'\nport = ${port}\nunix_socket_directories = ''\n`);
    run(user.wrap([pgCtl, '-D', data, '-l', join(dir, 'postgres.log'), '-w', '-t', '30', 'start']));
    started = true;
  } catch (error) {
    await stop();
    return { ok: false, reason: (error as Error).message.slice(0, 300) };
  }
  return {
    ok: true,
    server: {
      url: `postgres://postgres@127.0.0.1:${port}/postgres`,
      version: versionOf(postgres),
      durability: 'fsync on, synchronous_commit on, full_page_writes on (as shipped): a commit is on disk before it is acknowledged',
      stop,
    },
  };
}
